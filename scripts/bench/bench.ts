/**
 * npm run bench [-- --nginx] [--duration 8] [--quick]
 *
 * Starts the floor (a bare Fastify route serving a fixed page the size of a
 * typical result page) and the real built server, drives each in turns with
 * autocannon, and prints requests per second, p50/p99 latency and the ratio to
 * the floor for each route and representation, and the result page against the
 * seed's Flask stack; then latency at a fixed 10,000 requests per second against
 * the floor's, the time to the first response after launch on Node 24 (the
 * production runtime) and on the Node running the bench, memory after 200,000
 * distinct messages, and memory under a minute of the largest PNGs, four at a
 * time. Writes everything to bench/results/*.json.
 *
 * With --nginx the same routes are driven through nginx with the project's
 * nginx.conf (upstream and static root substituted), as in production.
 */
import autocannon from 'autocannon'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startNginx, type RunningNginx } from '../../test/support/nginx.js'
import { ROOT, SERVER_ENTRY, startServer } from '../../test/support/node-server.js'
const args = process.argv.slice(2)
const flag = (name: string): boolean => args.includes(`--${name}`)
const option = (name: string, fallback: number): number => {
  const index = args.indexOf(`--${name}`)
  return index === -1 ? fallback : Number(args[index + 1])
}

const QUICK = flag('quick')
const VIA_NGINX = flag('nginx')
const DURATION = option('duration', QUICK ? 3 : 8)
const CONNECTIONS = option('connections', 50)
const FIXED_RATE = option('rate', 10_000)
const DISTINCT = option('distinct', QUICK ? 20_000 : 200_000)
const PNG_SECONDS = option('png-seconds', QUICK ? 10 : 60)
const LAUNCHES = option('launches', QUICK ? 1 : 5)

/** What the seed's Flask + gunicorn stack serves on one worker here, result pages a second (REFERENCE.md). */
const FLASK_PAGES_PER_SECOND = 4800

// The heap limits the image and the Procfile run with (NODE_OPTIONS): part of what is measured.
// The rate limiter stays on (and sends its headers) but with a limit one load generator cannot reach.
const NODE_OPTIONS = '--max-old-space-size=128 --max-semi-space-size=4'

const TYPICAL = '/say/' + encodeURIComponent('The quick brown fox jumps over the lazy dog, then the cow jumps over the moon: moo!')

interface Target { name: string, path: string, accept: string }
const TARGETS: Target[] = [
  { name: 'result page (HTML)', path: TYPICAL, accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
  { name: 'result (JSON)', path: TYPICAL, accept: 'application/json' },
  { name: 'result (text)', path: TYPICAL, accept: 'text/plain' },
  { name: 'form page', path: '/', accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }
]

// The real server as production runs it, on loopback.
const REAL_ENV = { LOG_LEVEL: 'info', RATE_LIMIT_MAX: '1000000', RATE_LIMIT_WINDOW: '1', NODE_OPTIONS }

function memoryOf (pid: number): { rssMb: number, peakRssMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0)
  return { rssMb: Math.round(kb('VmRSS') / 102.4) / 10, peakRssMb: Math.round(kb('VmHWM') / 102.4) / 10 }
}

/** CPU time a process has used so far, user and system, all its threads, in µs (from /proc; Linux counts in 10 ms ticks). */
function cpuMicros (pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return (Number(fields[11]) + Number(fields[12])) * 10_000
}

interface Measured { rps: number, p50: number, p99: number, errors: number, non2xx: number, total: number, cpuMicrosPerRequest: number }

/** Requests the real server was sent and answered, to compare with the lines in its log at the end. */
let answeredByReal = 0

/**
 * Drives one server and measures it. Besides requests per second (which, with
 * the load generator on the same two cores, is also bounded by the generator)
 * the server's own CPU time per request: what a request costs the server,
 * whatever the machine's load.
 */
async function drive (url: string, accept: string, pid: number, extra: Partial<autocannon.Options> = {}): Promise<Measured> {
  const cpuBefore = cpuMicros(pid)
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers: { accept }, ...extra })
  const cpu = cpuMicros(pid) - cpuBefore
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
    cpuMicrosPerRequest: Math.round(cpu / Math.max(1, result.requests.total))
  }
}

