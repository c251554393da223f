import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { helmetHeaders } from '../external/helmet.js'

const HSTS = 'max-age=31536000; includeSubDomains'

/**
 * helmet's headers on every response (pages, errors, API, static files), set
 * from one precomputed object. HSTS only over HTTPS as the client sees it
 * (through a trusted proxy): over plain HTTP it is meaningless and would pin a
 * local stack to HTTPS.
 */
async function securityHeaders (app: FastifyInstance): Promise<void> {
  const headers = helmetHeaders()
  const httpsHeaders = { ...headers, 'strict-transport-security': HSTS }
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(request.protocol === 'https' ? httpsHeaders : headers)
    done()
  })
}

export default fp(securityHeaders, { name: 'security-headers' })
