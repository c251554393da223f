import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { DEFAULT_OPTIONS, renderCow } from '../cowsay/index.js'

/**
 * Two questions an orchestrator asks. /healthz: should this process get
 * traffic? (200 when it can draw a cow and is not shutting down; load
 * balancers, readiness probes and the image's HEALTHCHECK ask it.) /livez: is
 * the process alive at all? (200 as long as it answers, draining included, so
 * a liveness probe never restarts a process in the middle of its drain.)
 */
export default async function healthRoutes (app: FastifyInstance): Promise<void> {
  app.get('/livez', {
    schema: {
      summary: 'Liveness: 200 while the process answers, also while draining',
      response: { 200: Type.Object({ status: Type.Literal('alive') }) }
    }
  }, async (_request, reply) => {
    reply.header('cache-control', 'no-store')
    return { status: 'alive' as const }
  })

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
