import t, { type Test } from 'tap'
import { discordCommands } from '../../../src/chat/discord/commands.js'
import { DISCORD_API_URL, registerCommands, registrationFrom } from '../../../src/chat/discord/register.js'
import { runScript, standIn, type Received } from '../../support/stand-in.js'

/*
 * `npm run discord:register` against a stand-in for Discord's API on
 * loopback: what it sends (method, path, headers, body) is checked the way
 * Discord's documentation describes the bulk overwrite endpoints.
 */

const APPLICATION_ID = '123456789012345678'
const GUILD_ID = '876543210987654321'
const BOT_TOKEN = 'stand-in-bot-token.Xy9_very-secret-part'

/** A stand-in API: records each request and answers with `status` and, on success, the commands given ids. */
async function standInApi (t: Test, status = 200, answer?: unknown): Promise<{ url: string, received: Received[] }> {
  const api = await standIn(t, ({ body }) => ({
    status,
    body: answer ?? (status === 200 ? (JSON.parse(body) as Array<Record<string, unknown>>).map((command, i) => ({ id: String(1000 + i), application_id: APPLICATION_ID, version: '1', ...command })) : undefined)
  }))
  return { url: `${api.origin}/api/v10`, received: api.received }
}

/** Runs the npm script's command with exactly `env` (and PATH); resolves with its exit code and output. */
const register = async (env: Record<string, string>, args: string[] = []): Promise<{ code: number, stdout: string, stderr: string }> => runScript('scripts/discord-register.ts', env, args)

t.test('the npm script runs this file', async (t) => {
  const { scripts } = (await import('../../../package.json', { with: { type: 'json' } })).default as { scripts: Record<string, string> }
  t.equal(scripts['discord:register'], 'node --import tsx scripts/discord-register.ts')
})

t.test('registers both commands globally with one bulk overwrite', async (t) => {
  const api = await standInApi(t)
  const result = await register({ DISCORD_APPLICATION_ID: APPLICATION_ID, DISCORD_BOT_TOKEN: BOT_TOKEN, DISCORD_API_URL: api.url })
  t.equal(result.code, 0, result.stderr)
  t.equal(result.stdout, `Registered /cowsay and /cowthink globally for application ${APPLICATION_ID}.\n`)
  t.equal(api.received.length, 1, 'one request')
  const [request] = api.received
  t.equal(request?.method, 'PUT')
  t.equal(request?.url, `/api/v10/applications/${APPLICATION_ID}/commands`)
  t.equal(request?.headers.authorization, `Bot ${BOT_TOKEN}`)
  t.equal(request?.headers['content-type'], 'application/json')
  t.match(request?.headers['user-agent'], /^DiscordBot \(\S+, \d+\.\d+\.\d+\)$/, 'the User-Agent Discord asks bots for')
  t.same(JSON.parse(request?.body ?? 'null'), discordCommands(), 'the body is the declared commands')
  t.notMatch(result.stdout + result.stderr, BOT_TOKEN, 'the token is not printed')
})

t.test('registers in one guild, by --guild or DISCORD_GUILD_ID', async (t) => {
  const api = await standInApi(t)
  const result = await register({ DISCORD_APPLICATION_ID: APPLICATION_ID, DISCORD_BOT_TOKEN: BOT_TOKEN, DISCORD_API_URL: api.url }, ['--guild', GUILD_ID])
  t.equal(result.code, 0, result.stderr)
  t.equal(api.received[0]?.url, `/api/v10/applications/${APPLICATION_ID}/guilds/${GUILD_ID}/commands`, '--guild: the guild\'s commands')
  t.match(result.stdout, `in guild ${GUILD_ID}`)
  const byEnvironment = registrationFrom({ env: { DISCORD_APPLICATION_ID: APPLICATION_ID, DISCORD_BOT_TOKEN: BOT_TOKEN, DISCORD_GUILD_ID: GUILD_ID }, guild: undefined })
  t.match(byEnvironment, { guildId: GUILD_ID, apiUrl: DISCORD_API_URL }, 'DISCORD_GUILD_ID does the same; the API is Discord\'s unless told')
})

t.test('Discord\'s refusal is reported with its message, without the token', async (t) => {
  const api = await standInApi(t, 401, { message: '401: Unauthorized', code: 0 })
  const result = await registerCommands({ apiUrl: api.url, applicationId: APPLICATION_ID, botToken: BOT_TOKEN, guildId: undefined, commands: discordCommands(), userAgent: 'DiscordBot (test, 1.0.0)' })
  t.same(result, { ok: false, status: 401, message: '401: Unauthorized' })
  t.notMatch(JSON.stringify(result), BOT_TOKEN)
  const proxy = await standInApi(t, 502, 'Bad Gateway')
  t.match(await registerCommands({ apiUrl: proxy.url, applicationId: APPLICATION_ID, botToken: BOT_TOKEN, guildId: undefined, commands: [], userAgent: 'x' }), { ok: false, status: 502 })
})

t.test('missing or malformed settings are refused before anything is sent, and the script says so', async (t) => {
  const cases: Array<[string, Record<string, string>, string | undefined, RegExp]> = [
    ['no application id', { DISCORD_BOT_TOKEN: BOT_TOKEN }, undefined, /DISCORD_APPLICATION_ID must be/],
    ['an application id that is not one', { DISCORD_APPLICATION_ID: 'my-app', DISCORD_BOT_TOKEN: BOT_TOKEN }, undefined, /DISCORD_APPLICATION_ID must be/],
    ['no token', { DISCORD_APPLICATION_ID: APPLICATION_ID }, undefined, /DISCORD_BOT_TOKEN must be/],
    ['a token with a space', { DISCORD_APPLICATION_ID: APPLICATION_ID, DISCORD_BOT_TOKEN: 'Bot abc' }, undefined, /DISCORD_BOT_TOKEN must be/],
    ['a guild that is not an id', { DISCORD_APPLICATION_ID: APPLICATION_ID, DISCORD_BOT_TOKEN: BOT_TOKEN }, 'my-server', /guild id must be/],
    ['an API that is not http', { DISCORD_APPLICATION_ID: APPLICATION_ID, DISCORD_BOT_TOKEN: BOT_TOKEN, DISCORD_API_URL: 'file:///etc' }, undefined, /DISCORD_API_URL must be/]
  ]
  for (const [name, env, guild, message] of cases) {
    const settings = registrationFrom({ env, guild })
    t.ok('problem' in settings, `${name}: refused`)
    if ('problem' in settings) {
      t.match(settings.problem, message, `${name}: ${settings.problem}`)
      t.notMatch(settings.problem, BOT_TOKEN)
    }
  }
  const api = await standInApi(t)
  const script = await register({ DISCORD_BOT_TOKEN: BOT_TOKEN, DISCORD_API_URL: api.url })
  t.equal(script.code, 78, 'the script exits with EX_CONFIG')
  t.match(script.stderr, /^discord:register: DISCORD_APPLICATION_ID must be/)
  t.equal(api.received.length, 0, 'nothing reached the API')
})

t.test('.env.example documents every variable the script reads', async (t) => {
  const { readFileSync } = await import('node:fs')
  const documented = new Set([...readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]))
  const read = new Set<string>()
  registrationFrom({ env: new Proxy({}, { get: (_target, name) => { if (typeof name === 'string') read.add(name); return undefined } }), guild: undefined })
  t.same([...read].sort(), ['DISCORD_API_URL', 'DISCORD_APPLICATION_ID', 'DISCORD_BOT_TOKEN', 'DISCORD_GUILD_ID'])
  for (const name of read) t.ok(documented.has(name), `${name} is in .env.example`)
})
