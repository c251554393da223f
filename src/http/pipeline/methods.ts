import { METHODS } from 'node:http'
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import { HttpError } from './errors.js'

const READ_ONLY = ['GET', 'HEAD']
// Node's parser passes CONNECT to a 'connect' listener, never to the router.
const UNROUTABLE = ['CONNECT']

const refusal = (allowed: readonly string[]) => async (_request: FastifyRequest, reply: FastifyReply): Promise<never> => {
  reply.header('allow', allowed.join(', '))
  throw new HttpError(405, `Method not allowed: this address only answers ${allowed.slice(0, -1).join(', ')} and ${allowed[allowed.length - 1] ?? ''}`)
}

/**
 * Every page is read-only: another method on a page's URL is 405 with an Allow
 * header (in the client's format), not the 404 Fastify would give. That holds
 * for every method Node's parser accepts (TRACE, PROPFIND, PURGE ...), so the
 * ones Fastify does not route by default are added. A CORS preflight (OPTIONS
 * with Origin) is answered by the CORS plugin's hook before this handler runs.
 *
 * Structural rather than a call to remember: each GET route, wherever and
 * whenever it is registered, gets its 405 route as it is declared. A page that
 * also answers another method (POST /say) declares that route first: the 405
 * then leaves it out, and Allow names it. (Declared after, it would clash
 * with the 405 route, and the app would not start.)
 */
async function methodNotAllowed (app: FastifyInstance): Promise<void> {
  for (const method of METHODS) {
    if (!UNROUTABLE.includes(method) && !app.supportedMethods.includes(method)) app.addHttpMethod(method)
  }
  // The methods declared so far on each URL.
  const declared = new Map<string, Set<string>>()
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    const onUrl = declared.get(route.url) ?? new Set<string>()
    declared.set(route.url, onUrl)
    for (const method of methods) onUrl.add(method)
    if (!methods.includes('GET')) return
    const allowed = [...READ_ONLY, ...[...onUrl].filter((method) => !READ_ONLY.includes(method))]
    const refuse = refusal(allowed)
    app.route({
      method: app.supportedMethods.filter((method) => !allowed.includes(method)),
      url: route.url,
      schema: { hide: true },
      // Refused before any body is read: a 2 MB PUT to a page is a 405, not a 413.
      onRequest: refuse,
      handler: refuse
    })
  })
}

export default fp(methodNotAllowed, { name: 'method-not-allowed' })
