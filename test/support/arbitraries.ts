import fc from 'fast-check'
import { MODES, listCows, type CowOptions } from '../../src/cowsay/index.js'
import { MAX_TEXT_LENGTH, checkMessage } from '../../src/cowsay/index.js'

/** Fixed seeds keep CI reproducible; a failure prints its seed and counterexample. */
export const SEED = 20261126

/** Graphemes people type, weighted towards the ones that break renderers. */
const tricky = fc.constantFrom(
  'e\u0301', 'n\u0303\u0323', '中', '文', '字', 'ｈ', '🐄', '❤️', '👍🏽', '1️⃣', '🇫🇷', '👨‍👩‍👧', '🫨',
  'ﷺ', 'ß', 'Ω', 'й', '\u00A0', '\u3000', '\u200B', 'ก\u0e31', '한', 'ｶﾞ', 'Z\u0351\u0362a\u0322'
)
const whiteSpace = fc.constantFrom(' ', ' ', ' ', '  ', '\n', '\n\n', '\t', ' \n ')
const word = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }).map((s) => s.replace(/\s/g, 'x'))
const piece = fc.oneof(
  { weight: 4, arbitrary: word },
  { weight: 3, arbitrary: whiteSpace },
  { weight: 3, arbitrary: tricky },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-composite', maxLength: 6 }) }
)

const codePoints = (s: string): number => [...s].length

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/**
 * A combining mark with no letter under it (at the start of a line, or on a
 * space) is not a character anyone can see whole: the renderer keeps Perl's
 * handling of it (white space and the marks on it may be dropped or joined at
 * a line break, and Perl itself dies on such a paragraph). Messages here have
 * every mark on a letter.
 */
function marksSitOnLetters (text: string): boolean {
  for (const { segment } of segmenter.segment(text)) {
    if (/^\p{M}/u.test(segment)) return false
    if (/^\s/u.test(segment) && [...segment].length > 1) return false
  }
  return !/\n\p{M}/u.test(text)
}

function isValidMessage (text: string): boolean {
  try {
    return checkMessage(text) === text
  } catch {
    return false
  }
}

/** Any message the service accepts: within the length limit, no control characters but newline and tab. */
export const messageText = fc.array(piece, { maxLength: 400, size: 'large' })
  .map((pieces) => pieces.join(''))
  .map((text) => [...text].slice(0, MAX_TEXT_LENGTH).join(''))
  .filter((text) => codePoints(text) <= MAX_TEXT_LENGTH && isValidMessage(text) && marksSitOnLetters(text))

/** One or two printable code points, as the query schema allows for eyes and tongue. */
const face = fc.string({ unit: 'grapheme-composite', minLength: 1, maxLength: 2 })
  .map((s) => [...s].slice(0, 2).join(''))
  .filter((s) => s.length > 0 && !/[\u0000-\u001F\u007F-\u009F\u2028\u2029\uFDD0-\uFDEF\uFFFE\uFFFF]/u.test(s))

/** Any valid rendering options. */
export const cowOptions: fc.Arbitrary<CowOptions> = fc.record({
  action: fc.constantFrom('say' as const, 'think' as const),
  cow: fc.constantFrom(...listCows()),
  mode: fc.option(fc.constantFrom(...MODES), { nil: null }),
  eyes: fc.oneof(fc.constant('oo'), face),
  tongue: fc.oneof(fc.constant('  '), face),
  width: fc.integer({ min: 2, max: 200 }),
  nowrap: fc.boolean(),
  // Your own cow has its own tests (test/routes/cowfile.test.ts); these are the catalogue's.
  cowfile: fc.constant(null),
  color: fc.constantFrom('', 'rainbow', 'aurora,bold', 'red', 'bold')
})
