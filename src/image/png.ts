import { Resvg } from '@resvg/resvg-js'
import { EM, type FontChain, type Outline } from './fonts.js'
import { layOut, type Cell } from './grid.js'
import { encodePng } from './png-encoder.js'
import { CARD_MARGIN, CARD_SIZE, cardLayout, pngSize } from './png-size.js'
import { colorHex } from './palette.js'
import { COLUMN_WIDTH, FONT_SIZE, PADDING, baseline, fillRects, frameSize, paper, round, surfaceOf, svgStart, type Size, type Surface } from './svg.js'

export { CARD_SIZE, MAX_PNG_PIXELS, MAX_PNG_SIDE, MIN_CARD_SCALE, PNG_SCALE, cardLayout, pngSize } from './png-size.js'

const GLYPH_SCALE = FONT_SIZE / EM
/**
 * Bold is drawn by stroking the regular outline in its own colour, about
 * 0.6 px at 1x (in the outline's units of 1/1000 em): the grid and the glyph
 * stay where they are, and no second set of fonts is loaded.
 */
const BOLD_STROKE = Math.round(0.6 / GLYPH_SCALE)

/** Draws each piece of the grid from the font chain's outlines, defined once and used where they appear. */
class OutlinedDrawing {
  readonly #ids = new Map<string, string>()
  readonly defs: string[] = []
  readonly uses: string[] = []

  constructor (readonly fonts: FontChain, readonly surface: Surface) {}

  #use (outline: Outline, key: string, x: number, y: number, paint: string, fit = 1): void {
    let id = this.#ids.get(key)
    if (id === undefined) {
      id = `g${this.#ids.size}`
      this.#ids.set(key, id)
      this.defs.push(`<path id="${id}" transform="scale(${GLYPH_SCALE})" d="${outline.d}"/>`)
    }
    const scaled = fit === 1 ? '' : ` scale(${Math.round(fit * 1000) / 1000})`
    this.uses.push(`<use href="#${id}" transform="translate(${round(x)} ${round(y)})${scaled}"${paint}/>`)
  }

  add (cell: Cell, row: number): void {
    const y = baseline(row)
    const color = cell.style.fg === null ? null : colorHex(cell.style.fg)
    const paint = (color === null ? '' : ` fill="${color}"`) + (cell.style.bold ? ` stroke="${color ?? this.surface.ink}" stroke-width="${BOLD_STROKE}"` : '')
    if (cell.kind === 'run') {
      Array.from(cell.text).forEach((character, index) => {
        const outline = this.fonts.outline(character)
        if (outline !== null) this.#use(outline, character, (cell.column + index) * COLUMN_WIDTH, y, paint)
      })
      return
    }
    const box = cell.columns * COLUMN_WIDTH
    const outline = this.fonts.outline(cell.text)
    if (outline === null) {
      // No font has it: an empty box in its cells, as a browser would show, and the grid holds.
      this.uses.push(`<rect x="${round(cell.column * COLUMN_WIDTH + 1.5)}" y="${round(y - FONT_SIZE * 0.75)}" width="${round(box - 3)}" height="${round(FONT_SIZE * 0.8)}" fill="none" stroke="${color ?? this.surface.ink}"/>`)
      return
    }
    // Centred in its cells, and shrunk to fit them if the font draws it wider (emoji are 1.27 em).
    const width = outline.advance * GLYPH_SCALE
    const fit = Math.min(1, box / width)
    this.#use(outline, cell.text, cell.column * COLUMN_WIDTH + (box - width * fit) / 2, y, paint, fit)
  }
}

/** A drawing's glyphs as outlines: their definitions, and the group that places them (and any backgrounds) on the grid. */
function outlinedGlyphs (lines: readonly string[], fonts: FontChain): { natural: Size, surface: Surface, defs: string[], glyphs: string[] } {
  const grid = layOut(lines)
  const surface = surfaceOf(grid)
  const drawing = new OutlinedDrawing(fonts, surface)
  grid.rows.forEach((cells, row) => { for (const cell of cells) drawing.add(cell, row) })
  return {
    natural: frameSize(grid.columns, lines.length),
    surface,
    defs: ['<defs>', ...drawing.defs, '</defs>'],
    glyphs: [`<g transform="translate(${PADDING} 0)" fill="${surface.ink}">`, ...fillRects(grid.fills), ...drawing.uses, '</g>']
  }
}

