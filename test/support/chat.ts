import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { buildApp } from '../../src/app.js'
import { testConfig, type Config } from '../../src/config.js'
import { KEYS } from './discord.js'
import { MATTERMOST_TOKEN } from './mattermost.js'
import { TEAMS_SECRET } from './teams.js'

import { NOW_SECONDS } from './slack.js'

/** The tests' clock, 2026-11-01T12:00:00Z, for every platform. */
export { NOW_SECONDS }

/** Every chat platform on, with the tests' secrets, and the clock standing at `nowSeconds`. */
export const CHAT_CONFIG: Partial<Config> = {
  discordPublicKey: KEYS.publicKey,
  mattermostTokens: [MATTERMOST_TOKEN],
  teamsHmacSecrets: [TEAMS_SECRET]
}

export async function buildChatApp (t: Test, overrides: Partial<Config> = {}, nowSeconds = NOW_SECONDS): Promise<FastifyInstance> {
  const app = await buildApp(testConfig({ ...CHAT_CONFIG, ...overrides }), { now: () => nowSeconds * 1000 })
  t.teardown(() => app.close())
  return app
}

/** What the web serves at a permalink, as plain text: every drawing a chat answer carries must be this. */
export async function webDrawing (app: FastifyInstance, permalink: string): Promise<string> {
  const url = new URL(permalink)
  const response = await app.inject({ url: url.pathname + url.search, headers: { accept: 'text/plain' } })
  if (response.statusCode !== 200) throw new Error(`${permalink}: ${response.statusCode}`)
  return response.body
}

/** A posted cow in a ``` block, as the reader sees it (zero-width spaces are invisible), and the link after it. */
export function readFenced (text: string, link: RegExp = /^<?([^<>\s]+)>?$/): { drawing: string, language: string, permalink: string } {
  const match = /^```([a-z]*)\n([\s\S]*)```\n+([\s\S]*)$/.exec(text)
  const permalink = match?.[3] === undefined ? undefined : link.exec(match[3])?.[1]
  if (match?.[2] === undefined || permalink === undefined) throw new Error(`not a code block and a link: ${text}`)
  return { drawing: match[2].replace(/\u200B/g, ''), language: match[1] ?? '', permalink }
}
