/**
 * npm run bench:nginx [-- --duration 8] [--connections 50] [--launches 3]
 *
 * The targets of the operators' issue, through the project's own nginx.conf
 * (Debian's nginx, as the nginx suites run it) in front of two real app
 * processes on loopback, with Debian's `wrk` as the load generator:
 *
 * - a hot permalink served from nginx's cache against nginx serving a static
 *   file of the same bytes (the target: at least 0.8x);
 * - a thousand concurrent first requests for one new link, and how many
 *   reached the apps (the target: one);
 * - with tracing off and on (spans to a loopback collector of this script's):
 *   the time from launch to the first response, and the app's own cached
 *   path straight to it (the target: tracing off as fast as before).
 *
 * Prints the numbers and the machine's load average, and writes them to
 * bench/results/nginx-cache.json. Everything is on loopback, bounded in
 * count and time, and stops by itself.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { PUBLIC_DIR } from '../../src/paths.js'
import { startNginx } from '../../test/support/nginx.js'
import { ROOT, startServer, type RunningServer } from '../../test/support/node-server.js'
import { rawRequest } from '../../test/support/raw-http.js'

const args = process.argv.slice(2)
const option = (name: string, fallback: number): number => {
  const index = args.indexOf(`--${name}`)
  return index === -1 ? fallback : Number(args[index + 1])
}
const DURATION = option('duration', 8)
const CONNECTIONS = option('connections', 50)
const LAUNCHES = option('launches', 3)
const STAMPEDE = 1000

const HOST = 'cowsay.test'
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
const HOT = '/say/' + encodeURIComponent('The quick brown fox jumps over the lazy dog, then the cow jumps over the moon: moo!')
// The rate limiter stays on, with a limit one load generator cannot reach; PUBLIC_URL, as behind any shared cache.
const APP_ENV = { LOG_LEVEL: 'info', RATE_LIMIT_MAX: '1000000', RATE_LIMIT_WINDOW: '1', PUBLIC_URL: `http://${HOST}`, TRUST_PROXY: 'loopback' }

interface Measured { rps: number, p50: string, p99: string, errors: string }

/** wrk's requests a second and latency percentiles for one URL (header names as wrk spells them: its own Host unless given "Host"). */
function wrk (url: string, headers: Record<string, string>): Measured {
  const result = spawnSync('wrk', ['-t2', `-c${CONNECTIONS}`, `-d${DURATION}s`, '--latency', ...Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`]), url], { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`wrk failed (install Debian's wrk): ${result.stderr}`)
  const out = result.stdout
  return {
    rps: Math.round(Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0)),
    p50: /\s50%\s+(\S+)/.exec(out)?.[1] ?? '?',
    p99: /\s99%\s+(\S+)/.exec(out)?.[1] ?? '?',
    errors: [/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[0], /Socket errors: .*/.exec(out)?.[0]].filter(Boolean).join('; ') || 'none'
  }
}

const load = (): string => loadavg().map((value) => value.toFixed(2)).join(' ')
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN

/** Milliseconds from launching `node dist/server.js` to its first answer to a result. */
async function firstResponseMs (env: Record<string, string>): Promise<number> {
  const started = performance.now()
  const server = await startServer({ env: { ...APP_ENV, ...env } })
  try {
    const response = await rawRequest(server.port, { path: HOT, headers: { accept: BROWSER_ACCEPT } }, 20_000)
    if (response.status !== 200) throw new Error(`first response: ${response.status}`)
    return Math.round(performance.now() - started)
  } finally {
    await server.stop()
  }
}

const results: Record<string, unknown> = { when: new Date().toISOString(), cpus: cpus().length, loadBefore: load(), duration: DURATION, connections: CONNECTIONS }
console.log(`${cpus().length} CPUs, load average ${load()}; wrk -t2 -c${CONNECTIONS} -d${DURATION}s\n`)

// --- Through nginx ---------------------------------------------------------
const staticRoot = mkdtempSync(join(tmpdir(), 'cowsay-bench-public-'))
cpSync(PUBLIC_DIR, staticRoot, { recursive: true })
const apps: RunningServer[] = await Promise.all([startServer({ env: APP_ENV }), startServer({ env: APP_ENV })])
const nginx = await startNginx({ upstreams: apps.map((app) => `127.0.0.1:${app.port}`), staticRoot })
try {
  const first = await rawRequest(nginx.port, { path: HOT, headers: { host: HOST, accept: BROWSER_ACCEPT } })
  const hit = await rawRequest(nginx.port, { path: HOT, headers: { host: HOST, accept: BROWSER_ACCEPT } })
  console.log(`hot permalink: ${first.headers['x-cache-status'] ?? '?'} then ${hit.headers['x-cache-status'] ?? '?'}, ${hit.bytes.length} bytes of HTML`)
  // The same bytes as a file nginx serves itself.
  writeFileSync(join(staticRoot, 'same-size.html'), hit.bytes)
  const base = `http://127.0.0.1:${nginx.port}`
  const runs: Array<{ cached: Measured, static: Measured }> = []
  for (let round = 0; round < 2; round++) {
    const staticFile = wrk(`${base}/static/same-size.html`, { Host: HOST })
    const cached = wrk(`${base}${HOT}`, { Host: HOST, Accept: BROWSER_ACCEPT })
    runs.push({ cached, static: staticFile })
    console.log(`round ${round + 1}: static file ${staticFile.rps} req/s (p50 ${staticFile.p50}, p99 ${staticFile.p99}, errors ${staticFile.errors}); ` +
      `cached permalink ${cached.rps} req/s (p50 ${cached.p50}, p99 ${cached.p99}, errors ${cached.errors}); ratio ${(cached.rps / staticFile.rps).toFixed(2)} (target 0.8)`)
  }
  const best = (pick: (run: { cached: Measured, static: Measured }) => number): number => Math.max(...runs.map(pick))
  results.hotPermalink = { runs, bestRatio: +(best((run) => run.cached.rps) / best((run) => run.static.rps)).toFixed(2) }

  // A thousand concurrent first requests for one new link.
  const viral = `/say/${encodeURIComponent(`a new link at ${Date.now()}`)}`
  const started = performance.now()
  const responses = await Promise.all(Array.from({ length: STAMPEDE }, () =>
    rawRequest(nginx.port, { path: viral, headers: { host: HOST, accept: BROWSER_ACCEPT } }, 30_000)))
  const seconds = (performance.now() - started) / 1000
  await Promise.all(apps.map((app) => app.settle()))
  const reached = apps.flatMap((app) => app.requests()).filter((request) => request.url === viral).length
  const statuses: Record<string, number> = {}
  for (const response of responses) {
    const key = `${response.status ?? 'none'} ${response.headers['x-cache-status'] ?? ''}`
    statuses[key] = (statuses[key] ?? 0) + 1
  }
  console.log(`stampede: ${STAMPEDE} concurrent first requests in ${seconds.toFixed(2)} s, ${JSON.stringify(statuses)}; reached the apps ${reached} time(s) (target 1)`)
  results.stampede = { requests: STAMPEDE, seconds: +seconds.toFixed(2), statuses, reachedApps: reached }
} finally {
  await nginx.stop()
  await Promise.all(apps.map((app) => app.stop()))
  rmSync(staticRoot, { recursive: true, force: true })
}

// --- Tracing off and on, straight to the app --------------------------------
let spans = 0
const collector = createServer((request, response) => {
  request.on('data', () => {})
  request.on('end', () => { spans++; response.writeHead(200, { 'content-type': 'application/json' }).end('{}') })
})
await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve))
const collectorAddress = collector.address()
const tracingOn = { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${typeof collectorAddress === 'object' && collectorAddress !== null ? collectorAddress.port : 0}` }
try {
  const tracing: Record<string, unknown> = {}
  for (const [name, env] of [['off', {}], ['on', tracingOn]] as const) {
    const launches: number[] = []
    for (let launch = 0; launch < LAUNCHES; launch++) launches.push(await firstResponseMs(env))
    const app = await startServer({ env: { ...APP_ENV, ...env }, logFile: join(tmpdir(), `cowsay-bench-tracing-${name}.log`) })
    try {
      await rawRequest(app.port, { path: HOT, headers: { accept: BROWSER_ACCEPT } })
      const cached = wrk(`http://127.0.0.1:${app.port}${HOT}`, { Accept: BROWSER_ACCEPT })
      tracing[name] = { firstResponseMs: launches, medianFirstResponseMs: median(launches), cachedPath: cached }
      console.log(`tracing ${name}: first response ${median(launches)} ms (median of ${launches.join(', ')}); the app's cached path ${cached.rps} req/s (p50 ${cached.p50}, p99 ${cached.p99})`)
    } finally {
      await app.stop()
    }
  }
  tracing.exportsReceived = spans
  results.tracing = tracing
} finally {
  collector.close()
}

results.loadAfter = load()
console.log(`\nload average after: ${load()}`)
mkdirSync(join(ROOT, 'bench/results'), { recursive: true })
writeFileSync(join(ROOT, 'bench/results/nginx-cache.json'), JSON.stringify(results, null, 2) + '\n')
console.log('written to bench/results/nginx-cache.json')
