import { PLAIN, hasAnsi, isPlain, parseAnsi, type Color, type Span, type Style } from '../cowsay/sgr.js'
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
  /** Its colour and weight (the background is in the grid's fills); PLAIN in a colourless drawing. */
  style: Readonly<Style>
}

/** A background colour behind a run of columns of one row. */
export interface Fill {
  row: number
  column: number
  columns: number
  color: Color
}

export interface Grid {
  rows: Cell[][]
  /** Backgrounds, from the drawing's SGR escapes; empty in a colourless drawing. */
  fills: Fill[]
  /** The widest row, in columns. */
  columns: number
  /** Whether anything is coloured or bold: such a drawing is shown on a dark terminal surface. */
  colored: boolean
}

const VISIBLE_ASCII = /^[!-~]$/
const BLANK = /^\s*$/u
const PRINTABLE_ASCII_LINE = /^[ -~]*$/
const ASCII_RUN = /[!-~]+/g

/** A line of ASCII needs no grapheme segmentation (which costs microseconds a character). */
const asciiCells = (line: string): Cell[] =>
  Array.from(line.matchAll(ASCII_RUN), (match) => ({ column: match.index, columns: match[0].length, text: match[0], kind: 'run', style: PLAIN }))

const sameLook = (a: Style, b: Style): boolean => a.fg === b.fg && a.bold === b.bold

/** Lays out one row's spans; returns its width in columns. */
function layOutRow (spans: readonly Span[], row: number, cells: Cell[], fills: Fill[]): number {
  let column = 0
  let run: Cell | undefined
  for (const { text, style } of spans) {
    const start = column
    for (const grapheme of graphemes(text)) {
      const columns = VISIBLE_ASCII.test(grapheme) ? 1 : clusterWidth(grapheme)
      if (VISIBLE_ASCII.test(grapheme)) {
        if (run === undefined || !sameLook(run.style, style)) {
          run = { column, columns: 0, text: '', kind: 'run', style }
          cells.push(run)
        }
        run.text += grapheme
        run.columns++
      } else {
        run = undefined
        // Zero-width graphemes (a lone joiner or mark) take no column of their own.
        if (columns > 0 && !BLANK.test(grapheme)) cells.push({ column, columns, text: grapheme, kind: 'glyph', style })
      }
      column += columns
    }
    if (style.bg !== null && column > start) {
      const last = fills[fills.length - 1]
      if (last !== undefined && last.row === row && last.color === style.bg && last.column + last.columns === start) last.columns += column - start
      else fills.push({ row, column: start, columns: column - start, color: style.bg })
    }
  }
  return column
}

/**
 * Lays a drawing out on a terminal's grid: every grapheme at the column a
 * terminal would put it, double-width ones on two columns. Each piece keeps its
 * own position, so a glyph that is wider, narrower or missing in the font cannot
 * shift what follows it. White space is not drawn: the columns place the rest.
 * SGR escapes (ours from the `color` option, or a colour cow's) take no column:
 * they become each piece's style and the fills behind them.
 */
export function layOut (lines: readonly string[]): Grid {
  let widest = 0
  const fills: Fill[] = []
  if (lines.some(hasAnsi)) {
    const rows = parseAnsi(lines.join('\n')).map((spans, row) => {
      const cells: Cell[] = []
      widest = Math.max(widest, layOutRow(spans, row, cells, fills))
      return cells
    })
    const colored = fills.length > 0 || rows.some((cells) => cells.some((cell) => !isPlain(cell.style)))
    return { rows, fills, columns: widest, colored }
  }
  const rows = lines.map((line, row) => {
    if (PRINTABLE_ASCII_LINE.test(line)) {
      widest = Math.max(widest, line.length)
      return asciiCells(line)
    }
    const cells: Cell[] = []
    widest = Math.max(widest, layOutRow([{ text: line, style: PLAIN }], row, cells, fills))
    return cells
  })
  return { rows, fills, columns: widest, colored: false }
}
