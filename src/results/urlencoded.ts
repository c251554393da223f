import { InputError, quote } from '../cowsay/index.js'

/*
 * Reading application/x-www-form-urlencoded text strictly: URL paths and query
 * strings (http/), result forms (routes/results.ts) and chat platforms' command
 * forms (chat/form.ts). The inverse of canonical.ts, which writes the one URL
 * of a result.
 */

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

/** A percent sign not followed by two hex digits. */
export const MALFORMED_PERCENT = /%(?![0-9A-Fa-f]{2})/

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
