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

/** Sends a cached representation, or 304 when the client already has it. */
export function sendCached (request: FastifyRequest, reply: FastifyReply, entry: { body: string | Buffer, etag: string }, cacheControl: string): FastifyReply {
  reply.header('etag', entry.etag).header('cache-control', cacheControl)
  if (isNotModified(request, entry.etag)) return reply.code(304).send()
  return reply.send(entry.body)
}
