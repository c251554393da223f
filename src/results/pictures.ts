import { availableParallelism } from 'node:os'
import { LRUCache } from 'lru-cache'
import pLimit, { type LimitFunction } from 'p-limit'
import { BUNDLED_FONTS, checkFontFile } from '../image/font-files.js'
import { CARD_SIZE, pngSize } from '../image/png-size.js'
import { drawingSvg, svgSize, type Size, type SvgImage } from '../image/svg.js'
import { ansiLines, type Drawing } from './drawings.js'

/** What the PNGs kept in memory may weigh, keys included. */
export const PNG_CACHE_BYTES = 32 * 1024 * 1024

/**
 * PNGs rendered at once; the others wait their turn. A render holds up to
 * about 50 MB while it runs (the pixels, their copy, the compressed file), so
 * this, not the number of requests, bounds the memory pictures take. More than
 * libuv's four threads would only queue there.
 */
export const RENDER_CONCURRENCY = Math.min(4, availableParallelism())

/**
 * Pictures of drawings. PNGs are kept by the result's identity (the drawing's
 * key, its canonical path) in an LRU bounded in bytes: a link that
 * is unfurled by every chat app at once is rendered once (concurrent requests
 * share the render in flight), and memory stays flat however many messages
 * arrive. SVGs are cheap string building and are made on each request.
 */
/** A drawing's picture at its own size, or its link-preview card (CARD_SIZE). */
type PngShape = 'picture' | 'card'

type Renderer = (lines: readonly string[], shape: PngShape) => Promise<Buffer>

export class PictureCache {
  readonly #pngs: LRUCache<string, Buffer, { lines: readonly string[], shape: PngShape }>
  readonly #renders: LimitFunction

  #renderer: Promise<Renderer> | undefined
  /** PNGs found (or already being rendered for another request) and rendered, for the metrics. */
  readonly counts = { hits: 0, misses: 0 }
  /** Told each render's time in seconds (its wait for a render slot excluded). */
  onRendered: ((seconds: number) => void) | null = null

  constructor (readonly fontFiles: readonly string[], maxBytes = PNG_CACHE_BYTES, concurrency = RENDER_CONCURRENCY) {
    // Checked now, so that a file that is not a font stops the start rather than every PNG.
    for (const file of fontFiles) checkFontFile(file)
    const renders = this.#renders = pLimit(concurrency)
    this.#pngs = new LRUCache({
      maxSize: maxBytes,
      sizeCalculation: (png, key) => png.length + key.length * 2,
      fetchMethod: async (_key, _stale, { context }) => renders(async () => (await this.#loadRenderer())(context.lines, context.shape))
    })
  }

  /**
   * The rasterizer and the fonts, loaded on the first PNG: together they add
   * about 35 MB to the process and a tenth of a second to its start, which a
   * server that never draws a picture need not pay.
   */
  #loadRenderer (): Promise<Renderer> {
    this.#renderer ??= Promise.all([import('../image/png.js'), import('../image/fonts.js')]).then(([{ drawingPng }, { fontChain }]) => {
      const fonts = fontChain([...BUNDLED_FONTS, ...this.fontFiles])
      return async (lines, shape) => {
        const started = performance.now()
        const { png } = await drawingPng(lines, fonts, shape)
        this.onRendered?.((performance.now() - started) / 1000)
        return png
      }
    })
    return this.#renderer
  }

  /** PNGs kept and what they weigh; renders running and waiting. */
  get stats (): { entries: number, bytes: number, rendering: number, waiting: number } {
    return { entries: this.#pngs.size, bytes: this.#pngs.calculatedSize, rendering: this.#renders.activeCount, waiting: this.#renders.pendingCount }
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
