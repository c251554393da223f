/**
 * `npm run soak`: mixed valid and invalid traffic against the compiled server
 * on loopback for a bounded time, then a report: requests, answers by status,
 * failures, latency, and the server's memory at the start and the end.
 *
 *   SOAK_SECONDS      how long to send (default 75)
 *   SOAK_CONCURRENCY  requests in flight (default 16)
 *   SOAK_SEED         traffic mix seed (default 7)
 *
 * The server runs with rate limiting and load shedding off (one client would
 * be limited at once); everything else is the production configuration.
 */
import { Agent, request as httpRequest } from 'node:http'
import { rawRequest } from '../test/support/raw-http.js'
import { startServer, type RunningServer } from '../test/support/node-server.js'

const SECONDS = Number(process.env.SOAK_SECONDS ?? 75)
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 16)
const SEED = Number(process.env.SOAK_SEED ?? 7)
const REQUEST_TIMEOUT = 10_000

/** mulberry32: a small seeded generator, so that two soaks send the same mix. */
function seeded (seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6D2B79F5) >>> 0
    let x = state
    x = Math.imul(x ^ (x >>> 15), x | 1)
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61)
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}
const random = seeded(SEED)
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T

const WORDS = ['moo', 'hello', 'world', 'cow', 'grass', 'milk', 'shared', 'link', 'naïve', 'café', '中文', '🐄', '👨‍👩‍👧', 'e\u0301', 'Ω', 'long'.repeat(20)]
const COWS = ['default', 'tux', 'dragon', 'stegosaurus', 'moose', 'koala', 'random']
const ACCEPTS = ['text/html', 'application/json', 'text/plain', 'application/xml', '*/*']

function validPath (): string {
  const words = Array.from({ length: 1 + Math.floor(random() * 40) }, () => pick(WORDS)).join(pick([' ', ' ', '\n']))
  const options = [
    random() < 0.3 ? `cow=${pick(COWS)}` : '',
    random() < 0.2 ? `width=${2 + Math.floor(random() * 199)}` : '',
    random() < 0.1 ? 'mode=dead' : '',
    random() < 0.1 ? 'nowrap=1' : ''
  ].filter(Boolean).join('&')
  return `/${pick(['say', 'think'])}/${encodeURIComponent(words)}${options === '' ? '' : '?' + options}`
}

const INVALID_PATHS = ['/say/%E0%A4%A', '/say/%C0%AF', '/say/a%00b', '/say/%1B%5B2J', '/say/x?width=0', '/say/x?width=NaN',
  '/say/x?cow=__proto__', '/say/x?cow=..%2F..%2Fetc%2Fpasswd', '/say/x?eyes=%1B', '/say/' + 'a'.repeat(1001), '/nowhere', '/static/../package.json']
const MALFORMED = [
  'GET /say/x HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab',
  'POST /say/x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n',
  `GET /say/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: a\r\n\r\n`,
  'GET /say/x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n',
  'TRACE /say/x HTTP/1.1\r\nHost: a\r\n\r\n',
  'GET /say/a\u0000b HTTP/1.1\r\nHost: a\r\n\r\n'
].map((request) => request.replace(/\r\n\r\n/, '\r\nConnection: close\r\n\r\n'))

interface Tally {
  requests: number
  byStatus: Map<string, number>
  failures: Map<string, number>
  latencies: number[]
}

function count (map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1)
}

function get (agent: Agent, port: number, path: string, method = 'GET'): Promise<string> {
  return new Promise((resolve) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, method, agent, headers: { accept: pick(ACCEPTS) } }, (response) => {
      response.resume()
      response.on('end', () => resolve(String(response.statusCode)))
      response.on('error', (error: NodeJS.ErrnoException) => resolve(`error ${error.code ?? error.message}`))
    })
    request.setTimeout(REQUEST_TIMEOUT, () => request.destroy(new Error('timeout')))
    request.on('error', (error: NodeJS.ErrnoException) => resolve(`error ${error.code ?? error.message}`))
    request.end()
  })
}

