import type { IncomingMessage } from 'node:http'
import type { FastifyRequest } from 'fastify'
import { InputError, MAX_TEXT_LENGTH } from '../cowsay/index.js'
import { MALFORMED_PERCENT, QUERY_ERROR, parseQuery } from '../results/urlencoded.js'

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
 * first step of every request (http/pipeline/first-step.ts), after the security headers
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
