import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { LRUCache } from 'lru-cache'
import Negotiator from 'negotiator'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { COMPRESSIBLE_CONTENT_TYPES } from '../../results/formats.js'
import { memoByHeader } from './memo.js'

/**
 * Who may keep an answer, and for how long, said to each kind of cache:
 *
 * - `Cache-Control`: browsers, and any shared cache that honours Vary;
 * - `CDN-Cache-Control` (RFC 9213): the CDNs a deployment puts in front,
 *   which read it instead of Cache-Control and key on the URL alone, Vary or
 *   not (Cloudflare in front of the original service handed JSON to
 *   browsers that way);
 * - `X-Accel-Expires`: the deployment's own nginx (nginx.conf), whose cache
 *   key holds the format and coding the app would choose, and which does not
 *   pass the header on. Absent: nginx keeps nothing.
 */
export interface CachePolicy {
  readonly cacheControl: string
  readonly cdnCacheControl: string
  /** Seconds nginx may keep the answer; 0 for never. */
  readonly edgeSeconds: number
}

const DAY = 86_400

/**
 * Results are deterministic, so everything can be kept; the only danger is a
 * cache that mixes the representations of one URL:
 *
 * - a URL that names its format (`?format=json`) is one representation:
 *   shared caches and CDNs may keep it for a month (serving it stale while
 *   they refresh it, or while the app is down), browsers for a day;
 * - a negotiated URL is `private` for browsers' sake and for CDNs: only a
 *   cache that keys on the negotiated format (the browser's own, nginx's) may
 *   keep it.
 */
export const CACHE_NAMED_FORMAT: CachePolicy = {
  cacheControl: 'public, max-age=86400, s-maxage=2592000',
  cdnCacheControl: 'public, max-age=2592000, stale-while-revalidate=86400, stale-if-error=604800',
  edgeSeconds: DAY
}
export const CACHE_NEGOTIATED: CachePolicy = { cacheControl: 'private, max-age=3600', cdnCacheControl: 'private', edgeSeconds: DAY }
/** Pages that are the same for everyone and whatever the Accept header (the OpenAPI document). */
export const CACHE_SHARED_PAGE: CachePolicy = { cacheControl: 'public, max-age=600', cdnCacheControl: 'public, max-age=600', edgeSeconds: 600 }
/**
 * The home page: the same form for every browser, but a usage text for
 * terminals at the same URL, so never in a CDN that keys on the URL alone.
 */
export const CACHE_HOME: CachePolicy = { ...CACHE_SHARED_PAGE, cdnCacheControl: 'private' }
/** A pick at random (a cow, a fortune) answered in place: the next request picks again, so nothing keeps it. */
export const CACHE_NONE: CachePolicy = { cacheControl: 'no-store', cdnCacheControl: 'no-store', edgeSeconds: 0 }

/**
 * What may be kept for `seconds` only (today's cow, until midnight): negotiated, by the browser
 * and an edge that keys on the format, as CACHE_NEGOTIATED; with the format named, by any cache.
 */
export const cacheFor = (seconds: number): { negotiated: CachePolicy, named: CachePolicy } => ({
  negotiated: { cacheControl: `private, max-age=${seconds}`, cdnCacheControl: 'private', edgeSeconds: seconds },
  named: { cacheControl: `public, max-age=${seconds}`, cdnCacheControl: `public, max-age=${seconds}`, edgeSeconds: seconds }
})

/**
 * The policy for a response that embeds absolute links. Built from the
 * request's Host (no PUBLIC_URL), they are for that client alone: a shared
 * cache keeps by URL, and a request with a forged Host would have it hand
 * links to the forger's host to everyone after. With PUBLIC_URL the links are
 * the same for everyone and the policy stands.
 */
export function withLinks (policy: CachePolicy, publicUrl: string | null): CachePolicy {
  if (publicUrl !== null) return policy
  return { cacheControl: policy.cacheControl.replace(/^public\b/, 'private').replace(/,\s*s-maxage=\d+/, ''), cdnCacheControl: 'private', edgeSeconds: 0 }
}

/** Puts a policy's headers on a reply. */
export function applyCachePolicy (reply: FastifyReply, { cacheControl, cdnCacheControl, edgeSeconds }: CachePolicy): FastifyReply {
  reply.header('cache-control', cacheControl).header('cdn-cache-control', cdnCacheControl)
  if (edgeSeconds > 0) reply.header('x-accel-expires', String(edgeSeconds))
  return reply
}

/**
 * True when the client's copy is current (If-None-Match lists our ETag, or
 * `*`). Weak comparison, as RFC 9110 asks for If-None-Match.
 */
function isNotModified (request: FastifyRequest, etag: string): boolean {
  // A POST that stands for a GET is answered in full: 304 is an answer to GET and HEAD only.
  if (request.method !== 'GET' && request.method !== 'HEAD') return false
  const header = request.headers['if-none-match']
  if (header === undefined) return false
  if (header.trim() === '*') return true
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)
}

