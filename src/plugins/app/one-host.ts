import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { badRequest } from '../../web/http-error.js'

function hostHeaderCount (rawHeaders: readonly string[]): number {
  let count = 0
  for (let index = 0; index < rawHeaders.length; index += 2) {
    if (rawHeaders[index]?.toLowerCase() === 'host') count++
  }
  return count
}

/**
 * A request with two Host headers is refused, as HTTP/1.1 requires (RFC 9112,
 * 3.2): Node keeps the first, a proxy or cache in front may keep the last, and
 * that disagreement is how cache poisoning and misrouting start.
 */
async function oneHost (app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', async (request) => {
    if (hostHeaderCount(request.raw.rawHeaders) > 1) throw badRequest('The request has more than one Host header')
  })
}

export default fp(oneHost, { name: 'one-host' })
