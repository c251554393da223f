import { createPublicKey, verify, type KeyObject } from 'node:crypto'
import { ACCEPTED, refuse, staleness, type Verdict } from '../platform.js'

/**
 * Discord's interaction signing, as its documentation specifies it: an
 * Ed25519 signature (hex, in X-Signature-Ed25519) over the timestamp (in
 * X-Signature-Timestamp) followed by the raw body, checked against the
 * application's public key (hex, from the developer portal). Discord sends
 * badly signed requests on purpose and removes an endpoint that accepts one.
 * Pure: the clock is a parameter.
 */

export interface DiscordSignedRequest {
  /** X-Signature-Timestamp, as received (undefined when absent). */
  timestamp: string | undefined
  /** X-Signature-Ed25519, as received (undefined when absent). */
  signature: string | undefined
  /** The body exactly as it arrived: the signature covers these bytes. */
  body: Buffer
}

const PUBLIC_KEY = /^[0-9a-f]{64}$/i
const SIGNATURE = /^[0-9a-f]{128}$/i
const TIMESTAMP = /^\d{1,12}$/

/**
 * The DER header of an Ed25519 SubjectPublicKeyInfo (RFC 8410): SEQUENCE {
 * SEQUENCE { OID 1.3.101.112 }, BIT STRING of 33 bytes }, to which the 32 raw
 * key bytes are appended. Node's crypto takes keys in SPKI, not raw.
 */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')

/** Whether a value is a public key as the developer portal shows it: 64 hex digits. */
export const isDiscordPublicKey = (hex: string): boolean => PUBLIC_KEY.test(hex)

/** The portal's hex public key as a key Node can verify with. Throws on anything but 64 hex digits. */
export function discordPublicKey (hex: string): KeyObject {
  if (!isDiscordPublicKey(hex)) throw new TypeError('A Discord public key is 64 hex digits')
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' })
}

/**
 * Whether a request comes from Discord, and if not, why (the reason names the
 * rule broken, never the signature or the key, so it is safe to log and show).
 */
export function verifyDiscordRequest (key: KeyObject, request: DiscordSignedRequest, nowMs: number): Verdict {
  const { timestamp, signature, body } = request
  if (timestamp === undefined) return refuse('the X-Signature-Timestamp header is missing')
  if (!TIMESTAMP.test(timestamp)) return refuse('the X-Signature-Timestamp header is not a number of seconds')
  if (signature === undefined) return refuse('the X-Signature-Ed25519 header is missing')
  if (!SIGNATURE.test(signature)) return refuse('the X-Signature-Ed25519 header is not 128 hex digits')
  // Before the signature, so that an old request is refused whoever signed it.
  const stale = staleness(Number(timestamp), nowMs)
  if (stale !== undefined) return refuse(stale)
  const signed = Buffer.concat([Buffer.from(timestamp, 'utf8'), body])
  if (!verify(null, signed, key, Buffer.from(signature, 'hex'))) return refuse('the signature does not match the body')
  return ACCEPTED
}
