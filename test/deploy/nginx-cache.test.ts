import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { PUBLIC_DIR } from '../../src/paths.js'
import { FORMAT_LIST, RESULT_FORMAT_NAMES } from '../../src/results/formats.js'
import { ACCEPT } from '../helper.js'
import { NGINX, startNginx, type RunningNginx } from '../support/nginx.js'
import { ensureBuilt, ROOT, startServer, type LoggedRequest, type RunningServer } from '../support/node-server.js'
import { rawRequest, type ExactRequest, type RawResponse } from '../support/raw-http.js'
import { whenInstalled } from '../support/tools.js'
import { BROWSERS, TERMINAL_CLIENTS } from '../support/user-agents.js'

/*
 * nginx.conf's shared cache, run by Debian's nginx in front of two real app
 * processes on loopback: the same table of requests through nginx and
 * straight to an app gives the same status, type and body, whatever the
 * cache held before; only what the app marks shareable is kept; a stampede on
 * a new link reaches the app once; with every app stopped, cached links
 * still answer. The apps have a PUBLIC_URL, as a deployment behind a cache
 * should (without one, links come from the client's Host and nothing that
 * carries them is kept: the last test).
 */

const PUBLIC_URL = 'http://cowsay.test'
const HOST = 'cowsay.test'

/** The body as the client reads it, whatever coding it came in. */
function decoded (response: RawResponse): string {
  const coding = response.headers['content-encoding']
  if (coding === 'gzip') return gunzipSync(response.bytes).toString()
  if (coding === 'br') return brotliDecompressSync(response.bytes).toString()
  return response.body
}

/** A request of the negotiation table: the Accept, User-Agent and Accept-Encoding headers it sends (absent when undefined). */
interface Case { path: string, accept?: string, userAgent?: string, acceptEncoding?: string }

function headersOf ({ accept, userAgent, acceptEncoding }: Case): Record<string, string> {
  return {
    host: HOST,
    ...(accept === undefined ? {} : { accept }),
    ...(userAgent === undefined ? {} : { 'user-agent': userAgent }),
    ...(acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding })
  }
}

const describe = ({ path, accept, userAgent, acceptEncoding }: Case): string =>
  `${path} accept=${JSON.stringify(accept)} ua=${JSON.stringify(userAgent)} ae=${JSON.stringify(acceptEncoding)}`

/**
 * Every case of the app's negotiation tests (test/routes/*, test/http/terminal-clients.test.ts,
 * test/support/user-agents.ts): the Accept values they send, ?format= with each
 * format, each terminal and browser as it really sends its headers, the
 * User-Agents the terminal rule must and must not match, and the encodings.
 */
function negotiationTable (): Case[] {
  const paths = ['/say/table', '/think/table?cow=tux', '/', '/cows', '/say/table?width=20']
  const accepts = [undefined, '', '*/*', ' */* ', '*/*;q=0.8', '*/*, */*', ACCEPT.html, ACCEPT.json, ACCEPT.text, ACCEPT.xml,
    'text/html', 'image/png', 'image/svg+xml', 'image/gif', 'text/*', 'image/png,*/*', 'application/json, */*;q=0.5',
    'text/plain;q=0.5, application/json;q=0.9', 'application/json;q=0.1, text/plain', 'image/png, text/*;q=0.2',
    'application/pdf, text/*;q=0.2', BROWSERS[0]?.accept, ...FORMAT_LIST.map((format) => format.mediaType),
    'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/png,image/svg+xml,*/*;q=0.8']
  const userAgents = [undefined, '', 'CURL/8.0', 'Wget/1.21 (linux-gnu)', 'HTTPie', 'Mozilla/5.0 (curl; like wget) Gecko/1',
    'curly/1.0', 'Googlebot/2.1', 'Slackbot-LinkExpanding 1.0', 'node', 'xcurl/1', '(x)curl', ') curl', 'Mozilla/5.0 Chrome/1\u00a0curl']
  const encodings = [undefined, 'identity', 'gzip', 'br', 'br, gzip', 'gzip, deflate, br, zstd', 'br;q=0, gzip;q=0', 'gzip;q=0.5, br;q=0.1', '*']
  const cases: Case[] = []
  for (const path of paths) {
    for (const accept of accepts) {
      for (const userAgent of [undefined, 'curl/8.11.1', BROWSERS[0]?.userAgent]) cases.push({ path, accept, userAgent, acceptEncoding: 'gzip' })
    }
    for (const client of [...TERMINAL_CLIENTS, ...BROWSERS]) cases.push({ path, accept: client.accept, userAgent: client.userAgent })
    for (const userAgent of userAgents) cases.push({ path, accept: '*/*', userAgent })
    for (const acceptEncoding of encodings) {
      cases.push({ path, accept: ACCEPT.html, acceptEncoding }, { path, accept: ACCEPT.json, acceptEncoding })
    }
  }
  for (const format of RESULT_FORMAT_NAMES) {
    for (const accept of [undefined, ACCEPT.json, 'image/png']) {
      cases.push({ path: `/say/named?format=${format}`, accept, acceptEncoding: 'br, gzip' }, { path: `/say/named?format=${format}&format=json`, accept })
    }
    cases.push({ path: `/say/named?FORMAT=${format}`, accept: ACCEPT.text }, { path: `/say/named?%66ormat=${format}`, accept: ACCEPT.text })
  }
  return cases
}

