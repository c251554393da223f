import type { FastifyInstance, RouteOptions } from 'fastify'
import { HttpError } from '../../web/http-error.js'

const OTHER_METHODS = ['DELETE', 'PATCH', 'POST', 'PUT']

/**
 * Every page is read-only: another method on a page's URL is 405 with an Allow
 * header (in the client's format), not the 404 Fastify would give. Call it
 * before the routes are registered and call the returned function after.
 */
export function methodNotAllowed (app: FastifyInstance): () => void {
  const readOnly: string[] = []
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    if (methods.includes('GET')) readOnly.push(route.url)
  })
  return () => {
    for (const url of readOnly) {
      app.route({
        method: OTHER_METHODS,
        url,
        schema: { hide: true },
        handler: async (_request, reply) => {
          reply.header('allow', 'GET, HEAD')
          throw new HttpError(405, 'Method not allowed: this address only answers GET and HEAD')
        }
      })
    }
  }
}
