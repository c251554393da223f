import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { Test } from 'tap'
import { buildApp } from '../../src/app.js'
import { testConfig } from './config.js'
import type { Config } from '../../src/config.js'
import { KEYS } from './discord.js'
import { ROOT } from './node-server.js'
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

/**
 * The example answer a docs page shows under a heading (the first ```json block after it), which
 * the app must give: `docsExample('docs/chat/slack.md', 'What it answers')`.
 */
export function docsExample (page: string, heading: string): string | undefined {
  const text = readFileSync(join(ROOT, page), 'utf8')
  const escaped = heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`^#+ ${escaped}\n[\\s\\S]*?^\`\`\`json\n(.*)\n\`\`\``, 'm').exec(text)?.[1]
}

/** A request a chat endpoint refuses: what it is, its body and headers, and the status and message it gets. */
export type Refusal = [name: string, body: string | Buffer, headers: Record<string, string>, status: number, message: RegExp]

/** Each refusal answered with its status and a JSON message saying why, and no cow (`noCow`) anywhere in it. */
export async function expectRefusals (t: Test, cases: readonly Refusal[], post: (body: string | Buffer, headers: Record<string, string>) => Promise<LightMyRequestResponse>, noCow: RegExp): Promise<void> {
  for (const [name, body, headers, status, message] of cases) {
    const response = await post(body, headers)
    t.equal(response.statusCode, status, `${name}: ${status}`)
    t.match(response.json().message, message, `${name}: ${response.json().message}`)
    t.notMatch(response.body, noCow, `${name}: no cow`)
  }
}
