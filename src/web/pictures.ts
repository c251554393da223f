import { LRUCache } from 'lru-cache'
import { BUNDLED_FONTS, fontChain } from '../image/fonts.js'
import { drawingPng, pngSize } from '../image/png.js'
import { drawingSvg, svgSize, type Size, type SvgImage } from '../image/svg.js'
import type { Drawing } from './results.js'

/** What the PNGs kept in memory may weigh, keys included. */
export const PNG_CACHE_BYTES = 32 * 1024 * 1024

/**
 * Pictures of drawings. A picture depends on the drawing's lines alone, so
 * PNGs are kept by the drawing's text in an LRU bounded in bytes: a link that
 * is unfurled by every chat app at once is rendered once (concurrent requests
 * share the render in flight), and memory stays flat however many messages
 * arrive. SVGs are cheap string building and are made on each request.
 */
export class PictureCache {
  readonly #pngs: LRUCache<string, Buffer, readonly string[]>

  constructor (extraFonts: readonly string[], maxBytes = PNG_CACHE_BYTES) {
    // Opened now, so that a file that is not a font stops the start rather than every PNG.
    const fonts = fontChain([...BUNDLED_FONTS, ...extraFonts])
    this.#pngs = new LRUCache({
      maxSize: maxBytes,
      sizeCalculation: (png, key) => png.length + key.length * 2,
      fetchMethod: async (_key, _stale, { context }) => (await drawingPng(context, fonts)).png
    })
  }

  /** How many PNGs are kept, and what they weigh. */
  get stats (): { entries: number, bytes: number } {
    return { entries: this.#pngs.size, bytes: this.#pngs.calculatedSize }
  }

  svg (drawing: Drawing, title: string): SvgImage {
    return drawingSvg(drawing.lines, title)
  }

  /** The PNG's pixel size, known without rendering it (for og:image:width and height). */
  pngSize (drawing: Drawing): Size {
    return pngSize(svgSize(drawing.lines))
  }

  async png (drawing: Drawing): Promise<Buffer> {
    const png = await this.#pngs.fetch(drawing.output, { context: drawing.lines })
    if (png === undefined) throw new Error('The PNG render was aborted')
    return png
  }
}
