import { createHmac, timingSafeEqual } from 'node:crypto'
import { readSecrets } from '../environment.js'
import { fence, plainMarkdown } from './markdown.js'
import { readCommandLine, type ChatAnswer } from './core.js'
import { ACCEPTED, RecentIds, header, refuse, staleness, type ChatPlatform, type Verdict } from './platform.js'

/**
 * Microsoft Teams' outgoing webhooks. Teams signs each message with the
 * security token it shows once, when the webhook is created (base64):
 * `Authorization: HMAC <base64 of HMAC-SHA256 of the raw body, keyed by the
 * decoded token>`. Each team's webhook has its own token, so the service
 * knows a list of them. Pure.
 */

const AUTHORIZATION = /^HMAC ([A-Za-z0-9+/]{43}=)$/
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** Whether a value is a security token as Teams shows it: base64 of at least 16 bytes. */
export const isTeamsSecret = (token: string): boolean => BASE64.test(token) && Buffer.from(token, 'base64').length >= 16

/** Whether `authorization` is the HMAC Teams makes of `body` with one of `secrets` (base64 tokens). */
export function verifyTeamsRequest (secrets: readonly string[], authorization: string | undefined, body: Buffer): Verdict {
  if (authorization === undefined) return refuse('the Authorization header is missing')
  const given = AUTHORIZATION.exec(authorization)?.[1]
  if (given === undefined) return refuse('the Authorization header is not "HMAC" and a base64 SHA-256 digest')
  const digest = Buffer.from(given, 'base64')
  // Both are 32 bytes (the pattern fixed the length), as timingSafeEqual needs;
  // every token is tried, so the time says nothing about which one matched.
  const matches = secrets.map((secret) => timingSafeEqual(digest, createHmac('sha256', Buffer.from(secret, 'base64')).update(body).digest()))
  return matches.includes(true) ? ACCEPTED : refuse('the signature does not match the body')
}

/**
 * Teams' answer to an outgoing webhook: a message in the thread, its text in
 * Teams' Markdown. Teams has no private answer here, so help and mistakes go
 * to the thread too; no text can mention anyone (a Teams mention needs an
 * entity, which we never send).
 */
interface TeamsMessage {
  type: 'message'
  text: string
}

/** About Teams' limit for a message (28 KB, markup included), in characters of UTF-16, with room for JSON's escapes. */
const TEAMS_MESSAGE_LIMIT = 20_000

const message = (text: string): TeamsMessage => ({ type: 'message', text })

function teamsReply (answer: ChatAnswer): TeamsMessage {
  switch (answer.kind) {
    case 'cow': {
      const text = `${fence(answer.drawing)}\n\n${answer.permalink}`
      return message(text.length <= TEAMS_MESSAGE_LIMIT ? text : answer.permalink)
    }
    // Teams' Markdown joins single lines: each line of usage is its own paragraph.
    case 'usage': return message(answer.markdown.replace(/\n/g, '\n\n'))
    case 'cows': return message(`${answer.cows.length} cows:\n\n${fence(answer.cows.join(' '))}\n\nSee them all: ${answer.gallery}`)
    case 'mistake': return message(plainMarkdown(answer.message))
  }
}

/** What someone typed after @mentioning the webhook: Teams puts the mention (`<at>Name</at>`) first. */
const typedText = (text: string): string => text.replace(/^\s*<at>[^<]*<\/at>/, '').trim()

/** What this service reads of an outgoing webhook's activity (Bot Framework's schema). */
interface TeamsActivity {
  id: string
  /** ISO 8601, UTC: when the message was sent. */
  timestamp: string
  /** The message, starting with the webhook's @mention. */
  text: string
}

type ReadActivity = { ok: true, activity: TeamsActivity } | { ok: false, problem: string }

const utf8 = new TextDecoder('utf-8', { fatal: true })

function readActivity (body: Buffer): ReadActivity {
  let parsed: unknown
  try {
    parsed = JSON.parse(utf8.decode(body))
  } catch {
    return { ok: false, problem: 'The body is not JSON in UTF-8' }
  }
  if (typeof parsed !== 'object' || parsed === null) return { ok: false, problem: 'The body is not an activity' }
  const { type, id, timestamp, text } = parsed as Record<string, unknown>
  if (type !== 'message') return { ok: false, problem: 'The activity is not a message' }
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof text !== 'string') return { ok: false, problem: 'The message has no id, timestamp or text' }
  return { ok: true, activity: { id, timestamp, text } }
}

/**
 * The largest message Teams sends for a mention: the text twice (as text and
 * as HTML), each up to 12 KB of JSON for 1,000 emoji, and the activity's
 * other fields a few KB. Anything larger is not from Teams: 413.
 */
const BODY_LIMIT = 64 * 1024

interface TeamsSettings {
  secrets: readonly string[]
  answered: RecentIds
}

/** Teams' outgoing webhooks, pointed at POST /teams/messages. */
export const teams: ChatPlatform<TeamsSettings, 'teamsHmacSecrets', string[]> = {
  name: 'Teams',
  path: '/teams/messages',
  contentType: 'application/json',
  bodyLimit: BODY_LIMIT,
  secret: {
    variable: 'TEAMS_HMAC_SECRET',
    field: 'teamsHmacSecrets',
    read: (env) => readSecrets(env, 'TEAMS_HMAC_SECRET', isTeamsSecret, 'the outgoing webhooks\' security tokens as Teams shows them (base64), separated by commas'),
    headers: ['authorization']
  },
  settings: (secrets) => secrets.length === 0 ? null : { secrets, answered: new RecentIds() },

  async answer ({ secrets, answered }, request, chat) {
    const verdict = verifyTeamsRequest(secrets, header(request, 'authorization'), request.body)
    if (!verdict.ok) return { refused: verdict.reason }
    const read = readActivity(request.body)
    if (!read.ok) return { invalid: read.problem }
    const { id, timestamp, text } = read.activity
    // Teams signs no header with a time, but the signed body carries one: old or replayed messages are refused.
    const stale = staleness(Date.parse(timestamp) / 1000, request.now)
    if (stale !== undefined) return { refused: stale }
    if (!answered.isNew(id, request.now)) return { refused: 'this message was already answered (a replay)' }
    const name = /^\s*<at>([^<]*)<\/at>/.exec(text)?.[1] ?? 'Cowsay'
    return { json: teamsReply(chat(readCommandLine(`@${name}`, typedText(text), true))) }
  }
}
