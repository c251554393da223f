import t from 'tap'
import type { Element } from '@xmldom/xmldom'
import { DEFAULT_OPTIONS, renderCow } from '../../src/cowsay/index.js'
import { SURFACE, colorHex } from '../../src/image/palette.js'
import { colorize } from '../../src/cowsay/color.js'
import { parseAnsi } from '../../src/cowsay/sgr.js'
import { displayWidth } from '../../src/cowsay/width.js'
import { COLUMN_WIDTH, LINE_HEIGHT, PADDING, drawingSvg, svgSize } from '../../src/image/svg.js'
import { elements, externalReferences, parseSvg } from '../support/pictures.js'

const ESC = '\u001B'
const drawingOf = (text: string, options: Partial<typeof DEFAULT_OPTIONS> = {}): string[] =>
  renderCow(text, { ...DEFAULT_OPTIONS, ...options }).replace(/\n$/, '').split('\n')

/** Puts each <tspan> back at the column its x names: what a terminal would show on that row. */
function rowText (text: Element): string {
  const cells: string[] = []
  for (const tspan of elements(text, 'tspan')) {
    const content = tspan.textContent ?? ''
    const x = Number(tspan.getAttribute('x'))
    const width = displayWidth(content)
    const column = Math.round(tspan.getAttribute('text-anchor') === 'middle' ? x / COLUMN_WIDTH - width / 2 : x / COLUMN_WIDTH)
    while (cells.length < column) cells.push(' ')
    cells[column] = content
    for (let filler = 1; filler < width; filler++) cells[column + filler] = ''
  }
  return cells.join('')
}

const MESSAGES = {
  ASCII: 'Hello, world: <b>&amp;</b> "quotes" \'and\' \\backslashes/',
  CJK: '中文字 日本語のテキスト 한국어',
  emoji: '🐄 moo 🎉👨‍👩‍👧 ❤️ 🇫🇷',
  'a missing glyph': 'hieroglyph 𓀀 here'
}

t.test('drawingSvg is a well-formed SVG with one text row per drawing line, on the grid', async (t) => {
  for (const [name, message] of Object.entries(MESSAGES)) {
    for (const options of [{}, { cow: 'tux', action: 'think' as const }, { width: 10 }]) {
      const lines = drawingOf(message, options)
      const image = drawingSvg(lines, `The cow says: ${message}`)
      const document = parseSvg(image.svg)
      const root = document.documentElement
      t.equal(root?.localName, 'svg', `${name}: an <svg> root`)
      t.equal(root?.getAttribute('xmlns'), 'http://www.w3.org/2000/svg')
      t.equal(root?.getAttribute('viewBox'), `0 0 ${image.width} ${image.height}`, `${name}: a viewBox, so it scales`)
      t.equal(root?.getAttribute('width'), String(image.width))
      t.equal(root?.getAttribute('height'), String(image.height))
      const rows = elements(document, 'text')
      t.equal(rows.length, lines.length, `${name}: one <text> per line`)
      t.same(rows.map(rowText), lines.map((line) => line.trimEnd()), `${name} ${JSON.stringify(options)}: every piece at its column`)
      t.same(rows.map((row) => Number(row.getAttribute('y'))), lines.map((_, i) => PADDING + i * LINE_HEIGHT + 15), `${name}: one line height apart`)
      t.same(externalReferences(document), [], `${name}: no external references`)
      t.equal(elements(document, 'title')[0]?.textContent, `The cow says: ${message}`, `${name}: the message is its accessible name`)
    }
  }
})

t.test('drawingSvg escapes what it is given', async (t) => {
  const hostile = '</tspan></text><script>alert(1)</script><image href="http://evil.test/x.png"/>'
  const image = drawingSvg(drawingOf(hostile, { width: 200 }), hostile)
  const document = parseSvg(image.svg)
  t.same(elements(document, 'script'), [], 'no script element')
  t.same(elements(document, 'image'), [], 'no image element')
  t.same(externalReferences(document), [])
  t.equal(elements(document, 'title')[0]?.textContent, hostile)
  t.match(rowText(elements(document, 'text')[1] as Element), hostile)
})

t.test('drawingSvg draws a card of its own, so it reads on light and dark pages', async (t) => {
  const document = parseSvg(drawingSvg(drawingOf('moo'), 'moo').svg)
  const card = elements(document, 'rect')[0]
  const ink = elements(document, 'g')[0]
  t.ok(card, 'a background rectangle')
  t.match(card?.getAttribute('fill'), /^#f[0-9a-f]{5}$/, 'a light card')
  t.ok(card?.getAttribute('stroke'), 'with an edge, for white pages')
  t.match(ink?.getAttribute('fill'), /^#[0-3][0-9a-f]{5}$/, 'dark ink')
  t.match(ink?.getAttribute('font-family'), /^'DejaVu Sans Mono'.*monospace$/)
})

t.test('the size follows the drawing: padding around columns and lines', async (t) => {
  const cases: Array<[string, Partial<typeof DEFAULT_OPTIONS>]> = [['moo', {}], ['中文 🐄', {}], ['x'.repeat(300), { width: 100 }], ['a'.repeat(50), { width: 2 }]]
  for (const [text, options] of cases) {
    const lines = drawingOf(text, options)
    const columns = Math.max(...lines.map(displayWidth))
    const size = svgSize(lines)
    t.same(size, { width: Math.ceil(columns * COLUMN_WIDTH + 2 * PADDING), height: lines.length * LINE_HEIGHT + 2 * PADDING }, `${text.slice(0, 10)} ${JSON.stringify(options)}`)
    const image = drawingSvg(lines, text)
    t.same({ width: image.width, height: image.height }, size, 'svgSize is drawingSvg\'s size')
  }
  t.ok(svgSize(drawingOf('a wider message than that')).width > svgSize(drawingOf('moo')).width)
})

t.test('a coloured drawing: the terminal surface, every piece in its colour, backgrounds under them', async (t) => {
  const plain = drawingOf('Colour me 中文')
  const lines = colorize(plain.join('\n'), { scheme: 'rainbow', bold: true }).split('\n')
  const document = parseSvg(drawingSvg([...lines, `${ESC}[48;5;208m  ${ESC}[49m`], 'colour').svg)
  t.same(elements(document, 'text').map(rowText).slice(0, plain.length), plain.map((line) => line.trimEnd()), 'every piece at its column, escapes taking none')
  const card = elements(document, 'rect')[0]
  t.equal(card?.getAttribute('fill'), SURFACE.background, 'drawn on the dark surface its colours are chosen for')
  // Each piece's fill is the colour its escapes name, cell by cell.
  const expected = parseAnsi(lines.join('\n')).flatMap((spans) => spans.filter((span) => span.style.fg !== null).map((span) => colorHex(span.style.fg ?? 0)))
  const painted = elements(document, 'tspan').map((tspan) => tspan.getAttribute('fill'))
  t.same(painted.filter((fill) => fill !== null && fill !== ''), expected)
  t.ok(elements(document, 'tspan').every((tspan) => tspan.getAttribute('font-weight') === 'bold'), 'bold')
  t.ok(elements(document, 'rect').some((rect) => rect.getAttribute('fill') === '#ff8700' && rect.getAttribute('height') === String(LINE_HEIGHT)), 'a background is a rectangle on its cells')
  t.equal(elements(parseSvg(drawingSvg(plain, 'plain').svg), 'rect')[0]?.getAttribute('fill'), '#fdfcf7', 'a colourless drawing keeps the light card')
})
