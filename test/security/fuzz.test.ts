import t from 'tap'
import fc from 'fast-check'
import { listCows, MODES } from '../../src/cowsay/index.js'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { listen } from '../helper.js'
import { rawRequest } from '../support/raw-http.js'
import { SEED } from '../support/arbitraries.js'

/*
 * Random paths, query strings and headers, generated from a fixed seed and sent
 * byte for byte over sockets to the listening server. Never a 5xx, never a hang,
 * and memory stays flat: the server runs in this process so that its live heap
 * can be measured after a full garbage collection, which RSS cannot show. The
 * count is fixed (reproducible); the time it takes is reported.
 */

const CASES = 6000
const CONCURRENCY = 4
const WARM_UP = 1000
// Live objects after a full collection may grow this much after the warm-up (the
// bounded caches filling up); a leak of a kilobyte a request would exceed it.
const HEAP_GROWTH_LIMIT = 4 * 1024 * 1024

const hex = fc.integer({ min: 0, max: 255 }).map((byte) => '%' + byte.toString(16).toUpperCase().padStart(2, '0'))
const brokenEscape = fc.constantFrom('%', '%Z', '%ZZ', '%E0%A4%A', '%C0%AF', '%ED%A0%80', '%F4%90%80%80', '%FF', '%00', '%1B[31m', '%0D%0A')
const urlSafe = fc.string({ unit: fc.constantFrom(...'abcXYZ019-_.~!$&\'()*+,;=:@/'.split('')), maxLength: 12 })
const unicode = fc.string({ unit: 'grapheme', maxLength: 4 }).map(encodeURIComponent)
const rawByte = fc.integer({ min: 0x21, max: 0xff }).map((code) => String.fromCharCode(code))
// Plausible pieces, mostly: a fuzzer that only sends garbage only tests the parser.
const cleanSegment = fc.array(fc.oneof({ weight: 3, arbitrary: urlSafe }, { weight: 2, arbitrary: unicode }), { maxLength: 5 })
  .map((parts) => parts.join(''))
const hostileSegment = fc.array(fc.oneof(
  { weight: 10, arbitrary: urlSafe },
  { weight: 5, arbitrary: unicode },
  { weight: 3, arbitrary: hex },
  { weight: 2, arbitrary: brokenEscape },
  { weight: 2, arbitrary: fc.constantFrom('..', '.', '//', '%2F', '%2E%2E', '\\', '?', '#') },
  { weight: 1, arbitrary: rawByte }
), { maxLength: 8 }).map((parts) => parts.join(''))
const segment = fc.oneof({ weight: 3, arbitrary: cleanSegment }, { weight: 2, arbitrary: hostileSegment })

const prefix = fc.constantFrom('/say/', '/think/', '/say', '/think', '/', '/cows', '/static/', '/static/css/', '/healthz', '/openapi.json', '/SAY/', '//say/', '/nowhere/')

const queryValue = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...listCows().slice(0, 20), ...MODES, 'random', '__proto__', 'constructor', '', '0', '-1', '1e9', 'NaN', 'json', 'text', 'xml', 'html', 'true', 'on', '^^', 'U', '%24%24') },
  { weight: 2, arbitrary: fc.integer({ min: -5, max: 300 }).map(String) },
  { weight: 2, arbitrary: segment }
)
const queryKey = fc.oneof(
  fc.constantFrom('text', 'cow', 'mode', 'eyes', 'tongue', 'width', 'nowrap', 'format', 'action', '__proto__', 'constructor[prototype][x]', '__proto__[x]'),
  segment
)
const query = fc.array(fc.tuple(queryKey, queryValue), { maxLength: 6 })
  .map((pairs) => pairs.length === 0 ? '' : '?' + pairs.map(([key, value]) => `${key}=${value}`).join('&'))

