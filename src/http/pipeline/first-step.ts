import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { READ_ONLY_CORS_HEADERS, isReadOnly } from './cors.js'
import { SECURITY_HEADERS } from './security-headers.js'
import { refusalOf } from '../urls.js'

type HeaderSet = Readonly<Record<string, string>>

/** The constant headers of a response, by the scheme the client used and whether other origins may read it. */
const HEADER_SETS: Readonly<Record<'http' | 'https', { readOnly: HeaderSet, other: HeaderSet }>> = {
  http: { readOnly: { ...SECURITY_HEADERS.http, ...READ_ONLY_CORS_HEADERS }, other: SECURITY_HEADERS.http },
  https: { readOnly: { ...SECURITY_HEADERS.https, ...READ_ONLY_CORS_HEADERS }, other: SECURITY_HEADERS.https }
}

/**
 * What every request gets before anything else looks at it, in one step (one
 * hook, not one per concern: each hook a request passes costs it): the
 * security headers and, for GET and HEAD, the CORS ones, from one of four
 * objects made at start; its request id (X-Request-Id); and, for a request
 * that cannot be read (a broken or too long URL, a broken query string, two
 * Host headers), the 400 or 414 that says why, through the one error handler.
 * Refusals come after the headers are set, so they carry them like every
 * other response; the rate limit, load shedding and the CORS preflight come
 * after this step.
 */
async function firstStep (app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', (request, reply, done) => {
    const sets = request.protocol === 'https' ? HEADER_SETS.https : HEADER_SETS.http
    reply.headers(isReadOnly(request.method) ? sets.readOnly : sets.other)
    reply.header('x-request-id', request.id)
    done(refusalOf(request))
  })
}

export default fp(firstStep, { name: 'first-step' })
