import t from 'tap'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { buildApp } from '../../src/app.js'
import { testConfig } from '../support/config.js'
import { metricsServer } from '../../src/http/pipeline/metrics.js'
import { ACCEPT, build } from '../helper.js'
import { startServer } from '../support/node-server.js'
import { freePort } from '../support/ports.js'

/*
 * GET /metrics: the Prometheus text format, from the real app. Each number
 * is checked against the requests the test made.
 */

/** The value of one sample, `name{label="value",...}`, or undefined when it is not there. */
function sample (text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (match === null || match[1] !== name) continue
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [pair[1], pair[2]]))
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3])
  }
  return undefined
}

t.test('GET /metrics: requests by route, representation and status, with latency histograms', async (t) => {
  const app = await build(t)
  for (const accept of [ACCEPT.json, ACCEPT.json, ACCEPT.text, ACCEPT.html]) await app.inject({ url: '/say/metrics', headers: { accept } })
  await app.inject({ url: '/say/x?width=1', headers: { accept: ACCEPT.json } })
  await app.inject({ url: '/nowhere/at/all' })
  await app.inject({ url: '/healthz' })
  const response = await app.inject({ url: '/metrics' })
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /^text\/plain; version=0\.0\.4; charset=utf-8/, 'the Prometheus text format')
  t.equal(response.headers['cache-control'], 'no-store')
  const text = response.body
  const requests = (labels: Record<string, string>): number | undefined => sample(text, 'cowsay_http_requests_total', labels)
  t.equal(requests({ route: '/say/*', representation: 'json', status: '200' }), 2, 'two JSON results')
  t.equal(requests({ route: '/say/*', representation: 'text', status: '200' }), 1, 'one plain-text result')
  t.equal(requests({ route: '/say/*', representation: 'html', status: '200' }), 1, 'one page')
  t.equal(requests({ route: '/say/*', representation: 'json', status: '400' }), 1, 'a 400, in JSON')
  t.equal(requests({ route: '(unmatched)', status: '404' }), 1, 'a URL no route matches is counted under one label, not its path')
  t.equal(requests({ route: '/healthz', status: '200' }), 1)
  t.notMatch(text, /nowhere/, 'no client URL becomes a label')
  t.equal(sample(text, 'cowsay_http_request_duration_seconds_count', { route: '/say/*', representation: 'json', status: '200' }), 2, 'a latency histogram per label set')
  t.equal(sample(text, 'cowsay_http_request_duration_seconds_bucket', { route: '/say/*', representation: 'json', status: '200', le: '+Inf' }), 2)
  t.ok((sample(text, 'cowsay_http_request_duration_seconds_sum', { route: '/say/*', representation: 'json', status: '200' }) ?? -1) > 0, 'with the time spent')
})

/** A message of 990 CJK characters, different for each n and hard to compress: the heaviest entries a cache gets. */
const heavyMessage = (n: number): string =>
  Array.from({ length: 990 }, (_, i) => String.fromCodePoint(0x4e00 + ((n * 7919 + i * 104729) % 20000))).join('')

