import t from 'tap'
import { Writable } from 'node:stream'
import pino from 'pino'
import { REDACTED, loggerOptions } from '../../src/http/pipeline/logging.js'
import { logLines, startServer } from '../support/node-server.js'

const SECRETS = {
  authorization: 'Bearer sk-live-0123456789abcdef',
  cookie: 'session=c00kie-value-4242',
  'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
  signingSecret: 'f4k3-s1gn1ng-s3cr3t-for-tests'
}

t.test('the server writes one JSON line per request, with its request id, and no secret', async (t) => {
  const server = await startServer({ env: { LOG_LEVEL: 'info', SLACK_SIGNING_SECRET: SECRETS.signingSecret } })
  t.teardown(() => { server.child.kill('SIGKILL') })
  const origin = `http://127.0.0.1:${server.port}`
  const secretHeaders = { authorization: SECRETS.authorization, cookie: SECRETS.cookie, 'x-slack-signature': SECRETS['x-slack-signature'] }
  const requests: Array<[string, RequestInit, number]> = [
    ['/say/hello', { headers: { ...secretHeaders, 'x-request-id': 'nginx-req-0001' } }, 200],
    ['/say/x?width=0', { headers: secretHeaders }, 400],
    ['/say/%ZZ', { headers: secretHeaders }, 400],
    ['/nowhere', { headers: secretHeaders }, 404],
    ['/say/x', { method: 'POST', headers: secretHeaders, body: 'token=verification-token-for-tests' }, 405],
    ['/healthz', {}, 200]
  ]
  const ids: string[] = []
  for (const [path, init, status] of requests) {
    const response = await fetch(origin + path, init)
    t.equal(response.status, status, path)
    ids.push(response.headers.get('x-request-id') ?? '')
    await response.arrayBuffer()
  }
  t.equal(ids[0], 'nginx-req-0001', 'the proxy\'s request id is kept and sent back')
  t.ok(ids.slice(1).every((id) => /^[0-9a-f-]{36}$/.test(id)), 'other requests get a fresh UUID, sent back as X-Request-Id')
  t.equal(await server.stop(), 0)

  const output = server.output()
  const lines = output.trim().split('\n')
  t.equal(logLines(output).length, lines.length, 'every line is JSON')
  const perRequest = logLines(output).filter((line) => line.reqId !== undefined)
  t.equal(perRequest.length, requests.length, 'exactly one line per request')
  t.same(perRequest.map((line) => line.reqId), ids, 'each line carries the id the client was given')
  for (const [index, line] of perRequest.entries()) {
    t.equal(line.msg, 'request completed')
    t.match(line, { req: { method: String, url: String, remoteAddress: '127.0.0.1' }, res: { statusCode: requests[index]?.[2] }, responseTime: Number })
  }
  for (const [name, secret] of Object.entries(SECRETS)) t.notOk(output.includes(secret), `${name} never reaches the log`)
  t.notOk(output.includes('verification-token-for-tests'), 'request bodies are not logged')
})

t.test('secrets are redacted wherever a log call puts headers or credentials', async (t) => {
  let written = ''
  const sink = new Writable({ write (chunk: Buffer, _encoding, done) { written += chunk.toString(); done() } })
  const log = pino(loggerOptions('info'), sink)
  log.info({
    req: { headers: { authorization: SECRETS.authorization, cookie: SECRETS.cookie, 'x-slack-signature': SECRETS['x-slack-signature'], host: 'localhost' } },
    headers: { authorization: SECRETS.authorization, 'set-cookie': SECRETS.cookie },
    body: { token: 'xoxb-1234', text: 'moo' },
    config: { slackSigningSecret: SECRETS.signingSecret }
  }, 'a careless log call')
  const line = JSON.parse(written)
  t.equal(line.req.headers.authorization, REDACTED)
  t.equal(line.req.headers.cookie, REDACTED)
  t.equal(line.req.headers['x-slack-signature'], REDACTED)
  t.equal(line.req.headers.host, 'localhost', 'other headers stay readable')
  t.equal(line.headers.authorization, REDACTED)
  t.equal(line.headers['set-cookie'], REDACTED)
  t.equal(line.body.token, REDACTED)
  t.equal(line.body.text, 'moo')
  t.equal(line.config.slackSigningSecret, REDACTED)
  for (const secret of Object.values(SECRETS)) t.notOk(written.includes(secret))
})

t.test('lines are written asynchronously, and none is lost when the server stops right after a burst', async (t) => {
  const server = await startServer({ env: { LOG_LEVEL: 'info', SHUTDOWN_DRAIN: '0', RATE_LIMIT_MAX: '0' } })
  t.teardown(() => { server.child.kill('SIGKILL') })
  const origin = `http://127.0.0.1:${server.port}`
  const count = 300
  const statuses = await Promise.all(Array.from({ length: count }, async (_, n) => {
    const response = await fetch(`${origin}/say/burst%20${n}`, { headers: { accept: 'text/plain' } })
    await response.arrayBuffer()
    return response.status
  }))
  t.same(new Set(statuses), new Set([200]), `${count} answered`)
  // Stopped at once: whatever is still queued must be flushed on the way out.
  t.equal(await server.stop(), 0, 'a clean stop')
  const logged = logLines(server.output()).filter((line) => line.msg === 'request completed' && String((line.req as { url?: string } | undefined)?.url).startsWith('/say/burst%20'))
  t.equal(logged.length, count, 'one line for every request')
  t.equal(new Set(logged.map((line) => line.reqId)).size, count, 'each its own')
  t.match(server.output(), /"msg":"closed"/, 'and the shutdown lines after them')
})
