import { METHODS } from 'node:http'
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import { HttpError } from '../../web/http-error.js'

const READ_ONLY = ['GET', 'HEAD']
// Node's parser passes CONNECT to a 'connect' listener, never to the router.
const UNROUTABLE = ['CONNECT']

/**
 * Every page is read-only, but for the few that also take a POST: another
 * method on a page's URL is 405 with an Allow header (in the client's format),
 * not the 404 Fastify would give. That holds for every method Node's parser
 * accepts (TRACE, PROPFIND, PURGE ...), so the ones Fastify does not route by
 * default are added. A CORS preflight (OPTIONS with Origin) is answered by the
 * CORS plugin's hook before this handler runs. Call it before the routes are
 * registered and call the returned function after.
 */
const refusal = (allowed: readonly string[]) => async (_request: FastifyRequest, reply: FastifyReply): Promise<never> => {
  reply.header('allow', allowed.join(', '))
  throw new HttpError(405, `Method not allowed: this address only answers ${allowed.slice(0, -1).join(', ')} and ${allowed[allowed.length - 1] ?? ''}`)
}

export function methodNotAllowed (app: FastifyInstance): () => void {
  for (const method of METHODS) {
    if (!UNROUTABLE.includes(method) && !app.supportedMethods.includes(method)) app.addHttpMethod(method)
  }
  // The methods each page's URL answers, GET and HEAD first.
  const pages = new Map<string, Set<string>>()
  const declared = new Map<string, string[]>()
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    if (methods.includes('GET')) pages.set(route.url, new Set(READ_ONLY))
    declared.set(route.url, [...(declared.get(route.url) ?? []), ...methods])
  })
  return () => {
    for (const [url, allowed] of pages) {
      for (const method of declared.get(url) ?? []) allowed.add(method)
      const refuse = refusal([...allowed])
      app.route({
        method: app.supportedMethods.filter((method) => !allowed.has(method)),
        url,
        schema: { hide: true },
        // Refused before any body is read: a 2 MB PUT to a page is a 405, not a 413.
        onRequest: refuse,
        handler: refuse
      })
    }
  }
}
