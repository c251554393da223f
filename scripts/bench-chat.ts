/**
 * Time per chat command, through the whole app (verification, reading,
 * drawing, the platform's reply), for each platform: a typical command with a
 * new message each time (so no drawing is cached), Telegram's inline query,
 * and Discord's over-long drawing sent as a PNG. Google Chat's keys come from
 * a loopback stand-in for Google's URL (openssl makes its certificates).
 *
 *   npm run bench:chat
 *
 * In-process (inject): no network. Figures are for the machine at hand.
 */
import { availableParallelism } from 'node:os'
import { buildApp } from '../src/app.js'
import { testConfig } from '../test/support/config.js'
import { CHAT_CONFIG } from '../test/support/chat.js'
import { commandInteraction, discordHeaders } from '../test/support/discord.js'
import { mattermostBody, mattermostHeaders } from '../test/support/mattermost.js'
import { teamsHeaders, teamsMessage } from '../test/support/teams.js'
import { commandBody, signedHeaders, SECRET } from '../test/support/slack.js'
import { TELEGRAM_SECRET, telegramHeaders, telegramInline, telegramMessage } from '../test/support/telegram.js'
import { PROJECT_NUMBER, googleChatEvent, projectNumberClaims, sharedGoogleKeys, signToken } from '../test/support/google-chat.js'
import { ZULIP_TOKEN, zulipHeaders, zulipMessage } from '../test/support/zulip.js'

const COUNT = 300
// Google's keys, published on loopback (openssl makes their certificates): fetched once, then kept.
const google = await sharedGoogleKeys()
const app = await buildApp(testConfig({
  ...CHAT_CONFIG,
  slackSigningSecret: SECRET,
  telegramSecretToken: TELEGRAM_SECRET,
  googleChat: { audience: PROJECT_NUMBER, keyUrls: google.urls },
  zulipTokens: [ZULIP_TOKEN]
}))
const now = (): string => String(Math.floor(Date.now() / 1000))
const seconds = (): number => Math.floor(Date.now() / 1000)
// One token for the run, as Google reuses one for about an hour: its signature is verified on every request.
const googleToken = { 'content-type': 'application/json', authorization: 'Bearer ' + signToken(projectNumberClaims(), { issuedAt: seconds() }) }

type Make = (i: number) => { url: string, headers: Record<string, string>, payload: string }
const cases: Array<[string, Make, number]> = [
  ['Slack /cowsay -f tux', (i) => { const payload = commandBody(`-f tux hello ${i}`); return { url: '/slack/commands', headers: signedHeaders(payload, now()), payload } }, COUNT],
  ['Discord /cowsay cow: tux', (i) => { const payload = commandInteraction('cowsay', { message: `hello ${i}`, cow: 'tux' }); return { url: '/discord/interactions', headers: discordHeaders(payload, now()), payload } }, COUNT],
  ['Mattermost /cowsay -f tux', (i) => { const payload = mattermostBody(`-f tux hello ${i}`); return { url: '/mattermost/commands', headers: mattermostHeaders(), payload } }, COUNT],
  ['Teams @Cowsay -f tux', (i) => { const payload = teamsMessage(`-f tux hello ${i}`, { timestamp: new Date().toISOString() }); return { url: '/teams/messages', headers: teamsHeaders(payload), payload } }, COUNT],
  ['Telegram /cowsay -f tux', (i) => ({ url: '/telegram/updates', headers: telegramHeaders(), payload: telegramMessage(`/cowsay -f tux hello ${i}`, { date: seconds() }) }), COUNT],
  ['Telegram inline -f tux (article)', (i) => ({ url: '/telegram/updates', headers: telegramHeaders(), payload: telegramInline(`-f tux hello ${i}`) }), COUNT],
  ['Google Chat /cowsay -f tux (RS256 token verified)', (i) => ({ url: '/google-chat/events', headers: googleToken, payload: googleChatEvent(`-f tux hello ${i}`, { command: '/cowsay', eventTime: new Date().toISOString() }) }), COUNT],
  ['Zulip @Cowsay -f tux', (i) => ({ url: '/zulip/messages', headers: zulipHeaders(), payload: zulipMessage(`-f tux hello ${i}`, { timestamp: seconds() }) }), COUNT],
  ['Discord over 2,000 characters (PNG attached, rendered)', (i) => { const payload = commandInteraction('cowsay', { message: `hello ${i}`, cow: 'golden-eagle' }); return { url: '/discord/interactions', headers: discordHeaders(payload, now()), payload } }, 20]
]

console.log(`Node ${process.version}, ${availableParallelism()} cores`)
console.log('case | commands | ms per command: median | p99 | max')
for (const [name, make, count] of cases) {
  // A warm-up, so the first PNG's font loading is not counted.
  await app.inject({ method: 'POST', ...make(-1) })
  const times: number[] = []
  for (let i = 0; i < count; i++) {
    const request = make(i)
    const started = performance.now()
    const response = await app.inject({ method: 'POST', ...request })
    times.push(performance.now() - started)
    if (response.statusCode !== 200) throw new Error(`${name}: ${response.statusCode} ${response.body.slice(0, 200)}`)
  }
  times.sort((a, b) => a - b)
  const at = (q: number): string => (times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(2)
  console.log(`${name} | ${count} | ${at(0.5)} | ${at(0.99)} | ${(times.at(-1) ?? 0).toFixed(2)}`)
}
await app.close()
