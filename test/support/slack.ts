import { createHmac } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { buildApp } from '../../src/app.js'
import { testConfig } from './config.js'
import type { Config } from '../../src/config.js'

/*
 * Requests made the way Slack makes them, written from Slack's documentation
 * and not from src/slack/, so the tests would catch a verifier that agrees
 * with itself but not with Slack.
 */

export const SECRET = 'test-signing-secret-0123456789abcdef'

/** Slack's documented example (api.slack.com/authentication/verifying-requests-from-slack). */
export const SLACK_EXAMPLE = {
  secret: '8f742231b10e8888abcd99yyyzzz85a5',
  timestamp: '1531420618',
  body: 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503'
} as const

/** A fixed moment for the tests' clock: 2026-11-01T12:00:00Z. */
export const NOW_SECONDS = 1793534400

/** `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}`. */
export const sign = (secret: string, timestamp: string, body: string | Buffer): string =>
  'v0=' + createHmac('sha256', secret).update(Buffer.concat([Buffer.from(`v0:${timestamp}:`), Buffer.from(body)])).digest('hex')

/** What Slack does to a message's `&`, `<` and `>` before it sends the command's text. */
export const asSlackSendsIt = (typed: string): string =>
  typed.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')

/** A slash command's form body with Slack's usual fields; `text` is as the user typed it. */
export function commandBody (text: string, command = '/cowsay'): string {
  return new URLSearchParams({
    token: 'gIkuvaNzQIHg97ATvDxqgjtO',
    team_id: 'T0001',
    team_domain: 'example',
    enterprise_id: 'E0001',
    enterprise_name: 'Globular Construct Inc',
    channel_id: 'C2147483705',
    channel_name: 'test',
    user_id: 'U2147483697',
    user_name: 'Steve',
    command,
    text: asSlackSendsIt(text),
    response_url: 'https://hooks.slack.com/commands/1234/5678',
    trigger_id: '13345224609.738474920.8088930838d88f008e0',
    api_app_id: 'A123456'
  }).toString()
}

/** Headers for a body signed at `timestamp` (seconds). */
export const signedHeaders = (body: string | Buffer, timestamp = String(NOW_SECONDS), secret = SECRET): Record<string, string> => ({
  'content-type': 'application/x-www-form-urlencoded',
  'x-slack-request-timestamp': timestamp,
  'x-slack-signature': sign(secret, timestamp, body)
})

/** The real app with Slack turned on and its clock standing at `nowSeconds`. */
export async function buildSlackApp (t: Test, overrides: Partial<Config> = {}, nowSeconds = NOW_SECONDS): Promise<FastifyInstance> {
  const app = await buildApp(testConfig({ slackSigningSecret: SECRET, ...overrides }), { now: () => nowSeconds * 1000 })
  t.teardown(() => app.close())
  return app
}

/** A posted cow: the code block's text as Slack shows it, and the link after it. */
export function readSlackCow (text: string): { drawing: string, permalink: string } {
  const match = /^```\n([\s\S]*)```\n<([^<>|\s]+)>$/.exec(text)
  if (match?.[1] === undefined || match[2] === undefined) throw new Error(`not a code block and a link: ${text}`)
  const unescape = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
  return { drawing: unescape(match[1].replace(/\u200B/g, '')), permalink: unescape(match[2]) }
}