/**
 * Text of a kilobyte or more goes compressed to a client that accepts it: the
 * gallery's 150 KB of drawings become about 25, which is what a phone on a
 * slow network waits for. (Behind nginx, nginx passes it on as it is; run
 * alone, as on a PaaS, the app must.) PNGs are compressed already.
 */
const COMPRESS_MIN_BYTES = 1024
const COMPRESSIBLE = /^(?:text\/|application\/(?:json|xml)|image\/svg\+xml)/

/** Whether a body of this Content-Type is sent compressed: as its format declares, or, for static files and the like, by its type. */
export const isCompressible = (contentType: string): boolean => COMPRESSIBLE_CONTENT_TYPES.get(contentType) ?? COMPRESSIBLE.test(contentType)

/**
 * The content codings we make, by preference: brotli (a fifth smaller than
 * gzip on our pages) where the client takes it, else gzip. Each is made once
 * per body; brotli at quality 5, a millisecond for a result page, where 11
 * would take a hundred times as long for a few percent.
 */
const ENCODERS = {
  br: (body: Buffer) => brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_SIZE_HINT]: body.length }
  }),
  gzip: (body: Buffer) => gzipSync(body)
} as const
type Encoding = keyof typeof ENCODERS
const ENCODINGS = Object.keys(ENCODERS) as Encoding[]

/**
 * The coding to send, from Accept-Encoding with its q-values (`br;q=0` refuses
 * brotli; equal weights go to our preference); undefined for the body as it is.
 */
const encodingFor = memoByHeader((acceptEncoding): Encoding | undefined => {
  if (acceptEncoding === undefined) return undefined
  return new Negotiator({ headers: { 'accept-encoding': acceptEncoding } }).encodings(ENCODINGS, { preferred: ENCODINGS })[0] as Encoding | undefined
})

interface Sendable { body: Buffer, etag: string }

/** What the compressed bodies kept in memory may weigh, keys included. */
const COMPRESSED_CACHE_BYTES = 8 * 1024 * 1024

/**
 * Each body is compressed once per coding, the first time a client asks for
 * it so, and kept in an LRU of its own, bounded in bytes (the bodies it was
 * made from are counted where they are kept): a hit costs a lookup, never a
 * compression, and memory stays flat however many distinct pages are asked
 * for compressed. Keyed by the body's ETag, a hash of its bytes, so the same
 * bytes are compressed once whichever route sends them. The compressed bytes
 * are another representation, so each has its own ETag.
 */
export class CompressedBodies {
  readonly #cache: LRUCache<string, Sendable>
  /** Lookups found and compressed, for the metrics. */
  readonly counts = { hits: 0, misses: 0 }

  constructor (readonly maxBytes = COMPRESSED_CACHE_BYTES) {
    this.#cache = new LRUCache({ maxSize: maxBytes, sizeCalculation: (entry, key) => entry.body.length + key.length * 2 + 64 })
  }

  /** Compressed bodies kept and what they weigh. */
  get stats (): { entries: number, bytes: number, maxBytes: number } {
    return { entries: this.#cache.size, bytes: this.#cache.calculatedSize, maxBytes: this.maxBytes }
  }

  of (entry: Sendable, encoding: Encoding): Sendable {
    const key = `${encoding}\n${entry.etag}`
    let sendable = this.#cache.get(key)
    if (sendable !== undefined) {
      this.counts.hits++
    } else {
      this.counts.misses++
      sendable = { body: ENCODERS[encoding](entry.body), etag: entry.etag.replace(/"$/, `-${encoding}"`) }
      this.#cache.set(key, sendable)
    }
    return sendable
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's compressed bodies: every route's cached bodies are sent through sendCached. */
    compressedBodies: CompressedBodies
  }
}

/**
 * Sends a cached representation, compressed when that helps and the client
 * accepts it, or 304 when the client already has it (with no Content-Type: a
 * 304 has no body to describe).
 */
export function sendCached (request: FastifyRequest, reply: FastifyReply, entry: { body: string | Buffer, etag: string }, policy: CachePolicy): FastifyReply {
  let sent = entry
  if (Buffer.isBuffer(entry.body) && entry.body.length >= COMPRESS_MIN_BYTES && isCompressible(String(reply.getHeader('content-type') ?? ''))) {
    const vary = reply.getHeader('vary')
    reply.header('vary', vary === undefined ? 'Accept-Encoding' : `${String(vary)}, Accept-Encoding`)
    const encoding = encodingFor(request.headers['accept-encoding'])
    if (encoding !== undefined) {
      sent = request.server.compressedBodies.of({ body: entry.body, etag: entry.etag }, encoding)
      reply.header('content-encoding', encoding)
    }
  }
  applyCachePolicy(reply.header('etag', sent.etag), policy)
  if (isNotModified(request, sent.etag)) {
    reply.removeHeader('content-type')
    return reply.code(304).send()
  }
  return reply.send(sent.body)
}
