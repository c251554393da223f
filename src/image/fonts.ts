import * as fontkit from 'fontkit'

export { BUNDLED_FONTS } from './font-files.js'

/** Outlines are in units of 1/1000 em, y downwards, the pen at 0 on the baseline. */
export const EM = 1000

export interface Outline {
  /** SVG path data. */
  d: string
  /** How far the pen moves: the glyph's width, in 1/1000 em. */
  advance: number
}

const NOTDEF = 0
const SVG_COMMANDS: Record<fontkit.PathCommand['command'], string> = { moveTo: 'M', lineTo: 'L', quadraticCurveTo: 'Q', bezierCurveTo: 'C', closePath: 'Z' }

// Whole 1/1000 em are 0.03 px at twice 16 px: finer than any pixel, and half the bytes of fontkit's toSVG.
const pathData = (path: fontkit.Path): string =>
  path.commands.map(({ command, args }) => SVG_COMMANDS[command] + args.map((n) => Math.round(n)).join(' ')).join('')

/** Outlines of the graphemes seen so far; messages repeat their characters. Emptied when full. */
const OUTLINE_CACHE_SIZE = 4096

/**
 * Turns graphemes into glyph outlines from a fixed list of font files, so a
 * picture never depends on the fonts a server happens to have. Each grapheme
 * comes whole from the first font that has all of it (an emoji sequence from
 * the emoji font, a letter with its accent from DejaVu); null when none has it.
 */
export class FontChain {
  readonly #fonts: fontkit.Font[]
  readonly #outlines = new Map<string, Outline | null>()

  constructor (readonly files: readonly string[]) {
    this.#fonts = files.map((file) => {
      let opened: fontkit.Font | fontkit.FontCollection
      try {
        opened = fontkit.openSync(file)
      } catch (error) {
        throw new Error(`${file} is not a font file that can be read: ${(error as Error).message}`)
      }
      // A collection (.ttc, such as Noto Sans CJK) holds one face per region: the first serves.
      const font = 'fonts' in opened ? opened.fonts[0] : opened
      if (font === undefined) throw new Error(`${file} holds no font`)
      return font
    })
  }

  outline (grapheme: string): Outline | null {
    let outline = this.#outlines.get(grapheme)
    if (outline === undefined) {
      outline = this.#find(grapheme)
      if (this.#outlines.size >= OUTLINE_CACHE_SIZE) this.#outlines.clear()
      this.#outlines.set(grapheme, outline)
    }
    return outline
  }

  #find (grapheme: string): Outline | null {
    for (const font of this.#fonts) {
      const run = font.layout(grapheme)
      if (run.glyphs.length === 0 || run.glyphs.some((glyph) => glyph.id === NOTDEF)) continue
      const scale = EM / font.unitsPerEm
      let pen = 0
      const parts = run.glyphs.map((glyph, index) => {
        const position = run.positions[index]
        const part = glyph.path.translate(pen + (position?.xOffset ?? 0), position?.yOffset ?? 0).scale(scale, -scale)
        pen += position?.xAdvance ?? glyph.advanceWidth
        return pathData(part)
      })
      return { d: parts.join(''), advance: pen * scale }
    }
    return null
  }
}

const chains = new Map<string, FontChain>()

/** One chain per list of files: a font file is read once per process. */
export function fontChain (files: readonly string[]): FontChain {
  const key = files.join('\n')
  let chain = chains.get(key)
  if (chain === undefined) {
    chain = new FontChain(files)
    chains.set(key, chain)
  }
  return chain
}
