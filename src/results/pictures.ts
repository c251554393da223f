import { LRUCache } from 'lru-cache'
import { BUNDLED_FONTS, checkFontFile } from '../image/font-files.js'
import { CARD_SIZE, pngSize } from '../image/png-size.js'
import { pngWorker } from '../image/png-worker.js'
import { drawingSvg, svgSize, type Size, type SvgImage } from '../image/svg.js'
import { ansiLines, type Drawing } from './drawings.js'

/** What the PNGs kept in memory may weigh, keys included. */
const PNG_CACHE_BYTES = 32 * 1024 * 1024

/**
 * Pictures of drawings. PNGs are kept by the result's identity (the drawing's
 * key, its canonical path) in an LRU bounded in bytes: a link that
 * is unfurled by every chat app at once is rendered once (concurrent requests
 * share the render in flight), and memory stays flat however many messages
 * arrive. SVGs are cheap string building and are made on each request.
 */
/** A drawing's picture at its own size, or its link-preview card (CARD_SIZE). */
type PngShape = 'picture' | 'card'

export class PictureCache {
  readonly #pngs: LRUCache<string, Buffer, { lines: readonly string[], shape: PngShape }>
  readonly #renderer: ReturnType<typeof pngWorker>

  /** PNGs found (or already being rendered for another request) and rendered, for the metrics. */
  readonly counts = { hits: 0, misses: 0 }
  /** Told each render's time in seconds, from sending it to the renderer's thread to its PNG (its wait in line included). */
  onRendered: ((seconds: number) => void) | null = null

  constructor (readonly fontFiles: readonly string[], readonly maxBytes = PNG_CACHE_BYTES) {
    // Checked now, so that a file that is not a font stops the start rather than every PNG.
    for (const file of fontFiles) checkFontFile(file)
    // The rasterizer and the fonts (35 MB, a tenth of a second) load on the first PNG, in its thread.
    this.#renderer = pngWorker([...BUNDLED_FONTS, ...fontFiles])
    this.#pngs = new LRUCache({
      maxSize: maxBytes,
      sizeCalculation: (png, key) => png.length + key.length * 2,
      fetchMethod: async (_key, _stale, { context }) => {
        const started = performance.now()
        const png = await this.#renderer.render(context.lines, context.shape)
        this.onRendered?.((performance.now() - started) / 1000)
        return png
      }
    })
  }

  /** PNGs kept and what they weigh; pictures being drawn or waiting for the renderer. */
  get stats (): { entries: number, bytes: number, maxBytes: number, rendering: number } {
    return { entries: this.#pngs.size, bytes: this.#pngs.calculatedSize, maxBytes: this.maxBytes, rendering: this.#renderer.pending }
  }

  svg (drawing: Drawing, title: string): SvgImage {
    return drawingSvg(ansiLines(drawing), title)
  }

  /** The PNG's pixel size, known without rendering it (for og:image:width and height, and embeds). */
  pngSize (drawing: Drawing, shape: PngShape = 'picture'): Size {
    return shape === 'card' ? { ...CARD_SIZE } : pngSize(svgSize(ansiLines(drawing)))
  }

  /** The picture's size in CSS pixels: what an <img> of its PNG is drawn at. */
  naturalSize (drawing: Drawing): Size {
    return svgSize(ansiLines(drawing))
  }

  async png (drawing: Drawing, shape: PngShape = 'picture'): Promise<Buffer> {
    const status: LRUCache.Status<string, Buffer> = {}
    const png = await this.#pngs.fetch(shape + '\n' + drawing.key, { context: { lines: ansiLines(drawing), shape }, status })
    // A PNG being rendered for another request counts as found: this one rendered nothing.
    if (status.fetch === 'hit' || status.fetch === 'inflight') this.counts.hits++
    else this.counts.misses++
    if (png === undefined) throw new Error('The PNG render was aborted')
    return png
  }
}
