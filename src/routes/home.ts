import type { FastifyInstance } from 'fastify'
import { DEFAULT_OPTIONS, DEFAULT_TEXT } from '../cowsay/index.js'
import { formDefaults } from '../web/form.js'
import { CACHE_SHARED_PAGE, sendCached } from '../web/http-cache.js'
import { representation, type Representation } from '../web/representations.js'
import type { DrawingCache } from '../web/results.js'

/** The form page: type a message, pick a cow and options, submit to /say. */
export default async function homeRoutes (app: FastifyInstance, { drawings }: { drawings: DrawingCache }): Promise<void> {
  // The same page for everyone: rendered once, on first request.
  let page: Promise<Representation> | undefined

  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    page ??= app.view('pages/home.njk', {
      title: null,
      form: formDefaults(),
      canonicalPath: '/',
      preview: drawings.draw(DEFAULT_TEXT, DEFAULT_OPTIONS).output
    }).then(representation)
    reply.type('text/html; charset=utf-8')
    return sendCached(request, reply, await page, CACHE_SHARED_PAGE)
  })
}
