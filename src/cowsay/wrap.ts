import { PERL_WHITESPACE, perlSplit, startsWithPerlWhitespace } from './perl-text.js'
import { PRINTABLE_ASCII, clusterWidth, graphemes } from './width.js'

/*
 * A port of Text::Wrap 2021.0814 (Perl 5.36, Debian 12), `fill` and `wrap` with the settings
 * cowsay uses: no indent, `$huge = 'wrap'`, `$break = '(?=\s)(?:\r\n|\PM\pM*)'`.
 *
 * Where we depart from it, on purpose: Text::Wrap's unit is a code point with its combining marks
 * (`\PM\pM*`) and a line holds `$columns - 1` of them, whatever they look like: at -W 40 a line
 * of CJK is 78 columns wide, and a long word is cut inside a ZWJ emoji or a flag. We keep the algorithm and change the unit: a line holds `columns - 1` terminal columns
 * (displayWidth) of whole grapheme clusters, and a cut never falls inside a cluster. When every
 * cluster is one column and one Perl unit, which covers ASCII and accented Latin, Greek and
 * Cyrillic whether precomposed or combining, the result is identical to Perl's. (Perl also dies,
 * "This shouldn't happen", on a paragraph that starts with a combining mark; we draw it.)
 *
 * Text::Wrap also expands tabs, unexpands spaces into tabs and treats `\n+` as a break; none of
 * that can happen to a paragraph coming out of `fill`, which has turned all white space into
 * single spaces, so the port leaves it out.
 */

/** Paragraph separator in fill: a newline followed by white space (a blank line, or an indent). */
const PARAGRAPH_BREAK = new RegExp(`\\n${PERL_WHITESPACE}+`, 'u')
const WHITESPACE_RUN = new RegExp(`${PERL_WHITESPACE}+`, 'gu')

/**
 * Text::Wrap::fill('', '', message): split into paragraphs, collapse each paragraph's white space
 * to single spaces, wrap each, and join them with a blank line.
 */
export function fill (message: string, columns: number): string {
  return perlSplit(message, PARAGRAPH_BREAK)
    .map(paragraph => wrap(paragraph.replace(WHITESPACE_RUN, ' '), columns))
    .join('\n\n')
}

/**
 * Text::Wrap::wrap('', '', paragraph) for a paragraph without tabs or newlines, measured in
 * columns and grapheme clusters (see above).
 *
 * Each line is the longest run of clusters that fits in `columns - 1` columns and is followed by a
 * break (one white-space cluster, which is consumed) or by the end. When no such run exists the
 * word is cut where the line is full. A line always takes at least one cluster, so that a cluster
 * wider than the line (a CJK character at width 2) goes through alone, as any single unit does in
 * Perl. Like Perl, the separator consumed last is appended at the very end, which is why 'hello '
 * keeps its trailing space (even at -W 6, where that makes the line 6 columns wide).
 */
export function wrap (paragraph: string, columns: number): string {
  // Printable ASCII (most messages) is one column and one cluster a character, and its only
  // Perl white space is the space: nothing to segment or measure. The same lines either way.
  const ascii = PRINTABLE_ASCII.test(paragraph)
  const clusters = ascii ? paragraph.split('') : graphemes(paragraph)
  const widths = ascii ? new Array<number>(clusters.length).fill(1) : clusters.map(clusterWidth)
  const isBreak = ascii ? clusters.map((character) => character === ' ') : clusters.map(startsWithPerlWhitespace)
  const lineWidth = columns - 1
  const lastNonBreak = isBreak.lastIndexOf(false)
  const piece = (from: number, to: number): string => ascii ? paragraph.slice(from, to) : clusters.slice(from, to).join('')

  let wrapped = ''
  let newline = ''
  let remainder = ''
  let start = 0
  // Perl: `while ($t !~ /\G(?:$break)*\Z/gc)`, stop when only breaks are left (they are dropped).
  while (start <= lastNonBreak) {
    let fitEnd = -1
    let width = 0
    for (let end = start; ; end++) {
      if (end === clusters.length || isBreak[end]) fitEnd = end
      if (end === clusters.length) break
      width += widths[end]
      // A line always holds its first cluster, as a Perl line always holds one unit.
      if (width > lineWidth && end > start) break
    }

    if (fitEnd >= 0) {
      wrapped += newline + piece(start, fitEnd)
      remainder = fitEnd < clusters.length ? clusters[fitEnd] : ''
      start = fitEnd < clusters.length ? fitEnd + 1 : fitEnd
    } else {
      let end = start
      width = 0
      do {
        width += widths[end]
        end++
      } while (end < clusters.length && width + widths[end] <= lineWidth)
      wrapped += newline + piece(start, end)
      remainder = '\n'
      start = end
    }
    newline = '\n'
  }
  return wrapped + remainder
}