/** One request of the mix: about 70% valid, 30% invalid. */
async function one (agent: Agent, server: RunningServer, assets: string[]): Promise<string> {
  const roll = random()
  if (roll < 0.55) return get(agent, server.port, validPath())
  if (roll < 0.60) return get(agent, server.port, '/')
  if (roll < 0.63) return get(agent, server.port, '/cows')
  if (roll < 0.67) return get(agent, server.port, pick(assets))
  if (roll < 0.70) return get(agent, server.port, '/healthz')
  if (roll < 0.88) return get(agent, server.port, pick(INVALID_PATHS))
  if (roll < 0.92) return get(agent, server.port, '/say/x', pick(['POST', 'PUT', 'DELETE', 'PATCH']))
  const response = await rawRequest(server.port, pick(MALFORMED), REQUEST_TIMEOUT).catch(() => ({ status: 'timeout' }))
  return String(response.status ?? 'closed')
}

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`
const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0

async function main (): Promise<void> {
  const server = await startServer({ env: { LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '0', MAX_EVENT_LOOP_DELAY_MS: '0' } })
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })
  const page = await fetch(`http://127.0.0.1:${server.port}/`).then(async (response) => await response.text())
  const assets = [...page.matchAll(/(?:href|src)="(\/static\/[^"]+)"/g)].map((match) => match[1] as string)
  const tally: Tally = { requests: 0, byStatus: new Map(), failures: new Map(), latencies: [] }
  const rssAtStart = server.rss()
  let rssMax = rssAtStart
  const started = performance.now()
  const end = started + SECONDS * 1000
  console.log(`soak: ${SECONDS} s, ${CONCURRENCY} in flight, seed ${SEED}, server pid ${server.pid} on port ${server.port}, RSS ${mib(rssAtStart)}`)

  const progress = setInterval(() => {
    const rss = server.rss()
    rssMax = Math.max(rssMax, rss)
    const elapsed = (performance.now() - started) / 1000
    console.log(`  ${elapsed.toFixed(0).padStart(3)} s  ${tally.requests} requests  ${(tally.requests / elapsed).toFixed(0)}/s  RSS ${mib(rss)}`)
  }, 10_000)

  const worker = async (): Promise<void> => {
    while (performance.now() < end) {
      const sent = performance.now()
      const outcome = await one(agent, server, assets)
      tally.latencies.push(performance.now() - sent)
      tally.requests++
      count(tally.byStatus, outcome)
      if (!/^[1-4]\d\d$/.test(outcome)) count(tally.failures, outcome)
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  clearInterval(progress)
  const seconds = (performance.now() - started) / 1000
  const rssAtEnd = server.rss()
  agent.destroy()
  const exitCode = await server.stop()

  const sorted = tally.latencies.sort((a, b) => a - b)
  console.log(`\nrequests: ${tally.requests} in ${seconds.toFixed(1)} s (${(tally.requests / seconds).toFixed(0)}/s)`)
  console.log(`by status: ${[...tally.byStatus].sort().map(([status, n]) => `${status}: ${n}`).join(', ')}`)
  console.log(`failures (5xx, timeouts, resets): ${tally.failures.size === 0 ? 'none' : [...tally.failures].map(([what, n]) => `${what}: ${n}`).join(', ')}`)
  console.log(`latency: p50 ${percentile(sorted, 0.5).toFixed(1)} ms, p99 ${percentile(sorted, 0.99).toFixed(1)} ms, max ${(sorted.at(-1) ?? 0).toFixed(1)} ms`)
  console.log(`server RSS: ${mib(rssAtStart)} at start, ${mib(rssAtEnd)} at the end (max ${mib(Math.max(rssMax, rssAtEnd))})`)
  console.log(`server exit after SIGTERM: ${String(exitCode)}`)
  process.exitCode = tally.failures.size === 0 && exitCode === 0 ? 0 : 1
}

await main()
