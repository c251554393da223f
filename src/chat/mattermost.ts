import { createHash, timingSafeEqual } from 'node:crypto'
import { ACCEPTED, refuse, type Verdict } from './platform.js'

/**
 * Mattermost's custom slash commands. Mattermost does not sign a request: it
 * sends the command's token (shown once the command is created) in the form
 * field `token` and again in `Authorization: Token <token>`. The token is the
 * whole proof, so each copy that arrives must match, compared in constant time.
 */

export interface MattermostRequest {
  /** The Authorization header, as received (undefined when absent). */
  authorization: string | undefined
  /** The form field `token` (undefined when absent). */
  token: string | undefined
}

const TOKEN_HEADER = /^Token (\S+)$/

/**
 * Compared as SHA-256 digests: timingSafeEqual needs equal lengths, and
 * comparing digests keeps the time independent of where, or whether, the
 * lengths differ.
 */
function sameToken (expected: string, given: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest()
  return timingSafeEqual(digest(expected), digest(given))
}

/** Whether a request carries the command's token; the reason never repeats a token. */
export function verifyMattermostRequest (expected: string, request: MattermostRequest): Verdict {
  const given: string[] = []
  if (request.authorization !== undefined) {
    const token = TOKEN_HEADER.exec(request.authorization)?.[1]
    if (token === undefined) return refuse('the Authorization header is not "Token" and the command\'s token')
    given.push(token)
  }
  if (request.token !== undefined) given.push(request.token)
  if (given.length === 0) return refuse('the command\'s token is missing')
  // Every copy is compared, even after a mismatch, so the time says nothing about which one failed.
  const matches = given.map((token) => sameToken(expected, token))
  return matches.every(Boolean) ? ACCEPTED : refuse('the token is not the command\'s token')
}
