import stringWidth from 'string-width'
import { backspaces } from './overstrike.js'

/** Text whose every character is one column wide and a grapheme cluster of its own. */
export const PRINTABLE_ASCII = /^[\u0020-\u007E]*$/

const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/**
 * The columns a UTF-8 terminal uses to draw `s`: string-width's answer.
 *
 * Debian's cowsay pads its balloon with Text::CharWidth::mbswidth, that is glibc's wcwidth summed
 * code point by code point. string-width agrees with it on what people type (ASCII, Latin
 * precomposed or with combining accents, Greek, Cyrillic, CJK, single-code-point emoji such as 🐄)
 * and measures whole grapheme clusters where glibc adds up their parts: ❤️ (U+2764 U+FE0F),
 * keycaps, skin tones and ZWJ sequences such as 👨‍👩‍👧 are 2 columns here, as terminals draw them,
 * where glibc says 1, 1, 4 and 6. glibc 2.36 also knows only Unicode 14 and answers -1 for anything
 * newer (🫨). test/support/width-corpus.ts lists every disagreement we know of.
 */
export function displayWidth (s: string): number {
  // A backspace (in two of Debian's fortunes) is -1 column, as glibc and a terminal's cursor count it.
  if (s.includes('\b')) return displayWidth(s.replaceAll('\b', '')) - backspaces(s)
  // string-width sums the widths of the grapheme clusters (after stripping ANSI escapes, which
  // only it should handle); summing our memoised cluster widths gives the same number faster.
  if (PRINTABLE_ASCII.test(s)) return s.length
  if (s.length <= CACHEABLE_LENGTH) return clusterWidth(s)
  if (s.includes('\u001B') || s.includes('\u009B')) return stringWidth(s)
  let width = 0
  for (const { segment } of graphemeSegmenter.segment(s)) width += clusterWidth(segment)
  return width
}

/**
 * The width of one grapheme cluster (or any short string). string-width spends microseconds on
 * each non-ASCII cluster (a 1,000-character CJK message took 7 ms), and messages repeat their
 * characters, so short strings are memoised in a small cache that is emptied when full.
 */
export function clusterWidth (cluster: string): number {
  let width = widthCache.get(cluster)
  if (width === undefined) {
    width = stringWidth(cluster)
    if (cluster.length <= CACHEABLE_LENGTH) {
      if (widthCache.size >= WIDTH_CACHE_SIZE) widthCache.clear()
      widthCache.set(cluster, width)
    }
  }
  return width
}

const widthCache = new Map<string, number>()
const WIDTH_CACHE_SIZE = 4096
const CACHEABLE_LENGTH = 16

/** User-perceived characters (extended grapheme clusters): the units we never split. */
export function graphemes (s: string): string[] {
  const clusters: string[] = []
  for (const { segment } of graphemeSegmenter.segment(s)) clusters.push(segment)
  return clusters
}