t.test('GET /metrics: the drawings, representations and compressed bodies stay within their bounds in bytes', async (t) => {
  const bounds = { drawings: 128 * 1024, representations: 1024 * 1024, compressed: 64 * 1024 }
  const app = await buildApp(testConfig(), { cacheBytes: bounds })
  t.teardown(() => app.close())
  const metrics = async (): Promise<string> => (await app.inject({ url: '/metrics' })).body
  const ask = async (n: number, accept: string): Promise<number> =>
    (await app.inject({ url: `/say/${encodeURIComponent(heavyMessage(n))}?width=200`, headers: { accept, 'accept-encoding': 'br' } })).statusCode
  const MESSAGES = 12
  const statuses = new Set<number>()
  for (let n = 0; n < MESSAGES; n++) for (const accept of [ACCEPT.html, ACCEPT.json]) statuses.add(await ask(n, accept))
  t.same([...statuses], [200], 'every page and JSON result was served')

  const filled = await metrics()
  for (const [cache, bound] of Object.entries(bounds)) {
    const made = sample(filled, 'cowsay_cache_misses_total', { cache }) ?? 0
    const entries = sample(filled, 'cowsay_cache_entries', { cache }) ?? 0
    const bytes = sample(filled, 'cowsay_cache_bytes', { cache }) ?? Infinity
    t.equal(sample(filled, 'cowsay_cache_max_bytes', { cache }), bound, `${cache}: the bound is reported`)
    t.ok(bytes <= bound && bytes > bound / 2, `${cache}: ${bytes} bytes kept, within ${bound} and near it`)
    t.ok(entries > 0 && entries < made, `${cache}: ${entries} of the ${made} made are kept, the least recently used dropped`)
  }

  // The newest page is a hit all through (a finished page needs no drawing: a text body of the
  // same message is made from the kept drawing); the oldest was dropped everywhere and is made again.
  await ask(MESSAGES - 1, ACCEPT.html)
  await ask(MESSAGES - 1, ACCEPT.text)
  await ask(0, ACCEPT.html)
  const after = await metrics()
  const expected = { drawings: { hits: 1, misses: 1 }, representations: { hits: 1, misses: 2 }, compressed: { hits: 1, misses: 2 } }
  for (const cache of Object.keys(bounds) as Array<keyof typeof bounds>) {
    const change = (name: string): number => (sample(after, name, { cache }) ?? NaN) - (sample(filled, name, { cache }) ?? NaN)
    t.same({ hits: change('cowsay_cache_hits_total'), misses: change('cowsay_cache_misses_total') }, expected[cache], `${cache}: the newest found, the oldest made again`)
  }
})

t.test('GET /metrics: cache hits and misses for drawings, representations and pictures; PNG render time', async (t) => {
  const app = await build(t)
  const metric = async (name: string, labels: Record<string, string> = {}): Promise<number | undefined> => sample((await app.inject({ url: '/metrics' })).body, name, labels)
  await app.inject({ url: '/say/cached', headers: { accept: ACCEPT.json } })
  t.equal(await metric('cowsay_cache_misses_total', { cache: 'drawings' }), 1, 'the first request draws')
  t.equal(await metric('cowsay_cache_misses_total', { cache: 'representations' }), 1, 'and builds the JSON')
  await app.inject({ url: '/say/cached', headers: { accept: ACCEPT.json } })
  t.equal(await metric('cowsay_cache_hits_total', { cache: 'representations' }), 1, 'the second finds the JSON')
  t.equal(await metric('cowsay_cache_hits_total', { cache: 'drawings' }), 0, 'which needs no drawing')
  await app.inject({ url: '/say/cached', headers: { accept: ACCEPT.text } })
  t.equal(await metric('cowsay_cache_misses_total', { cache: 'representations' }), 2, 'another representation of the same drawing is built')
  t.equal(await metric('cowsay_cache_hits_total', { cache: 'drawings' }), 1, 'from the cached drawing')

  t.equal(await metric('cowsay_picture_render_seconds_count'), 0, 'no picture rendered yet')
  for (let i = 0; i < 2; i++) t.equal((await app.inject({ url: '/say/cached?format=png' })).statusCode, 200)
  t.equal(await metric('cowsay_cache_misses_total', { cache: 'pictures' }), 1, 'the PNG is rendered once')
  t.equal(await metric('cowsay_cache_hits_total', { cache: 'pictures' }), 1, 'and then found')
  t.equal(await metric('cowsay_picture_render_seconds_count'), 1, 'one render timed')
  t.ok((await metric('cowsay_picture_render_seconds_sum') ?? 0) > 0, 'its time')
})

