import type { FastifyInstance } from 'fastify'
import { DEFAULT_OPTIONS, DEFAULT_TEXT } from '../cowsay/index.js'
import { formDefaults } from '../results/form.js'
import { RepresentationCache } from '../results/representations.js'
import type { DrawingCache } from '../results/drawings.js'
import { CACHE_SHARED_PAGE, sendCached, withLinks } from '../http/caching.js'
import { origin } from '../http/urls.js'

export interface HomeRoutesOptions {
  drawings: DrawingCache
  publicUrl: string | null
}

/** The form page: type a message, pick a cow and options, submit to /say. */
export default async function homeRoutes (app: FastifyInstance, { drawings, publicUrl }: HomeRoutesOptions): Promise<void> {
  // The same page for everyone on a host (its canonical link is absolute): rendered once per origin.
  const pages = new RepresentationCache()

  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    const base = origin(request, publicUrl)
    const page = await pages.get(base, () => app.view('pages/home.njk', {
      title: null,
      form: formDefaults(),
      canonicalUrl: base + '/',
      preview: drawings.draw(DEFAULT_TEXT, DEFAULT_OPTIONS).output
    }))
    reply.type('text/html; charset=utf-8')
    return sendCached(request, reply, page, withLinks(CACHE_SHARED_PAGE, publicUrl))
  })
}
