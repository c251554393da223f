import { LRUCache } from 'lru-cache'
import { etagOf } from './http-cache.js'

export interface Representation {
  body: Buffer
  etag: string
}

/** What the finished responses kept in memory may weigh, keys included. */
export const REPRESENTATION_CACHE_BYTES = 24 * 1024 * 1024

/** Bytes and their ETag: encoded once, so a hit neither re-encodes nor re-hashes. */
export function representation (body: string | Buffer): Representation {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body
  return { body: bytes, etag: etagOf(bytes) }
}

/**
 * Finished response bodies with their ETags, by representation and drawing.
 * A shared link is opened over and over: the page is rendered (and hashed)
 * once, then every hit costs a lookup. Bounded in bytes, so memory stays flat
 * however many distinct messages arrive; concurrent misses share one build.
 */
export class RepresentationCache {
  readonly #cache: LRUCache<string, Representation, () => Promise<string | Buffer>>

  constructor (maxBytes = REPRESENTATION_CACHE_BYTES) {
    this.#cache = new LRUCache({
      maxSize: maxBytes,
      sizeCalculation: (entry, key) => entry.body.length + key.length * 2 + 64,
      fetchMethod: async (_key, _stale, { context: build }) => representation(await build())
    })
  }

  get stats (): { entries: number, bytes: number } {
    return { entries: this.#cache.size, bytes: this.#cache.calculatedSize }
  }

  /** The cached representation, or the one `build` makes (then kept). */
  async get (key: string, build: () => Promise<string | Buffer> | string | Buffer): Promise<Representation> {
    const cached = this.#cache.get(key)
    if (cached !== undefined) return cached
    const entry = await this.#cache.fetch(key, { context: async () => build() })
    if (entry === undefined) throw new Error('representation build aborted')
    return entry
  }
}
