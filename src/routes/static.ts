import type { FastifyInstance } from 'fastify'
import { sendCached, type CachePolicy } from '../http/negotiation/caching.js'
import { HttpError } from '../http/pipeline/errors.js'
import type { AssetManifest } from '../http/rendering/assets.js'

const FINGERPRINTED: CachePolicy = { cacheControl: 'public, max-age=31536000, immutable', cdnCacheControl: 'public, max-age=31536000, immutable', edgeSeconds: 31_536_000 }
const PLAIN: CachePolicy = { cacheControl: 'public, max-age=3600', cdnCacheControl: 'public, max-age=3600', edgeSeconds: 3600 }

/**
 * Every page may be crawled and every result is a page worth finding; the
 * Slack endpoint is for Slack alone.
 */
const ROBOTS_TXT = 'User-agent: *\nDisallow: /slack/\n'

/**
 * Files from public/, by name from the manifest only: nothing in the URL is
 * ever joined to a file-system path. Behind nginx these requests never get
 * here (nginx serves /static/ itself); this route is for running Node alone.
 * The bytes come from memory, compressed, with ETags and 304s, as cached
 * pages are (http/negotiation/caching.ts): @fastify/static and what it loads (glob, send,
 * a MIME database) cost some 40 ms of every start for eight small files.
 */
export default async function staticRoutes (app: FastifyInstance, { assets }: { assets: AssetManifest }): Promise<void> {
  app.get('/robots.txt', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/plain; charset=utf-8').header('cache-control', 'public, max-age=86400').send(ROBOTS_TXT))

  app.get('/static/*', { schema: { hide: true } }, async (request, reply) => {
    const name = (request.params as { '*': string })['*']
    const found = assets.lookup(name)
    if (found === undefined) throw new HttpError(404, 'No such file')
    reply.type(found.asset.type)
    return sendCached(request, reply, found.asset, found.immutable ? FINGERPRINTED : PLAIN)
  })
}
