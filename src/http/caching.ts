import { gzipSync } from 'node:zlib'
import accepts from 'accepts'
import type { FastifyReply, FastifyRequest } from 'fastify'

/**
 * The caching policy. Results are deterministic, so everything can be kept;
 * the only danger is a shared cache that ignores Vary (Cloudflare in front of
 * the original service did): a URL whose representation depends on Accept
 * must never be stored there, or a browser could be handed JSON. So:
 *
 * - a URL that names its format (`?format=json`) is one representation:
 *   shared caches may keep it for a month, browsers for a day;
 * - a negotiated URL is `private`: only the browser's own cache, which
 *   honours Vary: Accept, may keep it.
 */
export const CACHE_NAMED_FORMAT = 'public, max-age=86400, s-maxage=2592000'
export const CACHE_NEGOTIATED = 'private, max-age=3600'
/** Pages that are the same for everyone and whatever the Accept header (the form). */
export const CACHE_SHARED_PAGE = 'public, max-age=600'

/**
 * True when the client's copy is current (If-None-Match lists our ETag, or
 * `*`). Weak comparison, as RFC 9110 asks for If-None-Match.
 */
export function isNotModified (request: FastifyRequest, etag: string): boolean {
  // A POST that stands for a GET is answered in full: 304 is an answer to GET and HEAD only.
  if (request.method !== 'GET' && request.method !== 'HEAD') return false
  const header = request.headers['if-none-match']
  if (header === undefined) return false
  if (header.trim() === '*') return true
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)
}

/**
 * Text of a kilobyte or more goes gzipped to a client that accepts it: the
 * gallery's 150 KB of drawings become about 30, which is what a phone on a
 * slow network waits for. (Behind nginx, nginx would do it; run alone, as on
 * a PaaS, the app must.) PNGs are compressed already.
 */
const COMPRESS_MIN_BYTES = 1024
const COMPRESSIBLE = /^(?:text\/|application\/(?:json|xml)|image\/svg\+xml)/

/**
 * Each cached body is compressed once, the first time a client asks for it
 * so, and kept as long as the body is: a hit costs a lookup, never a deflate.
 * The gzipped bytes are another representation, so they have their own ETag.
 */
const gzipped = new WeakMap<Buffer, { body: Buffer, etag: string }>()

function gzipOf (body: Buffer, etag: string): { body: Buffer, etag: string } {
  let found = gzipped.get(body)
  if (found === undefined) gzipped.set(body, found = { body: gzipSync(body), etag: etag.replace(/"$/, '-gzip"') })
  return found
}

/** Sends a cached representation, gzipped when that helps and the client accepts it, or 304 when the client already has it. */
export function sendCached (request: FastifyRequest, reply: FastifyReply, entry: { body: string | Buffer, etag: string }, cacheControl: string): FastifyReply {
  let sent = entry
  if (Buffer.isBuffer(entry.body) && entry.body.length >= COMPRESS_MIN_BYTES && COMPRESSIBLE.test(String(reply.getHeader('content-type') ?? ''))) {
    const vary = reply.getHeader('vary')
    reply.header('vary', vary === undefined ? 'Accept-Encoding' : `${String(vary)}, Accept-Encoding`)
    if (accepts(request.raw).encoding(['gzip']) === 'gzip') {
      sent = gzipOf(entry.body, entry.etag)
      reply.header('content-encoding', 'gzip')
    }
  }
  reply.header('etag', sent.etag).header('cache-control', cacheControl)
  if (isNotModified(request, sent.etag)) return reply.code(304).send()
  return reply.send(sent.body)
}
