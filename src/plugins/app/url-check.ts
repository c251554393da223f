import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { HttpError, badRequest } from '../../web/http-error.js'
import { QUERY_ERROR } from '../../web/querystring.js'
import { urlProblem } from '../../web/routable-url.js'

/**
 * Answers the URLs that cannot be read: a path with broken percent-encoding or
 * too long (routed as "/" by routableUrl), a query string with broken encoding
 * (marked by our parser). Registered after the security headers and the request
 * id, so these 400s and 414s carry them like every other response.
 */
async function urlCheck (app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', async (request) => {
    const problem = request.originalUrl === request.url ? null : urlProblem(request.originalUrl)
    if (problem === 'too long') throw new HttpError(414, 'The URL is too long')
    if (problem === 'malformed') throw badRequest('Malformed URL: a percent-encoding is broken or is not UTF-8')
    const queryProblem = (request.query as Record<symbol, string | undefined>)[QUERY_ERROR]
    if (queryProblem !== undefined) throw badRequest(queryProblem)
  })
}

export default fp(urlCheck, { name: 'url-check' })