t.test('GET /metrics: rate-limit refusals, the drain, event-loop delay and the process', async (t) => {
  const app = await build(t, { rateLimit: { max: 2, windowMs: 60_000 } })
  const client = { remoteAddress: '203.0.113.40' }
  const statuses: number[] = []
  for (let i = 0; i < 5; i++) statuses.push((await app.inject({ url: `/say/${i}`, ...client })).statusCode)
  t.same(statuses, [200, 200, 429, 429, 429])
  for (let i = 0; i < 5; i++) t.equal((await app.inject({ url: '/metrics', ...client })).statusCode, 200, `/metrics ${i}: not rate limited`)
  let text = (await app.inject({ url: '/metrics' })).body
  t.equal(sample(text, 'cowsay_rate_limit_refusals_total'), 3, 'three refusals')
  t.equal(sample(text, 'cowsay_http_requests_total', { route: '/say/*', status: '429' }), 3, 'also counted as requests with status 429')
  t.equal(sample(text, 'cowsay_draining'), 0, 'not draining')
  t.equal(sample(text, 'cowsay_log_lines_dropped_total'), 0, 'no log line dropped')
  t.equal(sample(text, 'cowsay_rate_limit_store_up'), undefined, 'no store gauge without Redis (REDIS_URL)')
  for (const name of ['nodejs_eventloop_lag_seconds', 'nodejs_eventloop_lag_p99_seconds', 'process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'process_open_fds']) {
    t.ok(sample(text, name) !== undefined, `${name}: the process's usual metrics`)
  }
  app.startDraining()
  text = (await app.inject({ url: '/metrics' })).body
  t.equal(sample(text, 'cowsay_draining'), 1, 'draining, once told to stop')
})

t.test('METRICS=off: no /metrics; METRICS_PORT: not on the app\'s port, on its own', async (t) => {
  const off = await build(t, { metrics: { enabled: false, port: null } })
  t.equal((await off.inject({ url: '/metrics' })).statusCode, 404, 'off: 404')
  t.equal(off.metrics, null, 'and nothing counted')

  const moved = await build(t, { metrics: { enabled: true, port: 0 } })
  t.equal((await moved.inject({ url: '/metrics' })).statusCode, 404, 'a port of its own: not reachable through the app (nor the public route)')
  await moved.inject({ url: '/say/elsewhere', headers: { accept: ACCEPT.json } })
  const server = metricsServer(moved.metrics as NonNullable<typeof moved.metrics>)
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(() => { server.close() })
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const response = await fetch(`${origin}/metrics`)
  t.equal(response.status, 200)
  t.match(response.headers.get('content-type'), /^text\/plain; version=0\.0\.4/)
  t.equal(sample(await response.text(), 'cowsay_http_requests_total', { route: '/say/*', representation: 'json', status: '200' }), 1, 'the app\'s requests, counted')
  t.equal((await fetch(`${origin}/metrics`, { method: 'HEAD' })).status, 200, 'HEAD too')
  for (const [path, method] of [['/', 'GET'], ['/say/x', 'GET'], ['/metrics', 'POST']] as const) {
    t.equal((await fetch(`${origin}${path}`, { method })).status, 404, `${method} ${path}: 404 on the metrics port`)
  }
})

t.test('node dist/server.js with METRICS_PORT: /metrics there, not on the app\'s port', async (t) => {
  const metricsPort = await freePort()
  const server = await startServer({ env: { METRICS_PORT: String(metricsPort), MAX_EVENT_LOOP_DELAY_MS: '0' } })
  t.teardown(() => server.stop())
  t.equal((await fetch(`http://127.0.0.1:${server.port}/say/hi?format=json`)).status, 200)
  t.equal((await fetch(`http://127.0.0.1:${server.port}/metrics`)).status, 404, 'not on the app\'s port')
  const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`)
  t.equal(response.status, 200, 'on its own')
  t.equal(sample(await response.text(), 'cowsay_http_requests_total', { route: '/say/*', representation: 'json', status: '200' }), 1, 'counting the app\'s requests')
  t.equal(await server.stop(), 0, 'and it stops with the app')
})
