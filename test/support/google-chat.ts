import { execFileSync } from 'node:child_process'
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SignJWT, importPKCS8, type CryptoKey } from 'jose'
import type { Test } from 'tap'
import { NOW_SECONDS } from './slack.js'
import { installedAt, type RequiredTool } from './tools.js'

/*
 * Google Chat's requests made as Google makes them, from "Verify requests
 * from Google Chat": a bearer JWT, RS256, whose key id names a certificate
 * Google publishes as a JSON object of key id to PEM. The certificates are
 * made by openssl (Node makes keys, not certificates); a loopback server
 * publishes them, with Cache-Control, and counts its fetches.
 */

export const OPENSSL: RequiredTool = installedAt('/usr/bin/openssl', 'apt-get install openssl')

export const PROJECT_NUMBER = '123456789012'
export const ENDPOINT_URL = 'https://cowsay.example/google-chat/events'
const CHAT_ISSUER = 'chat@system.gserviceaccount.com'

interface SigningKey { kid: string, pem: string, privateKeyPem: string }

/** A key pair and its self-signed certificate, as Google's published ones are. */
function certifiedKey (directory: string, kid: string): SigningKey {
  const key = join(directory, `${kid}.key`)
  const certificate = join(directory, `${kid}.pem`)
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', certificate, '-days', '3650', '-subj', `/CN=${CHAT_ISSUER}`, '-batch'], { stdio: 'ignore' })
  return { kid, pem: readFileSync(certificate, 'utf8'), privateKeyPem: readFileSync(key, 'utf8') }
}

export interface GoogleKeyServer {
  /** Where the Chat service account's certificates are, and Google's ID-token certificates. */
  urls: { chat: string, idToken: string }
  /** Fetches so far. */
  fetches: () => number
  /** What the server answers from now on: the published keys, or a failure. */
  publish: (answer: 'keys' | 'down') => void
  /** Signs a token with a published key (the first, unless told), or with `key`. */
  sign: (claims: Record<string, unknown>, options?: { kid?: string, key?: KeyObject | CryptoKey, alg?: string, expiresIn?: number | null, issuedAt?: number }) => Promise<string>
  /** A key Google never published, with its own key id. */
  forger: KeyObject
}

/** Publishes two certificates (a rotation's current and next) on loopback, for the test's length. */
export async function googleKeyServer (t: Test): Promise<GoogleKeyServer> {
  const directory = mkdtempSync(join(tmpdir(), 'google-keys-'))
  t.teardown(() => rmSync(directory, { recursive: true, force: true }))
  const keys = [certifiedKey(directory, 'key-current'), certifiedKey(directory, 'key-next')]
  const privateKeys = new Map<string, CryptoKey>()
  for (const key of keys) privateKeys.set(key.kid, await importPKCS8(key.privateKeyPem, 'RS256'))
  let fetches = 0
  let answer: 'keys' | 'down' = 'keys'
  const server = createServer((_request, response) => {
    fetches++
    if (answer === 'down') {
      response.writeHead(503).end()
      return
    }
    response.writeHead(200, { 'content-type': 'application/json; charset=UTF-8', 'cache-control': 'public, max-age=21600, must-revalidate, no-transform' })
    response.end(JSON.stringify(Object.fromEntries(keys.map((key) => [key.kid, key.pem]))))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    urls: { chat: `${base}/service_accounts/v1/metadata/x509/${CHAT_ISSUER}`, idToken: `${base}/oauth2/v1/certs` },
    fetches: () => fetches,
    publish: (next) => { answer = next },
    forger: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
    async sign (claims, { kid = 'key-current', key, alg = 'RS256', expiresIn = 3600, issuedAt = NOW_SECONDS - 10 } = {}) {
      const signingKey = key ?? privateKeys.get(kid)
      if (signingKey === undefined) throw new Error(`no key ${kid}`)
      const jwt = new SignJWT(claims).setProtectedHeader({ alg, kid, typ: 'JWT' }).setIssuedAt(issuedAt)
      return await (expiresIn === null ? jwt : jwt.setExpirationTime(issuedAt + expiresIn)).sign(signingKey)
    }
  }
}

/** A token as Google Chat sends it for an app whose audience is its project number. */
export const projectNumberClaims = (): Record<string, unknown> => ({ iss: CHAT_ISSUER, aud: PROJECT_NUMBER })

/** A Google-signed ID token as Google Chat sends it for an app whose audience is its endpoint's URL. */
export const idTokenClaims = (): Record<string, unknown> => ({
  iss: 'https://accounts.google.com',
  aud: ENDPOINT_URL,
  azp: '113456789012345678901',
  sub: '113456789012345678901',
  email: CHAT_ISSUER,
  email_verified: true
})

let messages = 0

/** A MESSAGE event as Google Chat posts it: a slash command (`command`) or an @mention. */
export function googleChatEvent (typed: string, { command, eventTime = new Date(NOW_SECONDS * 1000).toISOString(), name = `spaces/AAAAcowsay/messages/${randomUUID()}.${++messages}` }: { command?: string, eventTime?: string, name?: string } = {}): string {
  const text = command === undefined ? `@Cowsay ${typed}` : `${command} ${typed}`
  return JSON.stringify({
    type: 'MESSAGE',
    eventTime,
    space: { name: 'spaces/AAAAcowsay', type: 'ROOM', displayName: 'Cows', spaceType: 'SPACE' },
    message: {
      name,
      sender: { name: 'users/112233445566778899', displayName: 'Chris Corgi', type: 'HUMAN' },
      createTime: eventTime,
      text,
      argumentText: command === undefined ? ` ${typed}` : ` ${typed}`,
      thread: { name: 'spaces/AAAAcowsay/threads/T1' },
      space: { name: 'spaces/AAAAcowsay' },
      ...command === undefined
        ? { annotations: [{ type: 'USER_MENTION', startIndex: 0, length: 7, userMention: { user: { name: 'users/app', displayName: 'Cowsay', type: 'BOT' }, type: 'MENTION' } }] }
        : {
            slashCommand: { commandId: command === '/cowthink' ? '2' : '1' },
            annotations: [{ type: 'SLASH_COMMAND', startIndex: 0, length: command.length, slashCommand: { bot: { name: 'users/app', type: 'BOT' }, type: 'INVOKE', commandName: command, commandId: command === '/cowthink' ? '2' : '1' } }]
          }
    },
    user: { name: 'users/112233445566778899', displayName: 'Chris Corgi', type: 'HUMAN' },
    common: { userLocale: 'en', hostApp: 'CHAT' }
  })
}
