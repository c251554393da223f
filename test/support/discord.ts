import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto'

/*
 * Interactions made the way Discord makes them, written from Discord's
 * documentation ("Security and Authorization": an Ed25519 signature, hex, in
 * X-Signature-Ed25519, over X-Signature-Timestamp followed by the raw body)
 * and not from src/chat/, with a key pair made for this test run.
 */

import { NOW_SECONDS } from './slack.js'

export interface DiscordKeys {
  /** As the developer portal shows an application's public key: 64 hex digits. */
  publicKey: string
  privateKey: KeyObject
}

export function discordKeys (): DiscordKeys {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  // The raw key is the last 32 bytes of the SPKI encoding (RFC 8410).
  return { publicKey: publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex'), privateKey }
}

/** The keys this test process signs with. */
export const KEYS = discordKeys()

export const signInteraction = (body: string | Buffer, timestamp: string, privateKey: KeyObject = KEYS.privateKey): string =>
  sign(null, Buffer.concat([Buffer.from(timestamp), Buffer.from(body)]), privateKey).toString('hex')

/** Headers for a body signed at `timestamp` (seconds). */
export const discordHeaders = (body: string | Buffer, timestamp = String(NOW_SECONDS), privateKey: KeyObject = KEYS.privateKey): Record<string, string> => ({
  'content-type': 'application/json',
  'x-signature-ed25519': signInteraction(body, timestamp, privateKey),
  'x-signature-timestamp': timestamp
})

/** RFC 8032's test 2 (section 7.1): a key, a one-byte message and its signature, from outside Node. */
export const RFC8032_TEST_2 = {
  publicKey: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
  message: '72',
  signature: '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00'
} as const

let interactions = 0
/** Each interaction has its own id, as Discord's do (the endpoint refuses one it has answered). */
export const nextId = (): string => String(1300000000000000000n + BigInt(++interactions))

type Option = { name: string, type: number, value: string | number | boolean, focused?: boolean }

/** A slash command interaction (type 2) as Discord sends it; `options` as the user filled them. */
export function commandInteraction (name: string, options: Record<string, string | number | boolean>, extra: Record<string, unknown> = {}): string {
  const typed: Option[] = Object.entries(options).map(([option, value]) => ({
    name: option,
    type: typeof value === 'number' ? 4 : typeof value === 'boolean' ? 5 : 3,
    value
  }))
  return JSON.stringify({
    id: nextId(),
    application_id: '1200000000000000000',
    type: 2,
    token: 'aW50ZXJhY3Rpb24gdG9rZW4gZm9yIHRlc3Rz',
    version: 1,
    guild_id: '1100000000000000000',
    channel_id: '1000000000000000000',
    member: { user: { id: '900000000000000000', username: 'steve', discriminator: '0', global_name: 'Steve' }, roles: [], permissions: '0' },
    locale: 'en-US',
    data: { id: '1250000000000000000', name, type: 1, options: typed },
    ...extra
  })
}

/** An autocomplete interaction (type 4): `typed` is what is in the focused `cow` option so far. */
export function autocompleteInteraction (typed: string, name = 'cowsay', others: Record<string, string> = { message: 'hi' }): string {
  const body = JSON.parse(commandInteraction(name, others)) as { type: number, data: { options: Option[] } }
  body.type = 4
  body.data.options.push({ name: 'cow', type: 3, value: typed, focused: true })
  return JSON.stringify(body)
}

export const ping = (): string => JSON.stringify({ id: nextId(), application_id: '1200000000000000000', type: 1, token: 'cGluZw', version: 1 })
