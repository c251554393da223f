import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { COW_SOURCES, DEFAULT_OPTIONS, cowSource, listCows, type CowSource } from '../cowsay/index.js'
import { CowList, DocumentFormatQuery, ErrorBody, negotiated } from '../schemas/result.js'
import { canonicalPath } from '../web/canonical.js'
import { CONTENT_TYPES } from '../web/formats.js'
import { HttpError } from '../web/http-error.js'
import { NOT_ACCEPTABLE_MESSAGE, negotiate } from '../web/negotiate.js'
import type { DrawingCache } from '../web/results.js'
import { toXml } from '../web/xml.js'
import { CACHE_NAMED_FORMAT, CACHE_NEGOTIATED, sendCached } from '../web/http-cache.js'
import { representation, type Representation } from '../web/representations.js'

const GALLERY_TEXT = 'moo'

/** How the gallery names where a cow comes from. */
const SOURCE_LABELS: Readonly<Record<CowSource, string>> = {
  debian: 'Debian\'s original',
  bundled: 'bundled collection',
  local: 'this site\'s own'
}

export default async function cowRoutes (app: FastifyInstance, { drawings }: { drawings: DrawingCache }): Promise<void> {
  const cows = listCows()
  const sources = Object.fromEntries(COW_SOURCES.map((source) => [source, cows.filter((cow) => cowSource(cow) === source)]))
  const withEtag = representation
  const lists: Record<'json' | 'text' | 'xml', Representation> = {
    json: withEtag(JSON.stringify({ cows, sources })),
    text: withEtag(cows.join('\n') + '\n'),
    xml: withEtag(toXml('cows', { cows: [...cows], sources }, { cows: 'cow', ...Object.fromEntries(COW_SOURCES.map((source) => [source, 'cow'])) }))
  }
  // The gallery is the same for everyone: drawn once, on first request.
  let gallery: Promise<Representation> | undefined

  app.withTypeProvider<TypeBoxTypeProvider>().get('/cows', {
    schema: {
      summary: 'Every cow: a gallery page, or the list of names as JSON, plain text or XML',
      querystring: Type.Object({ format: Type.Optional(DocumentFormatQuery) }),
      response: { 200: negotiated(CowList), 406: ErrorBody }
    }
  }, async (request, reply) => {
    reply.header('vary', 'Accept')
    const format = negotiate(request)
    if (format === null) throw new HttpError(406, NOT_ACCEPTABLE_MESSAGE)
    reply.type(CONTENT_TYPES[format])
    const cacheControl = request.query.format === undefined ? CACHE_NEGOTIATED : CACHE_NAMED_FORMAT
    if (format !== 'html') return sendCached(request, reply, lists[format], cacheControl)
    gallery ??= app.view('pages/cows.njk', {
      title: 'All the cows',
      count: cows.length,
      sources: COW_SOURCES.filter((source) => sources[source].length > 0)
        .map((source) => ({ label: SOURCE_LABELS[source], count: sources[source].length })),
      cows: cows.map((name) => {
        const options = { ...DEFAULT_OPTIONS, cow: name }
        const source = cowSource(name)
        return { name, source, sourceLabel: SOURCE_LABELS[source], drawing: drawings.draw(GALLERY_TEXT, options).output, href: canonicalPath(GALLERY_TEXT, options) }
      })
    }).then(withEtag)
    return sendCached(request, reply, await gallery, cacheControl)
  })
}
