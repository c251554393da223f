import { LRUCache } from 'lru-cache'
import { stripAnsi } from '../cowsay/sgr.js'
import { overstrike } from '../cowsay/overstrike.js'
import { DEFAULT_OPTIONS, displayWidth, renderCow, type CowOptions } from '../cowsay/index.js'
import { canonicalPath } from './canonical.js'

export interface Drawing {
  /** The result's identity, its canonical path: every cache of a result is keyed by it. */
  key: string
  /** The drawing's characters, without an escape: what JSON's `output` and `lines` carry. */
  output: string
  lines: string[]
  /** As a terminal is sent it: with the SGR escapes of a colour (the same as `output` without one), Perl's bytes. */
  ansi: string
  /**
   * What the terminal shows of `ansi`, for pages and pictures: the same string unless the text
   * holds a backspace (two of Debian's fortunes), which takes back the character before it.
   */
  shown: string
}

/** A drawing's rows, escapes kept: what pictures lay out. */
export const ansiLines = (drawing: Drawing): string[] =>
  drawing.shown === drawing.output ? drawing.lines : drawing.shown.replace(/\n$/, '').split('\n')

/** What the drawings kept in memory may weigh, keys included. */
const DRAWING_CACHE_BYTES = 4 * 1024 * 1024

/**
 * What a drawing weighs in memory, near enough: two bytes a character (V8
 * keeps CJK and emoji strings so), each string's header, the lines' array.
 * `ansi` is the same string as `output` unless the drawing has a colour.
 */
const drawingBytes = ({ key, output, lines, ansi, shown }: Drawing): number =>
  (key.length + output.length * 2 + (ansi === output ? 0 : ansi.length) + (shown === ansi ? 0 : shown.length)) * 2 + lines.length * 24 + 160

/**
 * Rendering is deterministic, and a shared link is opened many times: drawings
 * are kept in an LRU bounded in bytes (a 1,000-character message at width 200
 * weighs thirty times "moo") so a popular cow is drawn once, and memory stays
 * flat however many distinct messages arrive. They are keyed by the canonical
 * path, which the option table derives from every option, so a new option
 * cannot be forgotten here.
 */
export class DrawingCache {
  readonly #cache: LRUCache<string, Drawing>
  /** Lookups found and made, for the metrics. */
  readonly counts = { hits: 0, misses: 0 }

  constructor (readonly maxBytes = DRAWING_CACHE_BYTES) {
    this.#cache = new LRUCache<string, Drawing>({ maxSize: maxBytes, sizeCalculation: drawingBytes })
  }

  /** Drawings kept and what they weigh. */
  get stats (): { entries: number, bytes: number, maxBytes: number } {
    return { entries: this.#cache.size, bytes: this.#cache.calculatedSize, maxBytes: this.maxBytes }
  }

  draw (text: string, options: CowOptions): Drawing {
    const key = canonicalPath(text, options)
    let drawing = this.#cache.get(key)
    if (drawing !== undefined) {
      this.counts.hits++
    } else {
      this.counts.misses++
      const ansi = renderCow(text, options)
      const shown = overstrike(ansi)
      const output = stripAnsi(shown)
      drawing = { key, output, lines: output.replace(/\n$/, '').split('\n'), ansi, shown }
      this.#cache.set(key, drawing)
    }
    return drawing
  }
}

/**
 * What a screen reader says for a drawing: who says what, as words, instead of
 * three hundred punctuation characters. JSON and XML results carry it as
 * `label`, which is what the live preview announces.
 */
export function drawingLabel (text: string, options: Pick<CowOptions, 'cow' | 'action'>): string {
  const who = options.cow === DEFAULT_OPTIONS.cow ? 'cow' : options.cow
  return `The ${who} ${options.action}s: ${text}`
}

/** Drawings are sized by the tens of columns: narrowest, step and widest class. */
const COLUMN_STEP = 10
const MIN_COLUMNS = 40
const MAX_COLUMNS = 240

/**
 * The CSS class that tells the stylesheet how many columns a drawing needs, so
 * that its font can shrink to fit the box on a phone instead of scrolling.
 * A class rather than a style attribute: the Content-Security-Policy forbids
 * inline styles. Rounded up to a step of ten, so the stylesheet has a rule for
 * each class; anything wider than the widest class scrolls.
 */
export function columnsClass (drawing: string): string {
  let widest = 0
  for (const line of stripAnsi(drawing).split('\n')) widest = Math.max(widest, displayWidth(line))
  const columns = Math.min(MAX_COLUMNS, Math.max(MIN_COLUMNS, Math.ceil(widest / COLUMN_STEP) * COLUMN_STEP))
  return `cols-${columns}`
}
