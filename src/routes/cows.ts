import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { DEFAULT_OPTIONS, listCows } from '../cowsay/index.js'
import { CowList, DocumentFormatQuery, ErrorBody, negotiated } from '../results/schemas.js'
import { canonicalPath } from '../results/canonical.js'
import { CONTENT_TYPES } from '../results/representations.js'
import { HttpError } from '../http/errors.js'
import { NOT_ACCEPTABLE_MESSAGE, negotiate, varyOf } from '../http/negotiate.js'
import type { DrawingCache } from '../results/drawings.js'
import { toXml } from '../results/xml.js'
import { CACHE_NAMED_FORMAT, CACHE_NEGOTIATED, sendCached } from '../http/caching.js'
import { representation, type Representation } from '../results/representations.js'

const GALLERY_TEXT = 'moo'

export default async function cowRoutes (app: FastifyInstance, { drawings }: { drawings: DrawingCache }): Promise<void> {
  const cows = listCows()
  const withEtag = representation
  const lists: Record<'json' | 'text' | 'xml', Representation> = {
    json: withEtag(JSON.stringify({ cows })),
    text: withEtag(cows.join('\n') + '\n'),
    xml: withEtag(toXml('cows', { cows: [...cows] }, { cows: 'cow' }))
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
    reply.header('vary', varyOf(request))
    const format = negotiate(request)
    if (format === null) throw new HttpError(406, NOT_ACCEPTABLE_MESSAGE)
    reply.type(CONTENT_TYPES[format])
    const cacheControl = request.query.format === undefined ? CACHE_NEGOTIATED : CACHE_NAMED_FORMAT
    if (format !== 'html') return sendCached(request, reply, lists[format], cacheControl)
    gallery ??= app.view('pages/cows.njk', {
      title: 'All the cows',
      count: cows.length,
      cows: cows.map((name) => {
        const options = { ...DEFAULT_OPTIONS, cow: name }
        return { name, drawing: drawings.draw(GALLERY_TEXT, options).output, href: canonicalPath(GALLERY_TEXT, options) }
      })
    }).then(withEtag)
    return sendCached(request, reply, await gallery, cacheControl)
  })
}
