import t, { type Test } from 'tap'
import { execFile } from 'node:child_process'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { discordCommands } from '../../../src/chat/discord/commands.js'

/*
 * `npm run discord:register` against a stand-in for Discord's API on
 * loopback: what it sends (method, path, headers, body) is checked the way
 * Discord's documentation describes the bulk overwrite endpoints.
 */

const ROOT = fileURLToPath(new URL('../../..', import.meta.url))
const APPLICATION_ID = '123456789012345678'
const GUILD_ID = '876543210987654321'
const BOT_TOKEN = 'stand-in-bot-token.Xy9_very-secret-part'

interface Received { method: string, url: string, headers: IncomingHttpHeaders, body: string }

/** A stand-in API: records each request and answers with `status` and, on success, the commands given ids. */
async function standIn (t: Test, status = 200, answer?: unknown): Promise<{ url: string, received: Received[] }> {
  const received: Received[] = []
  const server = createServer((request, response) => {
    let body = ''
    request.setEncoding('utf8')
    request.on('data', (chunk: string) => { body += chunk })
    request.on('end', () => {
      received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body })
      const commands = status === 200 ? (JSON.parse(body) as Array<Record<string, unknown>>).map((command, i) => ({ id: String(1000 + i), application_id: APPLICATION_ID, version: '1', ...command })) : undefined
      response.writeHead(status, { 'content-type': 'application/json' })
      response.end(JSON.stringify(answer ?? commands))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v10`, received }
}

const run = promisify(execFile)

/** Runs the npm script's command with exactly `env` (and PATH); resolves with its exit code and output. */
async function register (env: Record<string, string>, args: string[] = []): Promise<{ code: number, stdout: string, stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/discord-register.ts', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number, stdout: string, stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

t.test('the npm script runs this file', async (t) => {
  const { scripts } = (await import('../../../package.json', { with: { type: 'json' } })).default as { scripts: Record<string, string> }
  t.equal(scripts['discord:register'], 'node --import tsx scripts/discord-register.ts')
})

t.test('registers both commands globally with one bulk overwrite', async (t) => {
  const api = await standIn(t)
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
  for (const [how, env, args] of [
    ['--guild', {}, ['--guild', GUILD_ID]],
    ['DISCORD_GUILD_ID', { DISCORD_GUILD_ID: GUILD_ID }, []]
  ] as const) {
    const api = await standIn(t)
    const result = await register({ DISCORD_APPLICATION_ID: APPLICATION_ID, DISCORD_BOT_TOKEN: BOT_TOKEN, DISCORD_API_URL: api.url, ...env }, [...args])
    t.equal(result.code, 0, `${how}: ${result.stderr}`)
    t.equal(api.received[0]?.url, `/api/v10/applications/${APPLICATION_ID}/guilds/${GUILD_ID}/commands`, `${how}: the guild's commands`)
    t.match(result.stdout, `in guild ${GUILD_ID}`)
  }
})

t.test('Discord\'s refusal is reported with its message and a failing exit code, without the token', async (t) => {
  const api = await standIn(t, 401, { message: '401: Unauthorized', code: 0 })
  const result = await register({ DISCORD_APPLICATION_ID: APPLICATION_ID, DISCORD_BOT_TOKEN: BOT_TOKEN, DISCORD_API_URL: api.url })
  t.equal(result.code, 1)
  t.equal(result.stderr, 'discord:register: Discord refused the commands (401): 401: Unauthorized\n')
  t.notMatch(result.stdout + result.stderr, BOT_TOKEN)
})

t.test('missing or malformed settings stop it before anything is sent', async (t) => {
  const api = await standIn(t)
  const cases: Array<[string, Record<string, string>, string[], RegExp]> = [
    ['no application id', { DISCORD_BOT_TOKEN: BOT_TOKEN }, [], /DISCORD_APPLICATION_ID must be/],
    ['no token', { DISCORD_APPLICATION_ID: APPLICATION_ID }, [], /DISCORD_BOT_TOKEN must be/],
    ['a guild that is not an id', { DISCORD_APPLICATION_ID: APPLICATION_ID, DISCORD_BOT_TOKEN: BOT_TOKEN }, ['--guild', 'my-server'], /guild id must be/],
    ['an unknown flag', { DISCORD_APPLICATION_ID: APPLICATION_ID, DISCORD_BOT_TOKEN: BOT_TOKEN }, ['--global'], /usage: npm run discord:register/]
  ]
  for (const [name, env, args, message] of cases) {
    const result = await register({ DISCORD_API_URL: api.url, ...env }, args)
    t.not(result.code, 0, `${name}: fails`)
    t.match(result.stderr, message, `${name}: ${result.stderr.trim()}`)
    t.notMatch(result.stderr, BOT_TOKEN)
  }
  t.equal(api.received.length, 0, 'nothing reached the API')
})

t.test('--print shows the commands and sends nothing', async (t) => {
  const result = await register({}, ['--print'])
  t.equal(result.code, 0)
  t.same(JSON.parse(result.stdout), discordCommands())
})
