import type { IncomingMessage } from 'node:http'
import { MAX_TEXT_LENGTH } from '../cowsay/index.js'

/** The longest path routed: a message of 1,000 four-byte characters, percent-encoded, and its prefix. */
export const MAX_PATH_LENGTH = MAX_TEXT_LENGTH * 12 + 64

export type UrlProblem = 'too long' | 'malformed'

const MALFORMED_PERCENT = /%(?![0-9A-Fa-f]{2})/

const pathOf = (url: string): string => {
  const queryStart = url.indexOf('?')
  return queryStart === -1 ? url : url.slice(0, queryStart)
}

/** Why the router would refuse this URL's path itself, if it would. */
export function urlProblem (url: string): UrlProblem | null {
  const path = pathOf(url)
  if (path.length > MAX_PATH_LENGTH) return 'too long'
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
 * Such a URL is routed as "/" (its query kept, for ?format=); the url-check
 * plugin finds the original in request.originalUrl and answers 400 or 414
 * through the one error handler.
 */
export function routableUrl (request: IncomingMessage): string {
  const url = request.url ?? '/'
  if (urlProblem(url) === null) return url
  const queryStart = url.indexOf('?')
  return queryStart === -1 ? '/' : '/' + url.slice(queryStart)
}
