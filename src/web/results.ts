import { LRUCache } from 'lru-cache'
import { stripAnsi } from '../cowsay/ansi.js'
import { renderCow, type CowOptions } from '../cowsay/index.js'
import { canonicalPath } from './canonical.js'

export interface Drawing {
  /** The result's identity, its canonical path: every cache of a result is keyed by it. */
  key: string
  /** The drawing's characters, without an escape: what JSON's `output` and `lines` carry. */
  output: string
  lines: string[]
  /** As a terminal is sent it: with the SGR escapes of a colour (the same as `output` without one). */
  ansi: string
}

/** A drawing's rows, escapes kept: what pictures lay out. */
export const ansiLines = (drawing: Drawing): string[] =>
  drawing.ansi === drawing.output ? drawing.lines : drawing.ansi.replace(/\n$/, '').split('\n')

/**
 * Rendering is deterministic, and a shared link is opened many times: drawings
 * are kept in a bounded LRU so a popular cow is drawn once, and memory stays
 * flat however many distinct messages arrive. They are keyed by the canonical
 * path, which the option table derives from every option, so a new option
 * cannot be forgotten here.
 */
export class DrawingCache {
  readonly #cache: LRUCache<string, Drawing>

  constructor (readonly maxEntries = 2000) {
    this.#cache = new LRUCache<string, Drawing>({ max: maxEntries })
  }

  get size (): number {
    return this.#cache.size
  }

  draw (text: string, options: CowOptions): Drawing {
    const key = canonicalPath(text, options)
    let drawing = this.#cache.get(key)
    if (drawing === undefined) {
      const ansi = renderCow(text, options)
      const output = stripAnsi(ansi)
      drawing = { key, output, lines: output.replace(/\n$/, '').split('\n'), ansi }
      this.#cache.set(key, drawing)
    }
    return drawing
  }
}