/**
 * The SVG the PNG is drawn from: the same picture as drawingSvg, with every
 * glyph as an outline taken from our own font files, so the rasterizer needs no
 * fonts at all and the PNG is the same on every server.
 */
export function outlinedSvg (lines: readonly string[], fonts: FontChain): { svg: string, size: Size } {
  const { natural, surface, defs, glyphs } = outlinedGlyphs(lines, fonts)
  const size = pngSize(natural)
  const svg = [svgStart(natural, size, surface), ...defs, ...glyphs, '</svg>'].join('\n')
  return { svg, size }
}

const BACKDROP = '#e8e4d8'

/** A fade into the backdrop along a cropped edge, so the card shows the drawing goes on. */
function fade (edge: 'right' | 'bottom'): string[] {
  const depth = 2 * CARD_MARGIN
  const horizontal = edge === 'right'
  const id = `fade-${edge}`
  return [
    `<linearGradient id="${id}" x1="0" y1="0" x2="${horizontal ? 1 : 0}" y2="${horizontal ? 0 : 1}">`,
    `<stop offset="0" stop-color="${BACKDROP}" stop-opacity="0"/><stop offset="0.6" stop-color="${BACKDROP}"/>`,
    '</linearGradient>',
    horizontal
      ? `<rect x="${CARD_SIZE.width - depth}" y="0" width="${depth}" height="${CARD_SIZE.height}" fill="url(#${id})"/>`
      : `<rect x="0" y="${CARD_SIZE.height - depth}" width="${CARD_SIZE.width}" height="${depth}" fill="url(#${id})"/>`
  ]
}

/** The SVG of a drawing's link-preview card (CARD_SIZE), drawn from outlines like outlinedSvg. */
function cardSvg (lines: readonly string[], fonts: FontChain): { svg: string, size: Size } {
  const { natural, surface, defs, glyphs } = outlinedGlyphs(lines, fonts)
  const { scale, x, y, cropped } = cardLayout(natural)
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_SIZE.width}" height="${CARD_SIZE.height}" viewBox="0 0 ${CARD_SIZE.width} ${CARD_SIZE.height}">`,
    ...defs,
    `<rect width="${CARD_SIZE.width}" height="${CARD_SIZE.height}" fill="${BACKDROP}"/>`,
    `<g transform="translate(${round(x)} ${round(y)}) scale(${Math.round(scale * 1000) / 1000})">`,
    paper(natural, surface),
    ...glyphs,
    '</g>',
    ...(cropped.right ? fade('right') : []),
    ...(cropped.bottom ? fade('bottom') : []),
    '</svg>'
  ].join('\n')
  return { svg, size: { ...CARD_SIZE } }
}

/**
 * A drawing as a PNG (the picture itself, or its card): resvg rasterizes on the
 * calling thread (the renderer's own, see render-worker.ts), zlib compresses on
 * libuv's thread pool. resvg has system fonts off (it needs none). Not resvg's
 * renderAsync: its allocator keeps what each pool thread once used, and four
 * threads drawing 4-megapixel pictures kept 100 MB that way; one thread
 * drawing reuses its own.
 */
export async function drawingPng (lines: readonly string[], fonts: FontChain, shape: 'picture' | 'card' = 'picture'): Promise<{ png: Buffer, size: Size }> {
  const { svg, size } = shape === 'card' ? cardSvg(lines, fonts) : outlinedSvg(lines, fonts)
  const image = new Resvg(svg, { font: { loadSystemFonts: false }, logLevel: 'off' }).render()
  return { png: await encodePng(image.pixels, image.width, image.height), size }
}
