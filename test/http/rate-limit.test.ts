import t from 'tap'
import { ACCEPT, build } from '../helper.js'

const LIMITED = { rateLimit: { max: 3, windowMs: 60_000 } }

t.test('each client gets RATE_LIMIT_MAX requests per window, then 429 with Retry-After', async (t) => {
  const app = await build(t, LIMITED)
  const client = { remoteAddress: '203.0.113.7' }
  for (let i = 1; i <= 3; i++) {
    const response = await app.inject({ url: `/say/hello${i}`, headers: { accept: ACCEPT.json }, ...client })
    t.equal(response.statusCode, 200, `request ${i} of 3 is served`)
    t.equal(response.headers['x-ratelimit-limit'], '3')
    t.equal(response.headers['x-ratelimit-remaining'], String(3 - i))
  }
  const refused = await app.inject({ url: '/say/hello4', headers: { accept: ACCEPT.json }, ...client })
  t.equal(refused.statusCode, 429)
  t.match(refused.headers['retry-after'], /^\d+$/, 'Retry-After in seconds')
  t.ok(Number(refused.headers['retry-after']) > 0 && Number(refused.headers['retry-after']) <= 60, 'within the window')
  t.same(Object.keys(refused.json()).sort(), ['error', 'message', 'statusCode'])
  t.equal(refused.json().error, 'Too Many Requests')
  t.match(refused.json().message, /at most 3 every 60 seconds from one address; try again in \d+ seconds?/)

  const other = await app.inject({ url: '/say/hello', headers: { accept: ACCEPT.json }, remoteAddress: '203.0.113.8' })
  t.equal(other.statusCode, 200, 'another client has its own budget')
})

t.test('the 429 comes in the client\'s format, like every other error', async (t) => {
  const app = await build(t, { rateLimit: { max: 1, windowMs: 60_000 } })
  const client = { remoteAddress: '198.51.100.1' }
  await app.inject({ url: '/say/x', ...client })
  const cases: Array<[string, string, RegExp]> = [
    [ACCEPT.html, 'text/html; charset=utf-8', /<h1 id="error-title">429 Too Many Requests<\/h1>/],
    [ACCEPT.json, 'application/json; charset=utf-8', /"statusCode":429/],
    [ACCEPT.text, 'text/plain; charset=utf-8', /^429 Too Many Requests: Too many requests/],
    [ACCEPT.xml, 'application/xml; charset=utf-8', /<statusCode>429<\/statusCode>/]
  ]
  for (const [accept, type, body] of cases) {
    const response = await app.inject({ url: '/say/x', headers: { accept }, ...client })
    t.equal(response.statusCode, 429, accept)
    t.equal(response.headers['content-type'], type)
    t.match(response.body, body)
    t.ok(response.headers['retry-after'], 'Retry-After')
    t.equal(response.headers['x-content-type-options'], 'nosniff', 'with the security headers')
  }
})

t.test('health checks and static files are not counted; 404s are', async (t) => {
  const app = await build(t, { rateLimit: { max: 2, windowMs: 60_000 } })
  const client = { remoteAddress: '192.0.2.50' }
  const css = /href="(\/static\/css\/site\.[0-9a-f]{10}\.css)"/.exec((await app.inject({ url: '/', ...client })).body)?.[1] as string
  for (let i = 0; i < 10; i++) {
    t.equal((await app.inject({ url: '/healthz', ...client })).statusCode, 200, `/healthz ${i}`)
    t.equal((await app.inject({ url: css, ...client })).statusCode, 200, `static file ${i}`)
  }
  t.equal((await app.inject({ url: '/nowhere', ...client })).statusCode, 404, 'the second counted request')
  t.equal((await app.inject({ url: '/nowhere', ...client })).statusCode, 429, 'a scanner probing 404s is limited too')
  t.equal((await app.inject({ url: '/healthz', ...client })).statusCode, 200, 'health still answers')
})

t.test('behind a trusted proxy the limit is keyed on the client address it forwards', async (t) => {
  const app = await build(t, { rateLimit: { max: 2, windowMs: 60_000 }, trustProxy: '127.0.0.1' })
  const viaProxy = (client: string): object => ({ remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': client, accept: ACCEPT.json } })
  for (const client of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
    t.equal((await app.inject({ url: '/say/a', ...viaProxy(client) })).statusCode, 200, `${client} 1`)
    t.equal((await app.inject({ url: '/say/b', ...viaProxy(client) })).statusCode, 200, `${client} 2`)
    t.equal((await app.inject({ url: '/say/c', ...viaProxy(client) })).statusCode, 429, `${client} 3: its own limit, not the proxy's`)
  }
})

t.test('a client cannot escape the limit by forging X-Forwarded-For', async (t) => {
  const app = await build(t, { rateLimit: { max: 2, windowMs: 60_000 } })
  const statuses: number[] = []
  for (let i = 0; i < 5; i++) {
    const response = await app.inject({ url: '/say/x', remoteAddress: '203.0.113.9', headers: { 'x-forwarded-for': `10.0.0.${i}` } })
    statuses.push(response.statusCode)
  }
  t.same(statuses, [200, 200, 429, 429, 429], 'no proxy is trusted, so the header is ignored')
})

t.test('IPv6 clients are counted by their /64', async (t) => {
  const app = await build(t, { rateLimit: { max: 2, windowMs: 60_000 } })
  const statuses: number[] = []
  for (const host of ['1', '2', '3']) {
    statuses.push((await app.inject({ url: '/say/x', remoteAddress: `2001:db8:1:2::${host}` })).statusCode)
  }
  t.same(statuses, [200, 200, 429], 'addresses from one /64 share a budget')
})
