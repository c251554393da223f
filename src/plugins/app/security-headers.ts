import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'

const HSTS = 'max-age=31536000; includeSubDomains'

/**
 * HSTS only over HTTPS (as the client sees it, through a trusted proxy): over
 * plain HTTP the header is meaningless and would pin a local stack to HTTPS.
 */
async function securityHeaders (app: FastifyInstance): Promise<void> {
  app.addHook('onSend', async (request, reply) => {
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS)
  })
}

export default fp(securityHeaders, { name: 'security-headers' })
