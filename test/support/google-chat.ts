import { execFileSync } from 'node:child_process'
import { createPrivateKey, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Test } from 'tap'
import { NOW_SECONDS } from './slack.js'
import { installedAt, type RequiredTool } from './tools.js'

/*
 * Google Chat's requests made as Google makes them, from "Verify requests
 * from Google Chat": a bearer JWT, RS256, whose key id names a certificate
 * Google publishes as a JSON object of key id to PEM. The certificates are
 * made by openssl (Node makes keys, not certificates); a loopback server
 * publishes them, with Cache-Control, and counts its fetches. Tokens are
 * signed here by hand (Node's crypto), so that the service's verification
 * (jose) is checked against an independent maker.
 */

export const OPENSSL: RequiredTool = installedAt('/usr/bin/openssl', 'apt-get install openssl')

export const PROJECT_NUMBER = '123456789012'
export const ENDPOINT_URL = 'https://cowsay.example/google-chat/events'
const CHAT_ISSUER = 'chat@system.gserviceaccount.com'

interface SigningKey { kid: string, pem: string, privateKey: KeyObject }

let certified: SigningKey[] | undefined

/** Two keys and their self-signed certificates (a rotation's current and next), as Google's published ones are: made once per process. */
function certifiedKeys (): SigningKey[] {
  if (certified !== undefined) return certified
  const directory = mkdtempSync(join(tmpdir(), 'google-keys-'))
  try {
    certified = ['key-current', 'key-next'].map((kid) => {
      const key = join(directory, `${kid}.key`)
      const certificate = join(directory, `${kid}.pem`)
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', certificate, '-days', '3650', '-subj', `/CN=${CHAT_ISSUER}`, '-batch'], { stdio: 'ignore' })
      return { kid, pem: readFileSync(certificate, 'utf8'), privateKey: createPrivateKey(readFileSync(key, 'utf8')) }
    })
  } finally {
    rmSync(directory, { recursive: true, force: true })
  }
  return certified
}

/** A key Google never published. */
export const FORGER = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')

/** A JWT signed RS256 as Google signs its tokens: with a published key (the first, unless told), or with `key`. */
export function signToken (claims: Record<string, unknown>, { kid = 'key-current', key, expiresIn = 3600, issuedAt = NOW_SECONDS - 10 }: { kid?: string, key?: KeyObject, expiresIn?: number | null, issuedAt?: number } = {}): string {
  const signingKey = key ?? certifiedKeys().find((candidate) => candidate.kid === kid)?.privateKey
  if (signingKey === undefined) throw new Error(`no key ${kid}`)
  const payload = { ...claims, iat: issuedAt, ...expiresIn === null ? {} : { exp: issuedAt + expiresIn } }
  const signed = `${base64url({ alg: 'RS256', kid, typ: 'JWT' })}.${base64url(payload)}`
  return `${signed}.${sign('sha256', Buffer.from(signed), signingKey).toString('base64url')}`
}

export interface GoogleKeyServer {
  /** Where the Chat service account's certificates are, and Google's ID-token certificates. */
  urls: { chat: string, idToken: string }
  /** Fetches so far. */
  fetches: () => number
  /** What the server answers from now on: the published keys, or a failure. */
  publish: (answer: 'keys' | 'down') => void
}

async function keyServer (): Promise<GoogleKeyServer & { server: Server }> {
  const keys = certifiedKeys()
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
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    server,
    urls: { chat: `${base}/service_accounts/v1/metadata/x509/${CHAT_ISSUER}`, idToken: `${base}/oauth2/v1/certs` },
    fetches: () => fetches,
    publish: (next) => { answer = next }
  }
}

/** A stand-in for Google's key URLs on loopback, for one test. */
export async function googleKeyServer (t: Test): Promise<GoogleKeyServer> {
  const published = await keyServer()
  t.teardown(() => new Promise<void>((resolve) => published.server.close(() => resolve())))
  return published
}

let shared: Promise<GoogleKeyServer> | undefined

/** One stand-in for the whole process (the chat route and hostile suites' apps), which never keeps it alive. */
export function sharedGoogleKeys (): Promise<GoogleKeyServer> {
  shared ??= keyServer().then((published) => {
    published.server.unref()
    return published
  })
  return shared
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
