import type { FastifyInstance } from 'fastify'
import { DEFAULT_OPTIONS, DEFAULT_TEXT } from '../cowsay/index.js'
import { formDefaults } from '../results/form.js'
import { RepresentationCache } from '../results/representations.js'
import type { DrawingCache } from '../results/drawings.js'
import { CACHE_SHARED_PAGE, sendCached } from '../http/caching.js'
import { negotiateHome, varyOf } from '../http/negotiate.js'
import { terminalHelp } from '../http/terminal-help.js'
import { origin } from '../http/urls.js'

export interface HomeRoutesOptions {
  drawings: DrawingCache
  publicUrl: string | null
}

/**
 * The home page: for browsers the form (type a message, pick a cow and
 * options, submit to /say); for terminals, `curl host/`, a usage text.
 */
export default async function homeRoutes (app: FastifyInstance, { drawings, publicUrl }: HomeRoutesOptions): Promise<void> {
  // The same page (or usage text) for everyone on a host (its links are absolute): made once per origin.
  const pages = new RepresentationCache()

  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    const base = origin(request, publicUrl)
    reply.header('vary', varyOf(request))
    if (negotiateHome(request) === 'text') {
      reply.type('text/plain; charset=utf-8')
      return sendCached(request, reply, await pages.get(`text\n${base}`, () => terminalHelp(base)), CACHE_SHARED_PAGE)
    }
    const page = await pages.get(base, () => app.view('pages/home.njk', {
      title: null,
      form: formDefaults(),
      canonicalUrl: base + '/',
      preview: drawings.draw(DEFAULT_TEXT, DEFAULT_OPTIONS).output
    }))
    reply.type('text/html; charset=utf-8')
    return sendCached(request, reply, page, CACHE_SHARED_PAGE)
  })
}
