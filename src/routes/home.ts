import type { FastifyInstance } from 'fastify'
import { DEFAULT_OPTIONS, DEFAULT_TEXT } from '../cowsay/index.js'
import { formDefaults } from '../web/form.js'
import { CACHE_SHARED_PAGE, sendCached } from '../web/http-cache.js'
import { origin } from '../web/links.js'
import { negotiateHome, varyOf } from '../web/negotiate.js'
import { representation, type Representation } from '../web/representations.js'
import type { DrawingCache } from '../web/results.js'
import { terminalHelp } from '../web/terminal-help.js'

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