async function firstResponseMs (node: string): Promise<number> {
  const startedAt = process.hrtime.bigint()
  const server = await startServer({ env: REAL_ENV, command: [node, SERVER_ENTRY] })
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}${TYPICAL}`)
      if (response.ok) {
        await response.arrayBuffer()
        const ms = Number(process.hrtime.bigint() - startedAt) / 1e6
        await server.stop()
        return Math.round(ms)
      }
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
}

/** The median of several launches: one launch on a busy machine says little. */
async function medianFirstResponseMs (node: string): Promise<{ medianMs: number, runsMs: number[] }> {
  const runsMs: number[] = []
  for (let run = 0; run < LAUNCHES; run++) runsMs.push(await firstResponseMs(node))
  return { medianMs: [...runsMs].sort((a, b) => a - b)[Math.floor(runsMs.length / 2)] ?? NaN, runsMs }
}

/** Node 24's binary, as CI gets it (npx, from the npm registry); null when it cannot be had. */
function node24 (): string | null {
  if (process.versions.node.startsWith('24.')) return process.execPath
  const found = spawnSync('npx', ['--yes', '--package=node@24', '--', 'node', '-p', 'process.execPath'], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 })
  return found.status === 0 ? found.stdout.trim() : null
}

/** The largest pictures there are (1,000 CJK characters at width 200: 4 megapixels), each message new. */
const largestPng = (n: number): string => '/say/' + encodeURIComponent(`${n} ` + '牛は草を食べる'.repeat(143).slice(0, 990)) + '?width=200&format=png'

/** Resident memory while four clients ask for the largest PNGs, each a message not drawn before, for PNG_SECONDS. */
async function pngMemory (): Promise<{ renders: number, failures: number, rssBeforeMb: number, peakRssMb: number, rssAfterMb: number, seconds: number }> {
  const server = await startServer({ env: REAL_ENV })
  // One small picture first, so fonts and rasterizer are loaded: what follows is the renders' own memory.
  await (await fetch(`http://127.0.0.1:${server.port}/say/moo?format=png`)).arrayBuffer()
  const rssBeforeMb = memoryOf(server.pid).rssMb
  let peakRssMb = rssBeforeMb
  const sampler = setInterval(() => { peakRssMb = Math.max(peakRssMb, memoryOf(server.pid).rssMb) }, 100)
  const deadline = Date.now() + PNG_SECONDS * 1000
  let next = 0
  let renders = 0
  let failures = 0
  await Promise.all([0, 1, 2, 3].map(async () => {
    while (Date.now() < deadline) {
      const response = await fetch(`http://127.0.0.1:${server.port}${largestPng(next++)}`)
      await response.arrayBuffer()
      if (response.status === 200 && response.headers.get('content-type') === 'image/png') renders++
      else failures++
    }
  }))
  clearInterval(sampler)
  const after = memoryOf(server.pid)
  await server.stop()
  return { renders, failures, rssBeforeMb, peakRssMb: Math.max(peakRssMb, after.peakRssMb), rssAfterMb: after.rssMb, seconds: PNG_SECONDS }
}

