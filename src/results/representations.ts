import { createHash } from 'node:crypto'
import { LRUCache } from 'lru-cache'

/** A strong validator: 160 bits of SHA-1 over the exact bytes sent. */
export function etagOf (body: string | Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`
}

export interface Representation {
  body: Buffer
  etag: string
}

/** What the finished responses kept in memory may weigh, keys included. */
const REPRESENTATION_CACHE_BYTES = 24 * 1024 * 1024

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
  readonly #cache: LRUCache<string, Representation>
  /** Builds under way, so that concurrent misses share one (lru-cache's fetch() does this with an AbortController a call). */
  readonly #building = new Map<string, Promise<Representation>>()
  /** Lookups found and built (concurrent misses share one build), for the metrics. */
  readonly counts = { hits: 0, misses: 0 }

  constructor (readonly maxBytes = REPRESENTATION_CACHE_BYTES) {
    this.#cache = new LRUCache({
      maxSize: maxBytes,
      sizeCalculation: (entry, key) => entry.body.length + key.length * 2 + 64
    })
  }

  get stats (): { entries: number, bytes: number, maxBytes: number } {
    return { entries: this.#cache.size, bytes: this.#cache.calculatedSize, maxBytes: this.maxBytes }
  }

  /** The cached representation, or the one `build` makes (then kept). */
  async get (key: string, build: () => Promise<string | Buffer> | string | Buffer): Promise<Representation> {
    const cached = this.#cache.get(key)
    if (cached !== undefined) {
      this.counts.hits++
      return cached
    }
    this.counts.misses++
    const pending = this.#building.get(key)
    if (pending !== undefined) return pending
    const building = (async () => representation(await build()))()
    this.#building.set(key, building)
    try {
      const entry = await building
      this.#cache.set(key, entry)
      return entry
    } finally {
      this.#building.delete(key)
    }
  }
}
