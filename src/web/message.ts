import { HttpError, badRequest } from './http-error.js'

/** Longest message, in Unicode code points after decoding. */
export const MAX_TEXT_LENGTH = 1000

/** What `/say` and `/think` say when no text is given, as the original service did. */
export const DEFAULT_TEXT = 'moo'

const hex = (codePoint: number): string => 'U+' + codePoint.toString(16).toUpperCase().padStart(4, '0')

// C0 controls except tab and newline, DEL, and C1 controls (ESC included): a link
// must not be able to send terminal escape sequences to someone using curl.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u
// Noncharacters cannot appear in XML and have no business in a message.
const NONCHARACTER = /[\uFDD0-\uFDEF\uFFFE\uFFFF]|[\u{1FFFE}\u{1FFFF}\u{2FFFE}\u{2FFFF}\u{3FFFE}\u{3FFFF}\u{4FFFE}\u{4FFFF}\u{5FFFE}\u{5FFFF}\u{6FFFE}\u{6FFFF}\u{7FFFE}\u{7FFFF}\u{8FFFE}\u{8FFFF}\u{9FFFE}\u{9FFFF}\u{AFFFE}\u{AFFFF}\u{BFFFE}\u{BFFFF}\u{CFFFE}\u{CFFFF}\u{DFFFE}\u{DFFFF}\u{EFFFE}\u{EFFFF}\u{FFFFE}\u{FFFFF}\u{10FFFE}\u{10FFFF}]/u

function codePointLength (text: string): number {
  let length = 0
  for (const _ of text) length++
  return length
}

/**
 * Checks a decoded message and returns it normalised: CRLF and lone CR become LF
 * (browsers submit textarea line breaks as CRLF).
 */
export function checkMessage (decoded: string): string {
  const text = decoded.replace(/\r\n?/g, '\n')
  const length = codePointLength(text)
  if (length > MAX_TEXT_LENGTH) {
    throw new HttpError(414, `Message too long: ${length} characters; the limit is ${MAX_TEXT_LENGTH}`)
  }
  const control = CONTROL.exec(text)
  if (control !== null) {
    throw badRequest(`Message contains the control character ${hex(control[0].codePointAt(0) ?? 0)}; only newline and tab are allowed`)
  }
  const nonCharacter = NONCHARACTER.exec(text)
  if (nonCharacter !== null) {
    throw badRequest(`Message contains ${hex(nonCharacter[0].codePointAt(0) ?? 0)}, which is not a character`)
  }
  if (/\p{Cs}/u.test(text)) {
    throw badRequest('Message contains a lone surrogate; it is not valid Unicode')
  }
  return text
}

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
