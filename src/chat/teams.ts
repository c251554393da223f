import { createHmac, timingSafeEqual } from 'node:crypto'
import { ACCEPTED, refuse, type Verdict } from './platform.js'

/**
 * Microsoft Teams' outgoing webhooks. Teams signs each message with the
 * security token it shows once, when the webhook is created (base64):
 * `Authorization: HMAC <base64 of HMAC-SHA256 of the raw body, keyed by the
 * decoded token>`. Pure.
 */

const AUTHORIZATION = /^HMAC ([A-Za-z0-9+/]{43}=)$/
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** Whether a value is a security token as Teams shows it: base64 of at least 16 bytes. */
export const isTeamsSecret = (token: string): boolean => BASE64.test(token) && Buffer.from(token, 'base64').length >= 16

/** Whether `authorization` is the HMAC Teams makes of `body` with `secret` (the base64 token). */
export function verifyTeamsRequest (secret: string, authorization: string | undefined, body: Buffer): Verdict {
  if (authorization === undefined) return refuse('the Authorization header is missing')
  const given = AUTHORIZATION.exec(authorization)?.[1]
  if (given === undefined) return refuse('the Authorization header is not "HMAC" and a base64 SHA-256 digest')
  const expected = createHmac('sha256', Buffer.from(secret, 'base64')).update(body).digest()
  // Both are 32 bytes (the pattern fixed the length), as timingSafeEqual needs.
  if (!timingSafeEqual(Buffer.from(given, 'base64'), expected)) return refuse('the signature does not match the body')
  return ACCEPTED
}
