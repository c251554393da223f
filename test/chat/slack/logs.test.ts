import t from 'tap'
import { spawnSync } from 'node:child_process'
import { ROOT, ensureBuilt } from '../../support/node-server.js'
import { commandBody, sign, signedHeaders } from '../../support/slack.js'

// The compiled app, as production runs it, with its real logger writing JSON
// lines to standard output: what an operator (or a log shipper) would see.
const APP = new URL('../../../dist/app.js', import.meta.url).href
const CONFIG = new URL('../../../dist/config.js', import.meta.url).href

t.before(ensureBuilt)

const CHILD = `
const { buildApp } = await import(${JSON.stringify(APP)})
const { testConfig } = await import(${JSON.stringify(CONFIG)})
const app = await buildApp(testConfig({ logLevel: 'trace', slackSigningSecret: process.env.SECRET || null }))
for (const request of JSON.parse(process.env.REQUESTS)) {
  await app.inject({ method: 'POST', url: '/slack/commands', ...request })
}
await app.close()
`

/** Builds the app in a fresh process, sends it the requests, and returns everything it logged. */
function logsOf (secret: string, requests: Array<{ headers: Record<string, string>, payload: string }>): string {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', SECRET: secret, REQUESTS: JSON.stringify(requests) },
    encoding: 'utf8',
    timeout: 20_000
  })
  if (result.status !== 0) throw new Error(`child exited with ${result.status}: ${result.stderr}`)
  return result.stdout + result.stderr
}

t.test('with no signing secret, start-up says so in one line', async (t) => {
  const logs = logsOf('', [])
  const lines = logs.split('\n').filter((line) => /slack/i.test(line))
  t.equal(lines.length, 1, 'one line about Slack')
  t.match(JSON.parse(lines[0] ?? '{}'), { level: 30, msg: 'Slack commands are off: set SLACK_SIGNING_SECRET to answer POST /slack/commands' })
})

t.test('with a secret, the logs show neither it nor any signature', async (t) => {
  const secret = 'log-test-secret-5f0c1d2e3a4b'
  const now = String(Math.floor(Date.now() / 1000))
  const body = commandBody('hello')
  const good = signedHeaders(body, now, secret)
  const forged = { ...good, 'x-slack-signature': sign('wrong-secret', now, body) }
  const logs = logsOf(secret, [{ headers: good, payload: body }, { headers: forged, payload: body }])
  t.notMatch(logs, /Slack commands are off/, 'no "off" line')
  t.match(logs, /"statusCode":200/, 'the signed request was answered (and logged)')
  t.match(logs, /"statusCode":401/, 'the forged one was refused (and logged)')
  t.match(logs, /Not a request from Slack: the signature does not match the body/, 'the reason is logged')
  t.notMatch(logs, secret, 'the secret never appears')
  t.notMatch(logs, good['x-slack-signature']?.slice(3) ?? 'missing', 'nor the valid signature')
  t.notMatch(logs, forged['x-slack-signature']?.slice(3) ?? 'missing', 'nor the forged one')
  t.notMatch(logs, /[0-9a-f]{64}/, 'nor anything that looks like one')
})
