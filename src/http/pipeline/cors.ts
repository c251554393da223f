import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'

const ALLOWED_METHODS = 'GET, HEAD'
const READ_ONLY = new Set(['GET', 'HEAD'])

/** The methods any origin may use: a script elsewhere may read what they answer. */
export const isReadOnly = (method: string): boolean => READ_ONLY.has(method)

/**
 * On every GET and HEAD answer, errors included (a 429 or 503 too, with its
 * Retry-After): any origin may read it, without credentials. Set by the first
 * step of every request (http/pipeline/first-step.ts), with the security headers.
 */
export const READ_ONLY_CORS_HEADERS = {
  'access-control-allow-origin': '*',
  // What a script elsewhere may read beyond the safelisted headers.
  'access-control-expose-headers': 'retry-after, x-request-id, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset'
}

const PREFLIGHT = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': ALLOWED_METHODS,
  'access-control-max-age': '86400',
  'content-length': '0'
}

/**
 * CORS for a public, read-only API: scripts on any site may GET it (JSON,
 * text, XML, pictures) without credentials; nothing else is shared across
 * origins. Another method, such as POST /slack/commands, or a preflight asking
 * for one, gets no CORS headers, so a browser keeps other sites' scripts from
 * using it. This hook answers the preflights (after the rate limit, which
 * counts them); the headers of GET and HEAD are set with the others, once.
 *
 * Our own hook rather than @fastify/cors: with the per-request choice this
 * needs (its `delegator`), @fastify/cors normalised its options on every
 * request, 14% of the time a cached result took here; these headers are
 * constant and set from two objects.
 */
async function corsPreflight (app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', (request, reply, done) => {
    if (request.method !== 'OPTIONS') return done()
    const asked = request.headers['access-control-request-method']
    if (request.headers.origin !== undefined && typeof asked === 'string' && READ_ONLY.has(asked)) {
      const headers = request.headers['access-control-request-headers']
      reply.code(204).headers(PREFLIGHT)
      if (typeof headers === 'string') reply.header('access-control-allow-headers', headers)
      reply.send()
      return
    }
    done()
  })
}

export default fp(corsPreflight, { name: 'cors-preflight' })
