import t from 'tap'
import { layOut } from '../../src/image/grid.js'

t.test('layOut puts every grapheme at the column a terminal would', async (t) => {
  const cases: Array<[string, Array<[number, number, string, 'run' | 'glyph']>, number]> = [
    ['< hello world >', [[0, 1, '<', 'run'], [2, 5, 'hello', 'run'], [8, 5, 'world', 'run'], [14, 1, '>', 'run']], 15],
    ['  indented', [[2, 8, 'indented', 'run']], 10],
    ['中文x', [[0, 2, '中', 'glyph'], [2, 2, '文', 'glyph'], [4, 1, 'x', 'run']], 5],
    ['a🐄b', [[0, 1, 'a', 'run'], [1, 2, '🐄', 'glyph'], [3, 1, 'b', 'run']], 4],
    ['👨‍👩‍👧!', [[0, 2, '👨‍👩‍👧', 'glyph'], [2, 1, '!', 'run']], 3],
    ['cafe\u0301s', [[0, 3, 'caf', 'run'], [3, 1, 'e\u0301', 'glyph'], [4, 1, 's', 'run']], 5],
    ['a\u200Bb', [[0, 1, 'a', 'run'], [1, 1, 'b', 'run']], 2],
    ['x\u3000y', [[0, 1, 'x', 'run'], [3, 1, 'y', 'run']], 4],
    ['<&>"\'', [[0, 5, '<&>"\'', 'run']], 5],
    ['', [], 0]
  ]
  for (const [line, cells, columns] of cases) {
    const grid = layOut([line])
    t.same(grid.rows[0]?.map((cell) => [cell.column, cell.columns, cell.text, cell.kind]), cells, JSON.stringify(line))
    t.equal(grid.columns, columns, `${JSON.stringify(line)} is ${columns} columns wide`)
  }
})

t.test('layOut measures the widest row', async (t) => {
  const grid = layOut(['ab', '中文字', ''])
  t.equal(grid.rows.length, 3)
  t.equal(grid.columns, 6)
})

t.test('layOut reads SGR escapes: they take no column, and become styles and background fills', async (t) => {
  const E = '\u001B'
  const grid = layOut([`${E}[1;31m<${E}[0m ${E}[38;5;208mhi${E}[48;2;1;2;3m中 ${E}[0m>`, `${E}[44m  ${E}[49mx`])
  t.equal(grid.columns, 8, 'measured without the escapes')
  t.ok(grid.colored)
  t.same(grid.rows[0]?.map((cell) => [cell.column, cell.text, cell.style.fg, cell.style.bold]), [
    [0, '<', 1, true], [2, 'hi', 208, false], [4, '中', 208, false], [7, '>', null, false]
  ])
  t.same(grid.fills, [{ row: 0, column: 4, columns: 3, color: '#010203' }, { row: 1, column: 0, columns: 2, color: 4 }], 'backgrounds, spaces included')
  t.same(grid.rows[1]?.map((cell) => [cell.column, cell.text]), [[2, 'x']])
  const plain = layOut(['< hi >'])
  t.notOk(plain.colored, 'a drawing without escapes is colourless')
  t.same(plain.fills, [])
  t.notOk(layOut([`${E}[0mplain${E}[m`]).colored, 'escapes that style nothing colour nothing')
})
