import type { IncomingMessage } from 'node:http'
import type { FastifyRequest } from 'fastify'
import { InputError, MAX_TEXT_LENGTH, quote } from '../cowsay/index.js'

/** Set on a parsed query whose encoding was broken; a hook turns it into a 400. */
export const QUERY_ERROR = Symbol('query error')

export type ParsedQuery = Record<string, string | string[]> & { [QUERY_ERROR]?: string }

const decodeQueryComponent = (raw: string, what: string): string =>
  decodeUrlComponent(raw.replaceAll('+', ' '), what)

/** How errors name the whole and its fields: a URL's query, or a form body (Slack's). */
export interface FormNames {
  whole: string
  field: string
}

const QUERY_NAMES: FormNames = { whole: 'query string', field: 'query parameter' }

/**
 * A strict `application/x-www-form-urlencoded` parser. Fastify's default quietly
 * keeps a malformed escape as literal text; a message must not change on its way
 * in, so broken encoding is reported instead. The router cannot send a response
 * from here, so the failure is marked on the result for a hook to answer.
 */
export function parseQuery (search: string, names: FormNames = QUERY_NAMES): ParsedQuery {
  const query: ParsedQuery = Object.create(null)
  if (search === '') return query
  try {
    for (const pair of search.split('&')) {
      if (pair === '') continue
      const equals = pair.indexOf('=')
      const rawKey = equals === -1 ? pair : pair.slice(0, equals)
      const rawValue = equals === -1 ? '' : pair.slice(equals + 1)
      const key = decodeQueryComponent(rawKey, names.whole)
      const value = decodeQueryComponent(rawValue, `${names.field} ${quote(key, 20)}`)
      const existing = query[key]
      if (existing === undefined) query[key] = value
      else if (Array.isArray(existing)) existing.push(value)
      else query[key] = [existing, value]
    }
  } catch (error) {
    return Object.assign(Object.create(null), { [QUERY_ERROR]: (error as Error).message })
  }
  return query
}

/**
 * The request's query: Fastify's parsed one, or, for errors the router raises
 * before the query is parsed, parsed here from the raw URL.
 */
export function queryOf (request: { query: unknown, url: string }): Record<string, unknown> {
  const parsed = request.query as Record<string, unknown> | undefined
  if (parsed !== undefined) return parsed
  const start = request.url.indexOf('?')
  return parseQuery(start === -1 ? '' : request.url.slice(start + 1))
}

const MALFORMED_PERCENT = /%(?![0-9A-Fa-f]{2})/

/**
 * Percent-decodes a piece of a URL strictly: a malformed escape or bytes that are
 * not UTF-8 are the client's error. (Raw non-ASCII bytes never get this far:
 * Node's HTTP parser refuses them with a 400.)
 */
export function decodeUrlComponent (raw: string, what: string): string {
  if (MALFORMED_PERCENT.test(raw)) {
    throw new InputError(`Malformed percent-encoding in the ${what}`)
  }
  try {
    return decodeURIComponent(raw)
  } catch {
    throw new InputError(`The ${what} is not valid UTF-8 once percent-decoded`)
  }
}

/** The longest path routed: a message of 1,000 four-byte characters, percent-encoded, and its prefix. */
export const MAX_PATH_LENGTH = MAX_TEXT_LENGTH * 12 + 64

type UrlProblem = 'too long' | 'malformed'

const pathOf = (url: string): string => {
  const queryStart = url.indexOf('?')
  return queryStart === -1 ? url : url.slice(0, queryStart)
}

/** Why the router would refuse this URL's path itself, if it would. */
function urlProblem (url: string): UrlProblem | null {
  const path = pathOf(url)
  if (path.length > MAX_PATH_LENGTH) return 'too long'
  // Only a percent sign can break the decoding: most paths are done here.
  if (!path.includes('%')) return null
  if (MALFORMED_PERCENT.test(path)) return 'malformed'
  try {
    decodeURIComponent(path)
  } catch {
    return 'malformed'
  }
  return null
}

/**
 * Fastify's rewriteUrl. The router decodes the path before any hook runs and
 * answers a path it cannot decode, or one that is too long, by itself: outside
 * the pipeline that adds the security headers, the request id and the log line.
 * Such a URL is routed as "/" (its query kept, for ?format=); refusalOf
 * finds the original in request.originalUrl and answers 400 or 414
 * through the one error handler.
 */
export function routableUrl (request: IncomingMessage): string {
  const url = request.url ?? '/'
  if (urlProblem(url) === null) return url
  const queryStart = url.indexOf('?')
  return queryStart === -1 ? '/' : '/' + url.slice(queryStart)
}

/**
 * The origin share links are built on: PUBLIC_URL when configured, otherwise
 * the scheme and host the client used (behind a trusted proxy, the ones it
 * forwarded). A Host header that is not a plain host[:port] is not trusted.
 */
export function origin (request: FastifyRequest, publicUrl: string | null): string {
  if (publicUrl !== null) return publicUrl
  const host = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(request.host) ? request.host : 'localhost'
  return `${request.protocol}://${host}`
}

function hostHeaderCount (rawHeaders: readonly string[]): number {
  let count = 0
  for (let index = 0; index < rawHeaders.length; index += 2) {
    if (rawHeaders[index]?.toLowerCase() === 'host') count++
  }
  return count
}

/**
 * Why a request cannot be read, if it cannot: a path with broken
 * percent-encoding or too long (routed as "/" by routableUrl: the original is
 * in request.originalUrl), a query string with broken encoding (marked by our
 * parser), or two Host headers, which HTTP/1.1 refuses (RFC 9112, 3.2): Node
 * keeps the first, a proxy or cache in front may keep the last, and that
 * disagreement is how cache poisoning and misrouting start. Checked by the
 * first step of every request (http/first-step.ts), after the security headers
 * and the request id are set, so these 400s and 414s carry them like every
 * other response, through the one error handler.
 */
export function refusalOf (request: FastifyRequest): InputError | undefined {
  const problem = request.originalUrl === request.url ? null : urlProblem(request.originalUrl)
  if (problem === 'too long') return new InputError('The URL is too long', 'too long')
  if (problem === 'malformed') return new InputError('Malformed URL: a percent-encoding is broken or is not UTF-8')
  const queryProblem = (request.query as Record<symbol, string | undefined>)[QUERY_ERROR]
  if (queryProblem !== undefined) return new InputError(queryProblem)
  if (hostHeaderCount(request.raw.rawHeaders) > 1) return new InputError('The request has more than one Host header')
  return undefined
}
