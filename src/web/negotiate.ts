import accepts from 'accepts'
import type { FastifyRequest } from 'fastify'
import { parseQuery } from './querystring.js'
import { FORMATS, MEDIA_TYPES, isFormat, type Format } from './formats.js'

const FORMAT_BY_MEDIA_TYPE = new Map<string, Format>(Object.entries(FORMATS).map(([name, type]) => [type, name as Format]))

/** The `format` query parameter, when it names a format we speak. */
function formatParameter (request: FastifyRequest): Format | undefined {
  // Errors raised by the router come before the query is parsed.
  const query = (request.query as { format?: unknown } | undefined) ??
    parseQuery(request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '')
  const format = query.format
  return isFormat(format) ? format : undefined
}

/**
 * The representation a request asks for: `?format=` first (links and clients
 * that cannot set headers), then the Accept header with its q-values; HTML is
 * what `*\/*` and a missing header get. Null when nothing offered is acceptable.
 */
export function negotiate (request: FastifyRequest): Format | null {
  const chosen = formatParameter(request)
  if (chosen !== undefined) return chosen
  const type = accepts(request.raw).type(MEDIA_TYPES)
  return typeof type === 'string' ? FORMAT_BY_MEDIA_TYPE.get(type) ?? null : null
}

/** Errors are always answered: in the negotiated format, or plain text when none is acceptable. */
export const errorFormat = (request: FastifyRequest): Format => {
  try {
    return negotiate(request) ?? 'text'
  } catch {
    return 'text'
  }
}

export const NOT_ACCEPTABLE_MESSAGE = `Not acceptable: this resource is available as ${MEDIA_TYPES.join(', ')} (or ?format=${Object.keys(FORMATS).join('|')})`
