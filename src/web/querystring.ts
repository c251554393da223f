import { decodeUrlComponent } from './message.js'
import { quote } from '../cowsay/index.js'

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
