import t from 'tap'
import { ensureBuilt, startServer } from '../../support/node-server.js'
import { commandBody, sign, signedHeaders } from '../../support/slack.js'

// The built server, as production runs it, with its real logger writing JSON
// lines to standard output: what an operator (or a log shipper) would see.
t.before(ensureBuilt)

/** Starts `node dist/server.js` at the most verbose level, sends it the requests, and returns everything it logged. */
async function logsOf (secret: string, requests: Array<{ headers: Record<string, string>, payload: string }>): Promise<string> {
  const server = await startServer({ env: { LOG_LEVEL: 'trace', ...(secret === '' ? {} : { SLACK_SIGNING_SECRET: secret }) } })
  try {
    for (const { headers, payload } of requests) {
      const response = await fetch(`http://127.0.0.1:${server.port}/slack/commands`, { method: 'POST', headers, body: payload })
      await response.arrayBuffer()
    }
    await server.settle()
  } finally {
    await server.stop()
  }
  return server.output()
}

t.test('with no signing secret, start-up says so in one line', async (t) => {
  const logs = await logsOf('', [])
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
  const logs = await logsOf(secret, [{ headers: good, payload: body }, { headers: forged, payload: body }])
  t.notMatch(logs, /Slack commands are off/, 'no "off" line')
  t.match(logs, /"statusCode":200/, 'the signed request was answered (and logged)')
  t.match(logs, /"statusCode":401/, 'the forged one was refused (and logged)')
  t.match(logs, /Not a request from Slack: the signature does not match the body/, 'the reason is logged')
  t.notMatch(logs, secret, 'the secret never appears')
  t.notMatch(logs, good['x-slack-signature']?.slice(3) ?? 'missing', 'nor the valid signature')
  t.notMatch(logs, forged['x-slack-signature']?.slice(3) ?? 'missing', 'nor the forged one')
  t.notMatch(logs, /[0-9a-f]{64}/, 'nor anything that looks like one')
})
