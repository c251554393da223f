import type { FastifyInstance } from 'fastify'
import { HttpError } from '../http/errors.js'
import type { AssetManifest } from '../http/assets.js'

const ONE_YEAR = 365 * 24 * 60 * 60 * 1000

/**
 * Every page may be crawled and every result is a page worth finding; the
 * Slack endpoint is for Slack alone.
 */
const ROBOTS_TXT = 'User-agent: *\nDisallow: /slack/\n'

/**
 * Files from public/, by name from the manifest only: nothing in the URL is
 * ever joined to a file-system path. Behind nginx these requests never get
 * here (nginx serves /static/ itself); this route is for running Node alone.
 */
export default async function staticRoutes (app: FastifyInstance, { assets }: { assets: AssetManifest }): Promise<void> {
  app.get('/robots.txt', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/plain; charset=utf-8').header('cache-control', 'public, max-age=86400').send(ROBOTS_TXT))

  app.get('/static/*', { schema: { hide: true } }, async (request, reply) => {
    const name = (request.params as { '*': string })['*']
    const found = assets.lookup(name)
    if (found === undefined) throw new HttpError(404, 'No such file')
    if (found.immutable) {
      return reply.sendFile(found.asset.file, { maxAge: ONE_YEAR, immutable: true })
    }
    return reply.sendFile(found.asset.file, { maxAge: 60 * 60 * 1000 })
  })
}
