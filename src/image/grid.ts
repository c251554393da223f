import { clusterWidth, graphemes } from '../cowsay/width.js'

/** Something drawn on the character grid: a run of ASCII, or one other grapheme. */
export interface Cell {
  /** The first column it covers, from 0. */
  column: number
  /** How many columns it covers: its terminal display width. */
  columns: number
  text: string
  /**
   * 'run': printable ASCII, which the bundled monospace font draws one column a
   * character. 'glyph': anything else, drawn alone and centred on its columns,
   * because the font that has it (emoji, CJK, a fallback) has other advances.
   */
  kind: 'run' | 'glyph'
}

export interface Grid {
  rows: Cell[][]
  /** The widest row, in columns. */
  columns: number
}

const VISIBLE_ASCII = /^[!-~]$/
const BLANK = /^\s*$/u
const PRINTABLE_ASCII_LINE = /^[ -~]*$/
const ASCII_RUN = /[!-~]+/g

/** A line of ASCII needs no grapheme segmentation (which costs microseconds a character). */
const asciiCells = (line: string): Cell[] =>
  Array.from(line.matchAll(ASCII_RUN), (match) => ({ column: match.index, columns: match[0].length, text: match[0], kind: 'run' }))

/**
 * Lays a drawing out on a terminal's grid: every grapheme at the column a
 * terminal would put it, double-width ones on two columns. Each piece keeps its
 * own position, so a glyph that is wider, narrower or missing in the font cannot
 * shift what follows it. White space is not drawn: the columns place the rest.
 */
export function layOut (lines: readonly string[]): Grid {
  let widest = 0
  const rows = lines.map((line) => {
    if (PRINTABLE_ASCII_LINE.test(line)) {
      widest = Math.max(widest, line.length)
      return asciiCells(line)
    }
    const cells: Cell[] = []
    let column = 0
    let run: Cell | undefined
    for (const grapheme of graphemes(line)) {
      const columns = VISIBLE_ASCII.test(grapheme) ? 1 : clusterWidth(grapheme)
      if (VISIBLE_ASCII.test(grapheme)) {
        if (run === undefined) {
          run = { column, columns: 0, text: '', kind: 'run' }
          cells.push(run)
        }
        run.text += grapheme
        run.columns++
      } else {
        run = undefined
        // Zero-width graphemes (a lone joiner or mark) take no column of their own.
        if (columns > 0 && !BLANK.test(grapheme)) cells.push({ column, columns, text: grapheme, kind: 'glyph' })
      }
      column += columns
    }
    widest = Math.max(widest, column)
    return cells
  })
  return { rows, columns: widest }
}
