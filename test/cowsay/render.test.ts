import t from 'tap'
import { DEFAULT_OPTIONS, displayWidth, renderCow, type CowOptions } from '../../src/cowsay/index.js'
import { graphemes } from '../../src/cowsay/width.js'
import { quote } from '../support/quote.js'

const options = (overrides: Partial<CowOptions>): CowOptions => ({ ...DEFAULT_OPTIONS, ...overrides })

const COW = String.raw`        \   ^__^
         \  (oo)\_______
            (__)\       )\/\
                ||----w |
                ||     ||
`

t.test('renderCow draws the whole picture, ending with a newline', async t => {
  const rows: Array<[name: string, text: string, overrides: Partial<CowOptions>, expected: string]> = [
    ['the classic', 'moo', {}, ' _____\n< moo >\n -----\n' + COW],
    ['an empty message', '', {}, ' __\n<  >\n --\n' + COW],
    ['a wrapped message', 'the quick brown fox jumps over the lazy dog', { width: 20 },
      ' _____________________\n/ the quick brown fox \\\n| jumps over the lazy |\n\\ dog                 /\n ---------------------\n' + COW],
    ['cowthink', 'hmm', { action: 'think' },
      ' _____\n( hmm )\n -----\n' + COW.replaceAll('\\   ^', 'o   ^').replace('\\  (', 'o  (')],
    ['a mode', 'x', { mode: 'dead' },
      ' ___\n< x >\n ---\n' + COW.replace('(oo)', '(xx)').replace('                ||----w', '             U  ||----w')],
    ['tux thinking', 'I think, therefore I am a cow', { action: 'think', cow: 'tux', width: 20 }, [
      ' ____________________', '( I think, therefore )', '( I am a cow         )', ' --------------------',
      '   o', '    o', '        .--.', '       |o_o |', '       |:_/ |', '      //   \\ \\', '     (|     | )',
      "    /'\\_   _/`\\", '    \\___)=(___/', '', ''].join('\n')]
  ]
  for (const [name, text, overrides, expected] of rows) t.equal(renderCow(text, options(overrides)), expected, name)
})

// The rules that are ours rather than Perl's, checked over many widths: lines are measured in
// columns, a grapheme cluster is never cut, and nothing is lost or garbled.
t.test('wide characters: columns, whole clusters, nothing lost', async t => {
  const messages = [
    '中文字符测试 日本語のテキスト 한국어 텍스트',
    '👨‍👩‍👧 family 👨‍👩‍👧👨‍👩‍👧 🇫🇷🇩🇪 flags 👍🏽 ❤️',
    'cafe\u0301 cre\u0300me bru\u0302le\u0301e Z\u0351\u0362a\u0322l\u0328go',
    '🐄🎉😀 mixed ascii 中文 and e\u0301 🐄🐄🐄🐄🐄🐄'
  ]
  for (const text of messages) {
    for (let width = 2; width <= 40; width++) {
      const output = renderCow(text, options({ width }))
      const lines = output.split('\n')
      const framed = lines.slice(1, lines.findIndex(line => /^ -+$/.test(line)))
      const inner = framed.map(row => row.slice(2, -2))
      const widest = Math.max(...graphemes(text).map(displayWidth))
      const name = `${quote(text)} at width ${width}`
      t.ok(framed.every(row => displayWidth(row) === displayWidth(framed[0])), `${name}: the frame is straight`)
      t.ok(inner.every(line => displayWidth(line.trimEnd()) <= Math.max(width - 1, widest)), `${name}: lines fit`)
      t.notMatch(output, /\uFFFD|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/, `${name}: no broken character`)
      const clusters = (s: string): string[] => graphemes(s).filter(cluster => cluster.trim() !== '')
      t.same(clusters(inner.join('')), clusters(text), `${name}: every cluster kept, in order`)
    }
  }
})

t.test('renderCow copes with what Perl cannot', async t => {
  // Text::Wrap dies ("This shouldn't happen") on a paragraph starting with a combining mark.
  t.equal(renderCow('\u0301abc', DEFAULT_OPTIONS), ' _____\n< \u0301abc >\n -----\n' + COW)
  // Perl's -W 1 prints "3"; our smallest width still draws one cluster a line.
  t.equal(renderCow('ab', options({ width: 1 })), ' ___\n/ a \\\n\\ b /\n ---\n' + COW)
})

t.test('renderCow never throws or garbles, whatever the characters (seeded fuzz)', async t => {
  let state = 2024
  const random = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0
    return state / 2 ** 32
  }
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]
  const pool = [
    ...'abc xyz.,!?', 'é', 'e\u0301', '\u0301', '\u0308\u0323', 'Ж', 'Ω', '中', '日', 'ｱ', 'Ａ', '한', '\u1100', '\u1161', '\u11A8',
    '🐄', '🎉', '❤', '\uFE0F', '\u200D', '👨', '👩', '🏽', '🇫', '🇷', '#', '\u20E3', '🫨', '\u00AD', '\u0600', '\u200B',
    '\uE000', '\uE003', '\u0378', ' ', ' ', ' ', '\t', '\n', '\n', '\u00A0', '\u2003', '\u3000', '\u2028', '\uFEFF'
  ]
  for (let round = 0; round < 300; round++) {
    const text = Array.from({ length: Math.floor(random() * 60) }, () => pick(pool)).join('')
    const overrides: Partial<CowOptions> = {
      width: 2 + Math.floor(random() * 60),
      nowrap: random() < 0.3,
      action: random() < 0.5 ? 'say' : 'think',
      eyes: pick(pool) + pick(pool),
      tongue: pick(pool)
    }
    const name = `${quote(text)} ${quote(JSON.stringify(overrides))}`
    let output = ''
    t.doesNotThrow(() => { output = renderCow(text, options(overrides)) }, name)
    t.ok(output.endsWith('\n'), `${name}: ends with a newline`)
    t.notMatch(output, /\uFFFD|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/, `${name}: no broken character`)
  }
})

t.test('renderCow stays fast on the longest messages', async t => {
  const longest = [
    'x'.repeat(1000),
    '👨‍👩‍👧'.repeat(200),
    'a '.repeat(500),
    'e\u0301'.repeat(500),
    '\n'.repeat(1000),
    '中'.repeat(1000)
  ]
  const started = performance.now()
  for (const text of longest) {
    for (const width of [2, 40, 200]) {
      for (const nowrap of [false, true]) renderCow(text, options({ width, nowrap }))
    }
  }
  const elapsed = performance.now() - started
  t.ok(elapsed < 2000, `36 worst-case renders took ${elapsed.toFixed(0)} ms`)
})
