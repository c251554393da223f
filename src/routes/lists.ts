import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type, type TSchema } from 'typebox'
import { DocumentFormatQuery, ErrorBody, negotiated } from '../results/schemas.js'
import { CONTENT_TYPES, FORMATS, FORMAT_NAMES, alternatesOf, serialise, type Document, type Format } from '../results/formats.js'
import { RepresentationCache, representation, type Representation } from '../results/representations.js'
import { HttpError } from '../http/pipeline/errors.js'
import { NOT_ACCEPTABLE_MESSAGE, negotiate, varyOf } from '../http/negotiation/negotiate.js'
import { CACHE_NAMED_FORMAT, CACHE_NEGOTIATED, sendCached, withLinks } from '../http/negotiation/caching.js'
import { origin } from '../http/urls.js'

type ListDataFormat = Exclude<Format, 'html'>

export interface ListRoute {
  url: string
  summary: string
  /** The JSON schema of `document.value`, for the OpenAPI document and the serialiser. */
  schema: TSchema
  /** The list as plain text. */
  text: string
  /** The list as data (JSON, XML). */
  document: Document
  /** The page: its template, its title and what the template shows beside it (made on the first request for it). */
  page: { template: string, title: string, data: () => Record<string, unknown> }
  publicUrl: string | null
}

/**
 * A list that does not change while the process runs (/cows, /fortunes): every representation
 * but the page written once at start-up, the page once per origin (its canonical link is
 * absolute), each negotiated and cached as any list is.
 */
export function listRoute (app: FastifyInstance, { url, summary, schema, text, document, page, publicUrl }: ListRoute): void {
  const lists = Object.fromEntries(FORMAT_NAMES.filter((format): format is ListDataFormat => format !== 'html').map((format): [ListDataFormat, Representation] => {
    switch (format) {
      case 'text': return [format, representation(text)]
      default: return [format, representation(serialise(format, document))]
    }
  })) as Record<ListDataFormat, Representation>
  const pages = new RepresentationCache()
  const alternates = alternatesOf((format) => `${url}?format=${format}`, FORMATS)

  app.withTypeProvider<TypeBoxTypeProvider>().get(url, {
    schema: {
      summary,
      querystring: Type.Object({ format: Type.Optional(DocumentFormatQuery) }),
      response: { 200: negotiated(schema), 406: ErrorBody }
    }
  }, async (request, reply) => {
    reply.header('vary', varyOf(request))
    const format = negotiate(request)
    if (format === null) throw new HttpError(406, NOT_ACCEPTABLE_MESSAGE)
    reply.type(CONTENT_TYPES[format])
    const policy = request.query.format === undefined ? CACHE_NEGOTIATED : CACHE_NAMED_FORMAT
    if (format !== 'html') return sendCached(request, reply, lists[format], policy)
    const base = origin(request, publicUrl)
    const body = await pages.get(base, () => app.view(page.template, { ...page.data(), title: page.title, canonicalUrl: base + url, alternates }))
    return sendCached(request, reply, body, withLinks(policy, publicUrl))
  })
}
