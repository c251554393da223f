import type { Env } from '../environment.js'
import { discord } from './discord/platform.js'
import { googleChat } from './google-chat/platform.js'
import { mattermost } from './mattermost.js'
import type { ChatPlatform } from './platform.js'
import { slack } from './slack/platform.js'
import { teams } from './teams.js'
import { telegram } from './telegram/platform.js'
import { zulip } from './zulip.js'

/**
 * Every chat platform the service answers, each declared once in its adapter: a new one is its
 * declaration and its line here. Its route, its secret's reading and checking, its redaction
 * from logs follow from the declaration; the chat route suites and
 * test/chat/platform-secrets.test.ts run over this list.
 */
export const CHAT_PLATFORMS = [slack, discord, mattermost, teams, telegram, googleChat, zulip] as const

type Declared = typeof CHAT_PLATFORMS[number]

/** What the platforms are turned on with: each one's secret, in the field it declares. */
export type ChatSecrets = { [P in Declared as P['secret']['field']]: ReturnType<P['secret']['read']> }

/** Every platform's secret from the environment, each read and checked as its platform declares. */
export const readChatSecrets = (env: Env): ChatSecrets =>
  Object.fromEntries(CHAT_PLATFORMS.map(({ secret }) => [secret.field, secret.read(env)])) as ChatSecrets

/** A platform's settings from the configured secrets, or null when it is off. */
export const settingsOf = (platform: ChatPlatform<any, string, any>, secrets: ChatSecrets): unknown =>
  platform.settings((secrets as Readonly<Record<string, unknown>>)[platform.secret.field])