t.test("nginx.conf's cache maps know the formats src/results/formats.ts declares", async (t) => {
  const conf = readFileSync(join(ROOT, 'nginx.conf'), 'utf8')
  const map = (variable: string): string => new RegExp(`map \\S+ \\$${variable} \\{([^}]*)\\}`).exec(conf)?.[1] ?? ''
  const named = /format=\(\?:([a-z|]+)\)/.exec(map('cache_named_format'))?.[1]?.split('|') ?? []
  t.same(named.sort(), [...RESULT_FORMAT_NAMES].sort(), 'a URL names its format with any of a result\'s format names')
  const exact = [...map('cache_accept').matchAll(/^\s+([a-z]+\/[a-z+.-]+) [a-z-]+;$/gm)].map((match) => match[1])
  t.same(exact.sort(), [...new Set(FORMAT_LIST.map((format) => format.mediaType))].sort(), 'an Accept of exactly one media type is read for each format\'s')
})

whenInstalled(t, [NGINX], () => {
  let apps: RunningServer[] = []
  let nginx: RunningNginx
  const via = (request: ExactRequest): Promise<RawResponse> => rawRequest(nginx.port, request, 30_000)
  const direct = (request: ExactRequest): Promise<RawResponse> => rawRequest(apps[0]?.port ?? 0, request, 30_000)
  const reached = async (url: string): Promise<LoggedRequest[]> => {
    await Promise.all(apps.map((app) => app.settle()))
    return apps.flatMap((app) => app.requests()).filter((request) => request.url === url)
  }

  t.before(async () => {
    ensureBuilt()
    const env = { TRUST_PROXY: 'loopback', PUBLIC_URL, RATE_LIMIT_MAX: '1000000' }
    apps = await Promise.all([startServer({ env }), startServer({ env })])
    nginx = await startNginx({ upstreams: apps.map((app) => `127.0.0.1:${app.port}`), staticRoot: PUBLIC_DIR })
  })

  t.teardown(async () => {
    await nginx?.stop()
    await Promise.all(apps.map((app) => app.stop()))
  })

  t.test('the negotiation table: the same status, type and body through nginx as from the app, whatever was cached before', async (t) => {
    const cases = negotiationTable()
    t.ok(cases.length > 400, `${cases.length} requests`)
    const statuses: Record<string, number> = {}
    // Forward, then backward: every case meets the cache filled by the others in both orders.
    for (const [pass, order] of [['first pass', cases], ['second pass, reversed', [...cases].reverse()]] as const) {
      let agreed = 0
      for (const request of order) {
        const headers = headersOf(request)
        const [proxied, straight] = [await via({ path: request.path, headers }), await direct({ path: request.path, headers })]
        const same = proxied.status === straight.status &&
          proxied.headers['content-type'] === straight.headers['content-type'] &&
          decoded(proxied) === decoded(straight)
        if (same) {
          agreed++
        } else {
          t.fail(`${pass}: ${describe(request)}`, {
            nginx: { status: proxied.status, type: proxied.headers['content-type'], cache: proxied.headers['x-cache-status'], body: decoded(proxied).slice(0, 120) },
            app: { status: straight.status, type: straight.headers['content-type'], body: decoded(straight).slice(0, 120) }
          })
        }
        const status = `${pass}: ${proxied.headers['x-cache-status'] ?? '(none)'}`
        statuses[status] = (statuses[status] ?? 0) + 1
      }
      t.equal(agreed, cases.length, `${pass}: ${agreed} of ${cases.length} agree`)
    }
    t.comment(`X-Cache-Status seen: ${JSON.stringify(statuses)}`)
    t.ok((statuses['second pass, reversed: HIT'] ?? 0) > cases.length / 2, 'most of the second pass came from the cache')
    t.ok((statuses['first pass: BYPASS'] ?? 0) > 0, 'what nginx cannot classify passes through')
  })

  t.test('hit and miss: each format of a link is its own entry; X-Cache-Status on every proxied answer', async (t) => {
    const path = '/say/hit%20or%20miss'
    const seen: string[] = []
    for (const [accept, expected, type] of [
      [ACCEPT.html, 'MISS', /^text\/html/], [ACCEPT.html, 'HIT', /^text\/html/],
      [ACCEPT.json, 'MISS', /^application\/json/], [ACCEPT.json, 'HIT', /^application\/json/],
      ['*/*', 'MISS', /^text\/html/], ['*/*', 'HIT', /^text\/html/]
    ] as const) {
      const response = await via({ path, headers: { host: HOST, accept, 'user-agent': BROWSERS[1]?.userAgent ?? '' } })
      t.equal(response.status, 200)
      t.match(response.headers['content-type'], type, `${accept}: type`)
      t.equal(response.headers['x-cache-status'], expected, `${accept}: ${expected}`)
      seen.push(`${accept.slice(0, 20)} -> ${response.headers['x-cache-status']}`)
    }
    const terminal = await via({ path, headers: { host: HOST, accept: '*/*', 'user-agent': 'curl/8.11.1' } })
    t.match(terminal.headers['content-type'], /^text\/plain/, 'curl with */* gets text, not the browser\'s cached HTML')
    t.equal(terminal.headers['x-cache-status'], 'MISS')
    const odd = await via({ path, headers: { host: HOST, accept: 'application/json;q=0.9, text/html;q=0.8' } })
    t.equal(odd.headers['x-cache-status'], 'BYPASS', 'an Accept nginx does not read is passed through')
    t.match(odd.headers['content-type'], /^application\/json/)
    t.comment(`headers seen for ${path}: ${seen.join('; ')}; curl */* -> ${terminal.headers['x-cache-status']}; q-values -> ${odd.headers['x-cache-status']}`)
    t.equal((await reached(path)).length, 5, 'the app drew it five times: HTML, JSON, */*, terminal text and the passed-through one')
    t.equal(terminal.headers['x-accel-expires'], undefined, 'nginx keeps its own cache header to itself')
  })

  t.test('errors, no-store and private answers and the chat endpoints are never kept', async (t) => {
    const cases: Array<[string, ExactRequest]> = [
      ['a 404', { path: '/no/such/page', headers: { host: HOST, accept: ACCEPT.json } }],
      ['a 400', { path: '/say/bad?width=1', headers: { host: HOST, accept: ACCEPT.text } }],
      ['a 406', { path: '/say/x', headers: { host: HOST, accept: 'image/gif' } }],
      ['the health check (no-store)', { path: '/healthz', headers: { host: HOST } }],
      ['the metrics (no-store)', { path: '/metrics', headers: { host: HOST } }],
      ['a random cow (a no-store redirect)', { path: '/say/moo?cow=random', headers: { host: HOST, accept: ACCEPT.json } }],
      ['the form\'s redirect', { path: '/say?text=moo', headers: { host: HOST, accept: ACCEPT.json } }],
      ['a Slack command (POST)', { path: '/slack/commands', method: 'POST', headers: { host: HOST, 'content-type': 'application/x-www-form-urlencoded' }, body: 'text=moo' }]
    ]
    for (const [name, request] of cases) {
      const before = (await reached(request.path)).length
      const first = await via(request)
      const second = await via(request)
      t.equal((await reached(request.path)).length, before + 2, `${name} (${first.status}): both requests reached the app`)
      t.not(second.headers['x-cache-status'], 'HIT', `${name}: not from the cache (${first.headers['x-cache-status'] ?? 'no X-Cache-Status'}, ${second.headers['x-cache-status'] ?? 'no X-Cache-Status'})`)
    }
  })

  t.test('a stampede of a thousand first requests for a new link reaches the app once', async (t) => {
    const path = '/say/a%20viral%20link?cow=tux'
    const started = performance.now()
    const responses = await Promise.all(Array.from({ length: 1000 }, () => via({ path, headers: { host: HOST, accept: ACCEPT.html, 'accept-encoding': 'gzip' } })))
    const seconds = (performance.now() - started) / 1000
    const statuses = responses.reduce<Record<string, number>>((counts, response) => {
      const key = `${response.status} ${response.headers['x-cache-status'] ?? ''}`
      counts[key] = (counts[key] ?? 0) + 1
      return counts
    }, {})
    t.comment(`1000 concurrent requests in ${seconds.toFixed(2)} s: ${JSON.stringify(statuses)}`)
    t.ok(responses.every((response) => response.status === 200), 'every one answered 200')
    t.ok(new Set(responses.map(decoded)).size === 1, 'with the same page')
    t.equal((await reached(path)).length, 1, 'the app drew it once')
  })

  t.test('every app stopped: cached links still answer, new ones get the unavailable page', async (t) => {
    const path = '/say/kept%20while%20down'
    const headers = { host: HOST, accept: ACCEPT.json }
    const fresh = await via({ path, headers })
    t.equal(fresh.headers['x-cache-status'], 'MISS')
    for (const app of apps) t.equal(await app.stop(), 0, 'an app stopped cleanly')
    const kept = await via({ path, headers })
    t.equal(kept.status, 200, 'the cached link answers')
    t.equal(decoded(kept), decoded(fresh), 'with the same body')
    t.match(kept.headers['x-cache-status'], /^(HIT|STALE)$/, `from the cache (${kept.headers['x-cache-status']})`)
    const missing = await via({ path: '/say/never%20asked', headers })
    t.equal(missing.status, 502, 'a link never asked for gets the unavailable answer')
    t.match(missing.body, /^\{"statusCode":502,/)
  })
})

whenInstalled(t, [NGINX], () => {
  t.test('without PUBLIC_URL, answers with links from the Host are never kept, so no forged host reaches another client', async (t) => {
    ensureBuilt()
    const app = await startServer({ env: { TRUST_PROXY: 'loopback' } })
    const nginx = await startNginx({ upstreams: [`127.0.0.1:${app.port}`], staticRoot: PUBLIC_DIR })
    t.teardown(async () => { await nginx.stop(); await app.stop() })
    for (const [path, accept] of [['/say/forged', ACCEPT.html], ['/say/forged', ACCEPT.json], ['/', ACCEPT.html], ['/', '*/*']] as const) {
      const forged = await rawRequest(nginx.port, { path, headers: { host: 'evil.example', accept, 'user-agent': 'curl/8.11.1' } })
      const honest = await rawRequest(nginx.port, { path, headers: { host: 'cowsay.test', accept, 'user-agent': 'curl/8.11.1' } })
      t.equal(forged.status, 200, `${path} ${accept}: 200`)
      t.match(forged.body, /evil\.example/, `${path} ${accept}: the forger gets his own host back`)
      t.notMatch(honest.body, /evil\.example/, `${path} ${accept}: the next client does not`)
      t.not(honest.headers['x-cache-status'], 'HIT', `${path} ${accept}: not from the cache`)
      t.match(forged.headers['cache-control'], /^private/, `${path} ${accept}: private`)
    }
  })
})
