import t from 'tap'
import stringWidth from 'string-width'
import { displayWidth } from '../../src/cowsay/index.js'
import { graphemes } from '../../src/cowsay/width.js'
import { quote } from '../support/quote.js'
import { WIDTHS_AGREED, WIDTHS_DISPUTED } from '../support/width-corpus.js'

t.test('displayWidth agrees with glibc on what people type', async t => {
  for (const [text, columns] of WIDTHS_AGREED) {
    t.equal(displayWidth(text), columns, quote(text))
  }
})

t.test('displayWidth where it deliberately differs from glibc', async t => {
  for (const { text, ours, why } of WIDTHS_DISPUTED) {
    t.equal(displayWidth(text), ours, `${quote(text)}: ${why}`)
  }
})

t.test('displayWidth of nothing is 0', async t => {
  t.equal(displayWidth(''), 0)
})

t.test('displayWidth is string-width\'s answer, memoised or not', async t => {
  const texts = [
    ...WIDTHS_AGREED.map(([text]) => text),
    ...WIDTHS_DISPUTED.map(({ text }) => text),
    'a longer line mixing 中文, 👨‍👩‍👧, cafe\u0301 and 🇫🇷 well past the cache limit',
    '\u001B[1mbold\u001B[22m and 中文',
    '中'.repeat(300)
  ]
  for (let round = 0; round < 2; round++) {
    for (const text of texts) t.equal(displayWidth(text), stringWidth(text), `${quote(text)}, round ${round}`)
  }
  // More distinct characters than the cache holds: it empties and goes on giving right answers.
  const manyCharacters = Array.from({ length: 6000 }, (_, index) => String.fromCodePoint(0x4E00 + index)).join('')
  t.equal(displayWidth(manyCharacters), 12000, '6,000 distinct CJK characters')
  t.equal(displayWidth('中文'), 4, 'still right after the cache was emptied')
})

t.test('graphemes keeps clusters whole', async t => {
  const rows: Array<[text: string, expected: string[]]> = [
    ['abc', ['a', 'b', 'c']],
    ['e\u0301x', ['e\u0301', 'x']],
    ['👨‍👩‍👧!', ['👨‍👩‍👧', '!']],
    ['🇫🇷🇩🇪', ['🇫🇷', '🇩🇪']],
    ['中 文', ['中', ' ', '文']],
    ['', []]
  ]
  for (const [text, expected] of rows) t.same(graphemes(text), expected, quote(text))
})
