import t from 'tap'
import { spawnSync } from 'node:child_process'
import { ROOT } from '../support/node-server.js'
import { KEYS, commandInteraction, discordHeaders, discordKeys } from '../support/discord.js'
import { MATTERMOST_TOKEN, mattermostBody, mattermostHeaders } from '../support/mattermost.js'
import { TEAMS_SECRET, teamsHeaders, teamsMessage } from '../support/teams.js'
import { TELEGRAM_SECRET, telegramHeaders, telegramMessage } from '../support/telegram.js'
import { ZULIP_TOKEN, zulipHeaders, zulipMessage } from '../support/zulip.js'

// The app in a process of its own, with its real logger writing JSON lines to
// standard output: what an operator (or a log shipper) would see. The build is
// one bundle, so the child loads the sources through tsx.
const APP = new URL('../../src/app.ts', import.meta.url).href
const CONFIG = new URL('../support/config.ts', import.meta.url).href

const CHILD = `
const { buildApp } = await import(${JSON.stringify(APP)})
const { testConfig } = await import(${JSON.stringify(CONFIG)})
const app = await buildApp(testConfig({ logLevel: 'trace', ...JSON.parse(process.env.CONFIG) }))
for (const request of JSON.parse(process.env.REQUESTS)) await app.inject({ method: 'POST', ...request })
await app.close()
`

interface Sent { url: string, headers: Record<string, string>, payload: string }

/** Builds the app in a fresh process with `config`, sends it the requests, and returns everything it logged. */
function logsOf (config: Record<string, unknown>, requests: Sent[]): string {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', CONFIG: JSON.stringify(config), REQUESTS: JSON.stringify(requests) },
    encoding: 'utf8',
    timeout: 30_000
  })
  if (result.status !== 0) throw new Error(`child exited with ${result.status}: ${result.stderr}`)
  return result.stdout + result.stderr
}

t.test('with no platform configured, start-up says so in one line each', async (t) => {
  const lines = logsOf({}, []).split('\n').filter((line) => / commands are off/.test(line)).map((line) => JSON.parse(line).msg)
  t.same(lines, [
    'Slack commands are off: set SLACK_SIGNING_SECRET to answer POST /slack/commands',
    'Discord commands are off: set DISCORD_PUBLIC_KEY to answer POST /discord/interactions',
    'Mattermost commands are off: set MATTERMOST_TOKEN to answer POST /mattermost/commands',
    'Teams commands are off: set TEAMS_HMAC_SECRET to answer POST /teams/messages',
    'Telegram commands are off: set TELEGRAM_SECRET_TOKEN to answer POST /telegram/updates',
    'Google Chat commands are off: set GOOGLE_CHAT_AUDIENCE to answer POST /google-chat/events',
    'Zulip commands are off: set ZULIP_TOKEN to answer POST /zulip/messages'
  ])
})

t.test('the logs show no token, secret or signature, good or forged', async (t) => {
  // The tests' clock is the real one here: the child's app checks timestamps against Date.now.
  const now = Math.floor(Date.now() / 1000)
  const interaction = commandInteraction('cowsay', { message: 'hello' })
  const discordGood = discordHeaders(interaction, String(now))
  const discordForged = discordHeaders(interaction, String(now), discordKeys().privateKey)
  const mattermost = mattermostBody('hello')
  const guessed = 'guessed0token0of0twenty6ch'
  const teams = teamsMessage('hello', { timestamp: new Date().toISOString() })
  const teamsGood = teamsHeaders(teams)
  const teamsForged = teamsHeaders(teams, Buffer.alloc(32, 3).toString('base64'))
  const sent: Sent[] = [
    { url: '/discord/interactions', headers: discordGood, payload: interaction },
    { url: '/discord/interactions', headers: discordForged, payload: commandInteraction('cowsay', { message: 'forged' }) },
    { url: '/mattermost/commands', headers: mattermostHeaders(), payload: mattermost },
    { url: '/mattermost/commands', headers: mattermostHeaders(guessed), payload: mattermostBody('hello', '/cowsay', guessed) },
    { url: '/teams/messages', headers: teamsGood, payload: teams },
    { url: '/teams/messages', headers: teamsForged, payload: teamsMessage('forged', { timestamp: new Date().toISOString() }) },
    { url: '/telegram/updates', headers: telegramHeaders(), payload: telegramMessage('/cowsay hello', { date: now }) },
    { url: '/telegram/updates', headers: telegramHeaders(guessed), payload: telegramMessage('/cowsay forged', { date: now }) },
    { url: '/zulip/messages', headers: zulipHeaders(), payload: zulipMessage('hello', { timestamp: now }) },
    { url: '/zulip/messages', headers: zulipHeaders(), payload: zulipMessage('forged', { timestamp: now, token: guessed }) }
  ]
  const logs = logsOf({ discordPublicKey: KEYS.publicKey, mattermostTokens: [MATTERMOST_TOKEN], teamsHmacSecrets: [TEAMS_SECRET], telegramSecretToken: TELEGRAM_SECRET, zulipTokens: [ZULIP_TOKEN] }, sent)
  t.equal(logs.match(/"res":{"statusCode":200}/g)?.length, 5, 'each platform\'s good request was answered (and logged)')
  t.equal(logs.match(/"res":{"statusCode":401}/g)?.length, 5, 'each forged one was refused (and logged)')
  for (const reason of [
    'Not a request from Discord: the signature does not match the body',
    'Not a request from Mattermost: the token is not the command\'s token',
    'Not a request from Teams: the signature does not match the body',
    'Not a request from Telegram: the secret token is not the one given to setWebhook',
    'Not a request from Zulip: the token is not one of the bots\' tokens'
  ]) {
    t.ok(logs.includes(reason), `the reason is logged: ${reason}`)
  }
  const secrets: Array<[string, string]> = [
    ['the Mattermost token', MATTERMOST_TOKEN],
    ['the guessed token', guessed],
    ['the Teams security token', TEAMS_SECRET],
    ['the Telegram secret token', TELEGRAM_SECRET],
    ['the Zulip token', ZULIP_TOKEN],
    ['the Teams signature', (teamsGood.authorization ?? 'missing').slice(5)],
    ['the forged Teams signature', (teamsForged.authorization ?? 'missing').slice(5)],
    ['the Discord signature', discordGood['x-signature-ed25519'] ?? 'missing'],
    ['the forged Discord signature', discordForged['x-signature-ed25519'] ?? 'missing']
  ]
  for (const [name, secret] of secrets) t.notOk(logs.includes(secret), `${name} never appears`)
  t.notMatch(logs, /[0-9a-f]{64}/, 'nor anything that looks like a hex signature')
})
