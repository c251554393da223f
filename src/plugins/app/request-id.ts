import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'

/**
 * Every response names its request id (X-Request-Id), so a user reporting a
 * problem can quote the line we logged. A request the client gives up on
 * before any response is logged too: it would otherwise leave no line at all.
 */
async function requestIdPlugin (app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id)
    done()
  })
  app.addHook('onRequestAbort', (request, done) => {
    request.log.info({ req: request }, 'request aborted by the client')
    done()
  })
}

export default fp(requestIdPlugin, { name: 'request-id' })