const headerValue = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((code) => String.fromCharCode(code)), maxLength: 40 }) },
  { weight: 5, arbitrary: fc.constantFrom('text/html', 'application/json', 'text/plain', 'application/xml', '*/*', 'image/png', 'text/*;q=0', ';;;', 'application/json;q=0.5, text/plain;q=0.9', '1.2.3.4', 'https', 'x'.repeat(2000)) }
)
const header = fc.tuple(
  fc.oneof(
    { weight: 20, arbitrary: fc.constantFrom('Accept', 'Accept', 'Accept', 'Accept-Language', 'X-Forwarded-For', 'X-Forwarded-Proto', 'X-Forwarded-Host', 'X-Request-Id', 'Origin', 'Cookie', 'Range', 'If-None-Match', 'User-Agent', 'Referer', 'X-Fuzz', 'Content-Type') },
    { weight: 1, arbitrary: fc.constantFrom('Host', 'Expect', 'Content-Length', 'Transfer-Encoding') }
  ),
  headerValue
).map(([name, value]) => `${name}: ${value}\r\n`)

const method = fc.oneof(
  { weight: 10, arbitrary: fc.constant('GET') },
  { weight: 2, arbitrary: fc.constantFrom('HEAD', 'POST', 'OPTIONS', 'PUT', 'DELETE', 'PATCH', 'TRACE', 'PROPFIND', 'PURGE') }
)

const fuzzRequest = fc.tuple(method, prefix, segment, query, fc.array(header, { maxLength: 5 }))
  .map(([verb, start, path, search, headers]) =>
    `${verb} ${start}${path}${search} HTTP/1.1\r\nHost: localhost\r\n${headers.join('')}Connection: close\r\n\r\n`)

/** A full garbage collection, so that heap sizes compare live objects only. */
function collectGarbage (): void {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  gc()
}

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`

t.test('random paths, query strings and headers: never a 5xx, never a hang, memory flat', async (t) => {
  const { port } = await listen(t)
  // The first picture starts the renderer's thread and loads its fonts (seconds, on a loaded
  // machine): done first, so that each fuzzed request's time limit is about that request.
  t.equal((await fetch(`http://127.0.0.1:${port}/say/warm?format=png`)).status, 200, 'the picture renderer is ready')
  const requests = fc.sample(fuzzRequest, { seed: SEED, numRuns: CASES })
  const statuses = new Map<string, number>()
  const serverErrors: string[] = []
  const memory = { heapAfterWarmUp: 0, rssAfterWarmUp: 0 }
  let next = 0
  const started = performance.now()

  const send = async (index: number): Promise<void> => {
    const request = requests[index] as string
    const response = await rawRequest(port, Buffer.from(request, 'latin1'))
      .catch((error: Error) => ({ status: -1, error: error.message }))
    const status = String(response.status ?? 'closed')
    statuses.set(status, (statuses.get(status) ?? 0) + 1)
    if (response.status === null || response.status < 0 || response.status >= 500) serverErrors.push(`${status}: ${JSON.stringify(request).slice(0, 300)}`)
  }
  const worker = async (until: number): Promise<void> => {
    while (next < until) await send(next++)
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, () => worker(WARM_UP)))
  collectGarbage()
  memory.heapAfterWarmUp = process.memoryUsage().heapUsed
  memory.rssAfterWarmUp = process.memoryUsage().rss
  await Promise.all(Array.from({ length: CONCURRENCY }, () => worker(CASES)))
  const seconds = (performance.now() - started) / 1000
  collectGarbage()
  const heapAtEnd = process.memoryUsage().heapUsed
  const rssAtEnd = process.memoryUsage().rss

  t.same(serverErrors, [], 'no 5xx, no hang, no connection closed without an answer')
  const health = await rawRequest(port, 'GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n')
  t.equal(health.status, 200, 'the server is healthy afterwards')
  const growth = heapAtEnd - memory.heapAfterWarmUp
  t.ok(growth < HEAP_GROWTH_LIMIT, `live heap ${mib(memory.heapAfterWarmUp)} after ${WARM_UP} requests, ${mib(heapAtEnd)} after ${CASES}`)
  t.comment(`fuzz: seed ${SEED}, ${CASES} requests in ${seconds.toFixed(1)} s (${(CASES / seconds).toFixed(0)}/s); statuses ${[...statuses].sort().map(([status, count]) => `${status}: ${count}`).join(', ')}`)
  t.comment(`fuzz: live heap ${mib(memory.heapAfterWarmUp)} -> ${mib(heapAtEnd)} (${mib(growth)}); RSS ${mib(memory.rssAfterWarmUp)} -> ${mib(rssAtEnd)}`)
})
