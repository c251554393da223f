import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'

declare module 'fastify' {
  interface FastifyInstance {
    /** True once the process has been told to stop (SIGTERM) or the app is closing. */
    isDraining: () => boolean
    /** Starts draining: /healthz answers 503 and every response closes its connection. */
    startDraining: () => void
  }
}

/**
 * Shutting down without failing anyone. From the moment the process is told
 * to stop, /healthz says so (load balancers take the instance out of rotation)
 * and each response asks its client to close the connection, so that when the
 * server stops accepting, no idle keep-alive connection is left for a request
 * to race into. Requests keep being served meanwhile; server.ts decides how
 * long to wait before closing.
 */
async function draining (app: FastifyInstance): Promise<void> {
  let draining = false
  app.decorate('isDraining', () => draining)
  app.decorate('startDraining', () => { draining = true })
  app.addHook('preClose', (done) => {
    draining = true
    done()
  })
  app.addHook('onSend', async (_request, reply) => {
    if (draining) reply.header('connection', 'close')
  })
}

export default fp(draining, { name: 'draining' })