async function main (): Promise<void> {
  const startedAt = new Date().toISOString()
  console.log(`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}; ${DURATION} s per run, ${CONNECTIONS} connections${VIA_NGINX ? ', through nginx' : ''}\n`)

  // The real server's log goes to a file, as a container runtime's log driver keeps it: every
  // line is written, but not read by the load generator's own process.
  const logDir = mkdtempSync(join(tmpdir(), 'cowsay-bench-'))
  const realLog = join(logDir, 'server.log')
  const real = await startServer({ env: { ...REAL_ENV, TRUST_PROXY: 'loopback' }, logFile: realLog })
  const page = await fetch(`http://127.0.0.1:${real.port}${TYPICAL}`, { headers: { accept: 'text/html' } })
  const pageBytes = (await page.arrayBuffer()).byteLength
  answeredByReal++
  const floor = await startServer({ command: [process.execPath, '--import', 'tsx', 'scripts/bench/floor.ts', String(pageBytes)] })

  let base = { real: `http://127.0.0.1:${real.port}`, floor: `http://127.0.0.1:${floor.port}` }
  const proxies: RunningNginx[] = []
  if (VIA_NGINX) {
    // The floor goes behind an identical nginx, so the ratio compares like with like.
    const staticRoot = fileURLToPath(new URL('../../public', import.meta.url))
    proxies.push(await startNginx({ upstreams: [`127.0.0.1:${real.port}`], staticRoot }))
    proxies.push(await startNginx({ upstreams: [`127.0.0.1:${floor.port}`], staticRoot }))
    base = { real: `http://127.0.0.1:${proxies[0]?.port ?? 0}`, floor: `http://127.0.0.1:${proxies[1]?.port ?? 0}` }
  }

  // Warm both up so JIT and caches are in the state a busy server is in.
  const driveReal = async (path: string, accept: string, extra: Partial<autocannon.Options> = {}): Promise<Measured> => {
    const run = await drive(base.real + path, accept, real.pid, extra)
    answeredByReal += run.total
    return run
  }
  await drive(base.floor + '/', 'text/html', floor.pid, { duration: 2 })
  for (const target of TARGETS) await driveReal(target.path, target.accept, { duration: 1 })

  const throughput: Array<{ target: string, floor: Measured, real: Measured, ratio: number }> = []
  for (const target of TARGETS) {
    const floorRun = await drive(base.floor + target.path, 'text/html', floor.pid)
    const realRun = await driveReal(target.path, target.accept)
    throughput.push({ target: target.name, floor: floorRun, real: realRun, ratio: Math.round(realRun.rps / floorRun.rps * 100) / 100 })
  }

  const fixedRate: Array<{ target: string, rps: number, p50: number, p99: number, non2xx: number }> = []
  const floorFixed = await drive(base.floor + '/', 'text/html', floor.pid, { overallRate: FIXED_RATE, connections: 100 })
  fixedRate.push({ target: 'floor', rps: floorFixed.rps, p50: floorFixed.p50, p99: floorFixed.p99, non2xx: floorFixed.non2xx })
  for (const target of TARGETS) {
    const run = await driveReal(target.path, target.accept, { overallRate: FIXED_RATE, connections: 100 })
    fixedRate.push({ target: target.name, rps: run.rps, p50: run.p50, p99: run.p99, non2xx: run.non2xx })
  }

  // 200,000 requests, every one a message the server has not seen.
  const memoryBefore = memoryOf(real.pid)
  let counter = 0
  const distinctRun = await autocannon({
    url: base.real,
    connections: CONNECTIONS,
    amount: DISTINCT,
    requests: [{ setupRequest: (request) => ({ ...request, path: `/say/message%20number%20${counter++}`, headers: { accept: counter % 2 === 0 ? 'text/html' : 'application/json' } }) }]
  })
  const memoryAfter = memoryOf(real.pid)
  answeredByReal += distinctRun.requests.total

  await Promise.all([real.stop(), floor.stop(), ...proxies.map((proxy) => proxy.stop())])
  // Written by the asynchronous destination, batched, flushed at exit: every request should be there.
  const logText = readFileSync(realLog, 'utf8')
  const logged = { completed: logText.split('"msg":"request completed"').length - 1, aborted: logText.split('"msg":"request aborted by the client"').length - 1, answered: answeredByReal }
  rmSync(logDir, { recursive: true, force: true })
  const production = node24()
  const firstResponse: Record<string, { medianMs: number, runsMs: number[] } | null> = {
    'Node 24': production === null ? null : await medianFirstResponseMs(production)
  }
  if (production !== process.execPath) firstResponse[`Node ${process.versions.node}`] = await medianFirstResponseMs(process.execPath)
  const pictures = await pngMemory()

  const html = throughput.find((row) => row.target === TARGETS[0]?.name)
  console.log('Throughput (closed loop, requests per second):')
  console.table(throughput.map((row) => ({ route: row.target, 'floor rps': row.floor.rps, rps: row.real.rps, ratio: row.ratio, 'p50 ms': row.real.p50, 'p99 ms': row.real.p99, 'non-2xx': row.real.non2xx })))
  console.log('Server CPU time per request (user + system, every thread of the server process), µs:')
  console.table(throughput.map((row) => ({ route: row.target, floor: row.floor.cpuMicrosPerRequest, real: row.real.cpuMicrosPerRequest, 'floor / real': Math.round(row.floor.cpuMicrosPerRequest / row.real.cpuMicrosPerRequest * 100) / 100 })))
  console.log(`Result page (HTML) against the seed's Flask stack (${FLASK_PAGES_PER_SECOND} pages/s): ${((html?.real.rps ?? 0) / FLASK_PAGES_PER_SECOND).toFixed(1)}x`)
  console.log(`\nLatency at a fixed ${FIXED_RATE} requests per second:`)
  console.table(fixedRate.map((row) => ({ route: row.target, 'achieved rps': row.rps, 'p50 ms': row.p50, 'p99 ms': row.p99, 'p99 - floor p99 ms': row.p99 - floorFixed.p99, 'non-2xx': row.non2xx })))
  console.log('')
  for (const [node, measured] of Object.entries(firstResponse)) {
    console.log(`First response after launch, ${node}: ${measured === null ? 'not available' : `${measured.medianMs} ms (median of ${measured.runsMs.join(', ')})`}`)
  }
  console.log(`Log: ${logged.completed} "request completed" lines and ${logged.aborted} "aborted" for ${logged.answered} responses the load generator counted (it does not count those cut off at the end of a timed run)`)
  console.log(`Memory: RSS ${memoryBefore.rssMb} MB before, ${memoryAfter.rssMb} MB after ${distinctRun.requests.total} distinct messages (${distinctRun.non2xx} non-2xx); peak RSS ${memoryAfter.peakRssMb} MB`)
  console.log(`Memory under ${pictures.seconds} s of the largest PNGs, four at a time, distinct messages: ${pictures.renders} rendered (${pictures.failures} failed); RSS ${pictures.rssBeforeMb} MB before, peak ${pictures.peakRssMb} MB, ${pictures.rssAfterMb} MB after`)

  const results = { startedAt, node: process.version, cores: cpus().length, cpu: cpus()[0]?.model, viaNginx: VIA_NGINX, durationSeconds: DURATION, connections: CONNECTIONS, pageBytes, throughput, fixedRate: { rate: FIXED_RATE, runs: fixedRate }, flaskPagesPerSecond: FLASK_PAGES_PER_SECOND, firstResponse, logged, memory: { before: memoryBefore, after: memoryAfter, distinctRequests: distinctRun.requests.total, non2xx: distinctRun.non2xx }, pngMemory: pictures }
  mkdirSync(new URL('../../bench/results/', import.meta.url), { recursive: true })
  const file = new URL(`../../bench/results/${startedAt.replace(/[:.]/g, '-')}${VIA_NGINX ? '-nginx' : ''}.json`, import.meta.url)
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n')
  console.log(`\nWritten to ${fileURLToPath(file)}`)
}

await main()
