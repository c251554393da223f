import t, { type Test } from 'tap'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { runScript, standIn } from '../support/stand-in.js'

/*
 * `npm run telegram:webhook` printing the setWebhook call, and making it
 * against a stand-in for the Bot API on loopback, as Telegram's documentation
 * describes setWebhook; neither secret ever appears in its output.
 */

const BOT_TOKEN = '123456:stand-in-bot-token_secret-part'
const SECRET = 'webhook-secret_0123456789abcdef'

/** A stand-in Bot API answering every call with `answer`; what it received, as the assertions read it. */
async function standInApi (t: Test, answer: { status: number, body: unknown }): Promise<{ url: string, received: Array<{ method: string, url: string, contentType: string | undefined, body: string }> }> {
  const api = await standIn(t, () => answer)
  return {
    url: api.origin,
    get received () { return api.received.map(({ method, url, headers, body }) => ({ method, url, contentType: headers['content-type'], body })) }
  }
}

const run = promisify(execFile)

const webhook = async (env: Record<string, string>): Promise<{ code: number, stdout: string, stderr: string }> => runScript('scripts/telegram-webhook.ts', env)

const noSecrets = (t: Test, output: string): void => {
  t.notMatch(output, SECRET, 'the secret token is not printed')
  t.notMatch(output, 'secret-part', 'the bot token is not printed')
}

t.test('the npm script runs this file', async (t) => {
  const { scripts } = (await import('../../package.json', { with: { type: 'json' } })).default as { scripts: Record<string, string> }
  t.equal(scripts['telegram:webhook'], 'node --import tsx scripts/telegram-webhook.ts')
})

t.test('without the bot token, it prints the call, which reads both secrets from the shell', async (t) => {
  const { code, stdout, stderr } = await webhook({ PUBLIC_URL: 'https://cowsay.example/', TELEGRAM_SECRET_TOKEN: SECRET })
  t.equal(code, 0, stderr)
  t.match(stdout, 'curl -sS "https://api.telegram.org/bot$TELEGRAM_BOT_TOKEN/setWebhook"')
  t.match(stdout, '\\"url\\":\\"https://cowsay.example/telegram/updates\\",\\"secret_token\\":\\"$TELEGRAM_SECRET_TOKEN\\",\\"allowed_updates\\":[\\"message\\",\\"inline_query\\"]')
  noSecrets(t, stdout + stderr)
  // The printed command, run by a shell with both variables, sends what the script itself would.
  const api = await standInApi(t, { status: 200, body: { ok: true, result: true, description: 'Webhook was set' } })
  const command = stdout.split('\n')[1]?.replace('https://api.telegram.org', api.url) ?? ''
  await run('sh', ['-c', command], { env: { PATH: process.env.PATH ?? '', TELEGRAM_BOT_TOKEN: BOT_TOKEN, TELEGRAM_SECRET_TOKEN: SECRET } })
  t.same(api.received.map(({ url, body }) => ({ url, body: JSON.parse(body) })), [{
    url: `/bot${BOT_TOKEN}/setWebhook`,
    body: { url: 'https://cowsay.example/telegram/updates', secret_token: SECRET, allowed_updates: ['message', 'inline_query'] }
  }])
})

t.test('with the bot token, it sets the webhook itself', async (t) => {
  const api = await standInApi(t, { status: 200, body: { ok: true, result: true, description: 'Webhook was set' } })
  const { code, stdout, stderr } = await webhook({ PUBLIC_URL: 'https://cowsay.example', TELEGRAM_SECRET_TOKEN: SECRET, TELEGRAM_BOT_TOKEN: BOT_TOKEN, TELEGRAM_API_URL: api.url })
  t.equal(code, 0, stderr)
  t.match(stdout, 'Telegram sends messages and inline queries to https://cowsay.example/telegram/updates (Webhook was set)')
  t.same(api.received, [{
    method: 'POST',
    url: `/bot${BOT_TOKEN}/setWebhook`,
    contentType: 'application/json',
    body: JSON.stringify({ url: 'https://cowsay.example/telegram/updates', secret_token: SECRET, allowed_updates: ['message', 'inline_query'] })
  }])
  noSecrets(t, stdout + stderr)
})

t.test('Telegram\'s refusals and missing settings are reported, with no secret in them', async (t) => {
  const api = await standInApi(t, { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } })
  const refused = await webhook({ PUBLIC_URL: 'https://cowsay.example', TELEGRAM_SECRET_TOKEN: SECRET, TELEGRAM_BOT_TOKEN: BOT_TOKEN, TELEGRAM_API_URL: api.url })
  t.equal(refused.code, 1)
  t.match(refused.stderr, 'Telegram refused the webhook: Unauthorized')
  noSecrets(t, refused.stdout + refused.stderr)
  const cases: Array<[env: Record<string, string>, problem: RegExp]> = [
    [{ TELEGRAM_SECRET_TOKEN: SECRET }, /PUBLIC_URL must be set/],
    [{ PUBLIC_URL: 'http://cowsay.example', TELEGRAM_SECRET_TOKEN: SECRET }, /must be an https:\/\/ address/],
    [{ PUBLIC_URL: 'https://cowsay.example' }, /TELEGRAM_SECRET_TOKEN must be set/],
    [{ PUBLIC_URL: 'https://cowsay.example', TELEGRAM_SECRET_TOKEN: 'has spaces in it' }, /1 to 256 characters/]
  ]
  for (const [env, problem] of cases) {
    const { code, stderr } = await webhook(env)
    t.equal(code, 78, `${problem}: EX_CONFIG`)
    t.match(stderr, problem)
    t.notMatch(stderr, 'has spaces', 'a wrong secret is not repeated')
  }
})
