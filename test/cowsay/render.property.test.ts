import t from 'tap'
import { isDeepStrictEqual } from 'node:util'
import fc from 'fast-check'
import stringWidth from 'string-width'
import { stripAnsi } from '../../src/cowsay/sgr.js'
import { renderCow, type CowOptions } from '../../src/cowsay/index.js'
import { SEED, cowOptions, messageText } from '../support/arbitraries.js'

const RUNS = 300
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/** Grapheme clusters that are not white space: what must come out of the balloon whole and in order. */
const visibleGraphemes = (text: string): string[] =>
  [...segmenter.segment(text)].map(({ segment }) => segment).filter((segment) => !/^\s/u.test(segment))

/** The balloon's rows (between the borders), and the text inside each row. */
function balloonOf (drawing: string): { top: string, rows: string[], bottom: string, contents: string[] } {
  const lines = drawing.split('\n')
  const end = lines.findIndex((line, index) => index > 0 && /^ -+$/.test(line))
  const rows = lines.slice(1, end)
  return { top: lines[0] ?? '', rows, bottom: lines[end] ?? '', contents: rows.map((row) => row.slice(2, -2)) }
}

/** Each rule throws with its name, so a failure says which one broke, for which (shrunk) input. */
function rule (name: string, holds: boolean): void {
  if (!holds) throw new Error(`broken rule: ${name}`)
}

function checkDrawing (text: string, options: CowOptions): void {
  let drawing = ''
  try {
    drawing = renderCow(text, options)
  } catch (error) {
    rule(`rendering never throws (${String(error)})`, false)
  }
  rule('the drawing ends with a newline', drawing.endsWith('\n'))
  // A colour adds escapes and nothing else: the layout below is the colourless drawing's.
  if (options.color !== '') {
    const colourless = renderCow(text, { ...options, color: '' })
    rule('a colour only adds escapes', stripAnsi(drawing) === colourless && drawing !== colourless)
    drawing = colourless
  }

  const { top, rows, bottom, contents } = balloonOf(drawing)
  const widths = new Set(rows.map((row) => stringWidth(row)))
  const [rowWidth = -1] = widths
  rule('the balloon has at least one row', rows.length >= 1)
  rule('every balloon row has the same display width', widths.size === 1)
  rule('the borders are as wide as the rows', stringWidth(top) === rowWidth - 1 && stringWidth(bottom) === rowWidth - 1)

  // Line by line: a line break always ends a grapheme (and ICU is slow on long padded strings).
  const shown = contents.flatMap((line) => visibleGraphemes(line.trimEnd()))
  rule('no grapheme is split, replaced, lost or reordered', isDeepStrictEqual(shown, visibleGraphemes(text)))
  rule('no replacement character appears', !contents.some((line) => line.includes('\uFFFD')) || text.includes('\uFFFD'))

  if (!options.nowrap) {
    const widest = Math.max(1, ...shown.map((grapheme) => stringWidth(grapheme)))
    // Like Perl's Text::Wrap, a paragraph's last line may keep one trailing separator.
    rule('wrapped lines fit the width (or hold one grapheme wider than it)',
      contents.every((line) => stringWidth(line.trimEnd()) <= Math.max(options.width - 1, widest)))
  }
}

t.test('any message within the limits, with any valid options, renders whole and aligned', async (t) => {
  t.comment(`fast-check seed ${SEED}, ${RUNS} runs`)
  fc.assert(fc.property(messageText, cowOptions, (text, options) => checkDrawing(text, options)), { seed: SEED, numRuns: RUNS })
  t.pass('never throws; one display width for every balloon line and its borders; every grapheme whole and in order; wrapped lines within the width')
})

t.test('the rules catch a broken drawing', async (t) => {
  // A test that cannot fail proves nothing: each rule rejects a drawing that breaks it.
  const options: CowOptions = { action: 'say', cow: 'default', mode: null, eyes: 'oo', tongue: '  ', width: 40, nowrap: false, cowfile: null, color: '' }
  t.throws(() => rule('x', false), /broken rule: x/)
  const split = balloonOf(' ___\n< e >\n| \u0301 |\n ---\n')
  t.notSame(split.contents.flatMap((line) => visibleGraphemes(line.trimEnd())), visibleGraphemes('e\u0301'), 'a split accent is seen')
  const ragged = balloonOf(' ____\n/ 中 \\\n\\ a /\n ----\n')
  t.equal(new Set(ragged.rows.map((row) => stringWidth(row))).size, 2, 'a ragged balloon is seen')
  t.doesNotThrow(() => checkDrawing('hello 中文 🐄 e\u0301', options))
})
