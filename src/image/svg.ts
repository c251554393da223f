import { SURFACE, colorHex } from './palette.js'
import { layOut, type Cell, type Fill, type Grid } from './grid.js'

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }

/** Escapes text for XML: the SVG's, and the XML representation's (results/xml.ts). */
export const escapeXml = (value: string): string => value.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c)

/*
 * The picture's geometry, in SVG user units (CSS pixels at 1x). A column is
 * DejaVu Sans Mono's advance (1233/2048 em), the font the PNG is drawn with;
 * browsers drawing the SVG with another monospace font are held to the same
 * grid by textLength.
 */
export const FONT_SIZE = 16
export const COLUMN_WIDTH = FONT_SIZE * 1233 / 2048
export const LINE_HEIGHT = 19
/** From the top of a line to its baseline: DejaVu's ascent, centred in the line. */
const BASELINE = 15
export const PADDING = 20

/** Dark on a light card of its own, edged so it also stands out on white: readable on any page. */
const INK = '#1f2328'
const PAPER = '#fdfcf7'
const EDGE = '#c9ccd1'

/**
 * What a drawing is drawn on. A colourless one on the light card; a coloured
 * one (the `color` option, or a colour cow) on a dark terminal, the surface
 * its colours are chosen for, the same as the page shows it on; the edge
 * keeps either apart from a page of the same shade.
 */
export interface Surface {
  paper: string
  ink: string
  edge: string
}

const LIGHT_CARD: Surface = { paper: PAPER, ink: INK, edge: EDGE }
const TERMINAL: Surface = { paper: SURFACE.background, ink: SURFACE.foreground, edge: '#5b6272' }

export const surfaceOf = (grid: Grid): Surface => grid.colored ? TERMINAL : LIGHT_CARD
const CORNER_RADIUS = 8
const FONT_FAMILY = "'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace"

export interface Size {
  width: number
  height: number
}

export interface SvgImage extends Size {
  svg: string
}

/** The natural size of a picture of `columns` by `rows` characters. */
export const frameSize = (columns: number, rows: number): Size => ({
  width: Math.ceil(columns * COLUMN_WIDTH + 2 * PADDING),
  height: rows * LINE_HEIGHT + 2 * PADDING
})

/** The size of a drawing's picture, without drawing it. */
export const svgSize = (lines: readonly string[]): Size => frameSize(layOut(lines).columns, lines.length)

export const round = (n: number): string => String(Math.round(n * 100) / 100)

/**
 * The SVG element's opening and the card. `size` may differ from the natural
 * size: the picture scales to it. A title is the picture's accessible name.
 */
export function svgStart (natural: Size, size: Size, surface: Surface, title?: string): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}" viewBox="0 0 ${natural.width} ${natural.height}" preserveAspectRatio="none"`
  return [
    title === undefined ? `${svg}>` : `${svg} role="img" aria-labelledby="title">\n<title id="title">${escapeXml(title)}</title>`,
    paper(natural, surface)
  ].join('\n')
}

/** The card a drawing of `natural` size sits on, in its own user units. */
export const paper = (natural: Size, surface: Surface): string =>
  `<rect x="0.5" y="0.5" width="${natural.width - 1}" height="${natural.height - 1}" rx="${CORNER_RADIUS}" fill="${surface.paper}" stroke="${surface.edge}"/>`

/**
 * The backgrounds of a coloured drawing, each a rectangle on its cells (inside
 * the padding's translation), crisp so that neighbouring rows leave no seam.
 */
export function fillRects (fills: readonly Fill[]): string[] {
  if (fills.length === 0) return []
  return [
    '<g shape-rendering="crispEdges">',
    ...fills.map((fill) => `<rect x="${round(fill.column * COLUMN_WIDTH)}" y="${PADDING + fill.row * LINE_HEIGHT}" width="${round(fill.columns * COLUMN_WIDTH)}" height="${LINE_HEIGHT}" fill="${colorHex(fill.color)}"/>`),
    '</g>'
  ]
}

/** A cell's own colour and weight, as presentation attributes (no style attribute: the page's CSP forbids them). */
const cellPaint = (cell: Cell): string =>
  (cell.style.fg === null ? '' : ` fill="${colorHex(cell.style.fg)}"`) + (cell.style.bold ? ' font-weight="bold"' : '')

/** The baseline of a row, in user units. */
export const baseline = (row: number): number => PADDING + row * LINE_HEIGHT + BASELINE

function piece (cell: Cell): string {
  const text = escapeXml(cell.text)
  const paint = cellPaint(cell)
  if (cell.kind === 'run') {
    const x = round(cell.column * COLUMN_WIDTH)
    if (cell.columns === 1) return `<tspan x="${x}"${paint}>${text}</tspan>`
    // textLength pins the run to its columns whatever monospace font a browser picks.
    return `<tspan x="${x}" textLength="${round(cell.columns * COLUMN_WIDTH)}"${paint}>${text}</tspan>`
  }
  return `<tspan x="${round((cell.column + cell.columns / 2) * COLUMN_WIDTH)}" text-anchor="middle"${paint}>${text}</tspan>`
}

/**
 * A drawing as a self-contained SVG: one <text> row per line, every piece
 * placed on the character grid (see grid.ts), no external references (fonts by
 * family name only), `title` as its accessible name. `lines` may carry SGR
 * escapes: each piece then has its colour, and backgrounds lie under them.
 */
export function drawingSvg (lines: readonly string[], title: string): SvgImage {
  const grid = layOut(lines)
  const natural = frameSize(grid.columns, lines.length)
  const surface = surfaceOf(grid)
  const rows = grid.rows.map((cells, row) => `<text y="${baseline(row)}">${cells.map(piece).join('')}</text>`)
  const svg = [
    svgStart(natural, natural, surface, title),
    `<g transform="translate(${PADDING} 0)" font-family="${FONT_FAMILY}" font-size="${FONT_SIZE}" fill="${surface.ink}">`,
    ...fillRects(grid.fills),
    ...rows,
    '</g>',
    '</svg>'
  ].join('\n') + '\n'
  return { svg, ...natural }
}
