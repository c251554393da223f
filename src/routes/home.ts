import type { FastifyInstance } from 'fastify'
import { DEFAULT_OPTIONS, DEFAULT_TEXT } from '../cowsay/index.js'
import { formDefaults } from '../results/form.js'
import { CACHE_SHARED_PAGE, sendCached } from '../http/caching.js'
import { representation, type Representation } from '../results/representations.js'
import type { DrawingCache } from '../results/drawings.js'
import { negotiateHome, varyOf } from '../http/negotiate.js'
import { origin } from '../http/urls.js'
import { terminalHelp } from '../http/terminal-help.js'

/** Help texts kept, one per origin they name (one, with PUBLIC_URL set). */
const MAX_HELP_TEXTS = 16

/**
 * The home page: for browsers the form (type a message, pick a cow and
 * options, submit to /say); for terminals, `curl host/`, a usage text.
 */
export default async function homeRoutes (app: FastifyInstance, { drawings, publicUrl }: { drawings: DrawingCache, publicUrl: string | null }): Promise<void> {
  // The same page for everyone: rendered once, on first request.
  let page: Promise<Representation> | undefined
  const helpTexts = new Map<string, Representation>()

  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    reply.header('vary', varyOf(request))
    if (negotiateHome(request) === 'text') {
      const site = origin(request, publicUrl)
      let help = helpTexts.get(site)
      if (help === undefined) {
        if (helpTexts.size >= MAX_HELP_TEXTS) helpTexts.clear()
        helpTexts.set(site, help = representation(terminalHelp(site)))
      }
      reply.type('text/plain; charset=utf-8')
      return sendCached(request, reply, help, CACHE_SHARED_PAGE)
    }
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
