import { Lru } from 'toad-cache'
import { renderCow, type CowOptions } from '../cowsay/index.js'

export interface Drawing {
  /** Identifies the text and options the drawing was made from. */
  key: string
  output: string
  lines: string[]
}

const keyOf = (text: string, o: CowOptions): string =>
  // JSON keeps the parts apart whatever characters the text holds.
  JSON.stringify([o.action, o.cow, o.mode, o.eyes, o.tongue, o.width, o.nowrap, text])

/**
 * Rendering is deterministic, and a shared link is opened many times: drawings
 * are kept in a bounded LRU so a popular cow is drawn once, and memory stays
 * flat however many distinct messages arrive.
 */
export class DrawingCache {
  readonly #cache: Lru<Drawing>

  constructor (readonly maxEntries = 2000) {
    this.#cache = new Lru<Drawing>(maxEntries)
  }

  get size (): number {
    return this.#cache.size
  }

  draw (text: string, options: CowOptions): Drawing {
    const key = keyOf(text, options)
    let drawing = this.#cache.get(key)
    if (drawing === undefined) {
      const output = renderCow(text, options)
      drawing = { key, output, lines: output.replace(/\n$/, '').split('\n') }
      this.#cache.set(key, drawing)
    }
    return drawing
  }
}
