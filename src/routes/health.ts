import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { DEFAULT_OPTIONS, renderCow } from '../cowsay/index.js'

/** 200 when the service can draw a cow and is not shutting down; what load balancers and the image's HEALTHCHECK ask. */
export default async function healthRoutes (app: FastifyInstance): Promise<void> {
  app.get('/healthz', {
    schema: {
      summary: 'Health check',
      response: { 200: Type.Object({ status: Type.Literal('ok') }), 503: Type.Object({ status: Type.String() }) }
    }
  }, async (_request, reply) => {
    reply.header('cache-control', 'no-store')
    // Shutting down: out of rotation, while the requests in flight finish.
    if (app.isDraining()) return reply.code(503).send({ status: 'draining' })
    if (!renderCow('ok', DEFAULT_OPTIONS).includes('< ok >')) {
      return reply.code(503).send({ status: 'cannot render' })
    }
    return { status: 'ok' as const }
  })
}
