import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { COW_SOURCES, DEFAULT_OPTIONS, cowSource, listCows, renderCowAlone, type CowSource } from '../cowsay/index.js'
import { CowList, DocumentFormatQuery, ErrorBody, negotiated } from '../results/schemas.js'
import { formPath } from '../results/canonical.js'
import { CONTENT_TYPES, FORMATS, FORMAT_NAMES, alternatesOf, serialise, type Format } from '../results/formats.js'
import { RepresentationCache, representation, type Representation } from '../results/representations.js'
import { HttpError } from '../http/pipeline/errors.js'
import { NOT_ACCEPTABLE_MESSAGE, negotiate, varyOf } from '../http/negotiation/negotiate.js'
import { CACHE_NAMED_FORMAT, CACHE_NEGOTIATED, sendCached, withLinks } from '../http/negotiation/caching.js'
import { origin } from '../http/urls.js'

/** How the gallery names where a cow comes from. */
const SOURCE_LABELS: Readonly<Record<CowSource, string>> = {
  debian: 'Debian\'s original',
  bundled: 'bundled collection',
  local: 'this site\'s own'
}

/**
 * A cow as its gallery card shows it: alone, without the blank columns and
 * lines around it, so that the card's window shows the drawing itself.
 */
function portrait (cow: string): string {
  const lines = renderCowAlone(cow).split('\n').map((line) => line.trimEnd())
  while (lines.length > 0 && lines[0] === '') lines.shift()
  while (lines.length > 0 && lines.at(-1) === '') lines.pop()
  const indent = Math.min(...lines.filter((line) => line !== '').map((line) => line.length - line.trimStart().length))
  return lines.map((line) => line.slice(indent)).join('\n')
}

export default async function cowRoutes (app: FastifyInstance, { publicUrl }: { publicUrl: string | null }): Promise<void> {
  const cows = listCows()
  const sources = Object.fromEntries(COW_SOURCES.map((source) => [source, cows.filter((cow) => cowSource(cow) === source)]))
  const withEtag = representation
  const list = { root: 'cows', value: { cows: [...cows], sources }, itemNames: { cows: 'cow', ...Object.fromEntries(COW_SOURCES.map((source) => [source, 'cow'])) } }
  const lists = Object.fromEntries(FORMAT_NAMES.filter((format): format is Exclude<Format, 'html'> => format !== 'html').map((format): [Format, Representation] => {
    switch (format) {
      case 'text': return [format, withEtag(cows.join('\n') + '\n')]
      default: return [format, withEtag(serialise(format, list))]
    }
  })) as Record<Exclude<Format, 'html'>, Representation>
  // The gallery is the same for everyone on a host (its canonical link is absolute): drawn once per origin.
  const galleries = new RepresentationCache()

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
    const policy = request.query.format === undefined ? CACHE_NEGOTIATED : CACHE_NAMED_FORMAT
    if (format !== 'html') return sendCached(request, reply, lists[format], policy)
    const base = origin(request, publicUrl)
    const gallery = await galleries.get(base, () => app.view('pages/cows.njk', {
      title: 'All the cows',
      canonicalUrl: base + '/cows',
      alternates: alternatesOf((format) => `/cows?format=${format}`, FORMATS),
      count: cows.length,
      sources: COW_SOURCES.filter((source) => sources[source].length > 0)
        .map((source) => ({ label: SOURCE_LABELS[source], count: sources[source].length })),
      cows: cows.map((name) => ({
        name,
        source: cowSource(name),
        sourceLabel: SOURCE_LABELS[cowSource(name)],
        drawing: portrait(name),
        href: formPath({ ...DEFAULT_OPTIONS, cow: name })
      }))
    }))
    return sendCached(request, reply, gallery, withLinks(policy, publicUrl))
  })
}
