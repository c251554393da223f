import { createHmac, timingSafeEqual } from 'node:crypto'
import { fence, plainMarkdown } from './markdown.js'
import { ACCEPTED, refuse, type ChatAnswer, type Verdict } from './platform.js'

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
export interface TeamsMessage {
  type: 'message'
  text: string
}

/** About Teams' limit for a message (28 KB, markup included), in characters of UTF-16, with room for JSON's escapes. */
export const TEAMS_MESSAGE_LIMIT = 20_000

const message = (text: string): TeamsMessage => ({ type: 'message', text })

export function teamsReply (answer: ChatAnswer): TeamsMessage {
  switch (answer.kind) {
    case 'cow': {
      const text = `${fence(answer.drawing)}\n\n${answer.permalink}`
      return message(text.length <= TEAMS_MESSAGE_LIMIT ? text : answer.permalink)
    }
    case 'usage': return message(answer.markdown)
    case 'cows': return message(`${answer.cows.length} cows:\n\n${fence(answer.cows.join(' '))}\n\nSee them all: ${answer.gallery}`)
    case 'mistake': return message(plainMarkdown(answer.message))
  }
}

/** What someone typed after @mentioning the webhook: Teams puts the mention (`<at>Name</at>`) first. */
export const typedText = (text: string): string => text.replace(/^\s*<at>[^<]*<\/at>/, '').trim()
