import { createHmac, timingSafeEqual } from 'node:crypto'
import { ACCEPTED, refuse, staleness, type Verdict } from '../platform.js'

/**
 * Slack's request signing, as Slack specifies it: `v0=` + hex HMAC-SHA256 of
 * `v0:{timestamp}:{raw body}` keyed by the app's signing secret, sent in
 * X-Slack-Signature with the timestamp (seconds) in X-Slack-Request-Timestamp.
 * Pure: the clock is a parameter, so tests can stand at any moment.
 */

export interface SignedRequest {
  /** X-Slack-Request-Timestamp, as received (undefined when absent). */
  timestamp: string | undefined
  /** X-Slack-Signature, as received (undefined when absent). */
  signature: string | undefined
  /** The body exactly as it arrived: re-encoding a parsed form would not give the same bytes. */
  body: Buffer
}

const TIMESTAMP = /^\d{1,12}$/
const SIGNATURE = /^v0=([0-9a-f]{64})$/

/**
 * Whether a request comes from Slack, and if not, why (the reason names the
 * rule broken, never the signature or the secret, so it is safe to log and show).
 */
export function verifySlackRequest (secret: string, request: SignedRequest, nowMs: number): Verdict {
  const { timestamp, signature, body } = request
  if (timestamp === undefined) return refuse('the X-Slack-Request-Timestamp header is missing')
  if (!TIMESTAMP.test(timestamp)) return refuse('the X-Slack-Request-Timestamp header is not a number of seconds')
  if (signature === undefined) return refuse('the X-Slack-Signature header is missing')
  const digest = SIGNATURE.exec(signature)?.[1]
  if (digest === undefined) return refuse('the X-Slack-Signature header is not v0= and 64 hex digits')
  // Checked before the signature so that a replayed request is refused whoever signed it.
  const stale = staleness(Number(timestamp), nowMs)
  if (stale !== undefined) return refuse(stale)
  const expected = createHmac('sha256', secret)
    .update(`v0:${timestamp}:`)
    .update(body)
    .digest()
  // Both are 32 bytes (the pattern fixed the length), as timingSafeEqual needs.
  if (!timingSafeEqual(Buffer.from(digest, 'hex'), expected)) return refuse('the signature does not match the body')
  return ACCEPTED
}
