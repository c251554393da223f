import { badRequest } from './http-error.js'

const MALFORMED_PERCENT = /%(?![0-9A-Fa-f]{2})/

/**
 * Percent-decodes a piece of a URL strictly: a malformed escape or bytes that are
 * not UTF-8 are the client's error. (Raw non-ASCII bytes never get this far:
 * Node's HTTP parser refuses them with a 400.)
 */
export function decodeUrlComponent (raw: string, what: string): string {
  if (MALFORMED_PERCENT.test(raw)) {
    throw badRequest(`Malformed percent-encoding in the ${what}`)
  }
  try {
    return decodeURIComponent(raw)
  } catch {
    throw badRequest(`The ${what} is not valid UTF-8 once percent-decoded`)
  }
}
