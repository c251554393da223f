import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { DEFAULT_TEXT, RANDOM_COW, checkMessage, readOptions } from '../cowsay/index.js'
import { FormQuery } from '../results/schemas.js'
import { canonicalPath } from '../results/canonical.js'
import { drawingLabel } from '../results/drawings.js'
import { formValues } from '../results/form.js'
import { RepresentationCache } from '../results/representations.js'
import type { DrawingCache } from '../results/drawings.js'
import { CACHE_HOME, sendCached, withLinks } from '../http/negotiation/caching.js'
import { negotiateHome, varyOf } from '../http/negotiation/negotiate.js'
import { terminalHelp } from './terminal-help.js'
import { origin } from '../http/urls.js'

export interface HomeRoutesOptions {
  drawings: DrawingCache
  publicUrl: string | null
}

/**
 * For terminals, `curl host/`, a usage text. For browsers the form page: type a message, pick a cow and options, submit to /say. Any
 * option (and the message) can be chosen by a link, `/?cow=tux&mode=dead`,
 * read by the option table like every other request; a bad value gets the
 * error page, which says which field is wrong.
 */
export default async function homeRoutes (app: FastifyInstance, { drawings, publicUrl }: HomeRoutesOptions): Promise<void> {
  // The same page for everyone on a host and choice (its canonical link is absolute): rendered once, then kept.
  const pages = new RepresentationCache()

  app.withTypeProvider<TypeBoxTypeProvider>().get('/', { schema: { hide: true, querystring: FormQuery } }, async (request, reply) => {
    const base = origin(request, publicUrl)
    reply.header('vary', varyOf(request))
    if (negotiateHome(request) === 'text') {
      reply.type('text/plain; charset=utf-8')
      return sendCached(request, reply, await pages.get(`text\n${base}`, () => terminalHelp(base)), withLinks(CACHE_HOME, publicUrl))
    }
    const text = checkMessage(request.query.text ?? '')
    const options = readOptions(request.query, request.query.action ?? 'say')
    const page = await pages.get(JSON.stringify([base, text, options]), () => {
      const shown = text === '' ? DEFAULT_TEXT : text
      // A random cow is picked when the form is sent: until then there is no one cow to show.
      const preview = options.cow === RANDOM_COW
        ? null
        : { drawing: drawings.draw(shown, options).shown, label: drawingLabel(shown, options), permalink: base + canonicalPath(shown, options) }
      return app.view('pages/home.njk', { title: null, form: formValues(text, options), canonicalUrl: base + '/', preview })
    })
    reply.type('text/html; charset=utf-8')
    return sendCached(request, reply, page, withLinks(CACHE_HOME, publicUrl))
  })
}
