/**
 * npm run bench [-- --duration 8] [--quick] [--nginx]
 *
 * What people do, measured: for the result page (HTML), JSON and text, the
 * same URL again and again (which the caches answer) and a new message every
 * request (which they cannot), side by side with their ratio; the floor (a
 * bare Fastify route answering a fixed body of the same size); the seed's
 * Flask + gunicorn app doing the same thing (scripts/bench/flask/); the
 * refusals a flood meets (429, 404, 405, and the 503 of load shedding); the
 * server's CPU time per request for each; then the first response after launch
 * on Node 24 (the image's runtime; median of five), resident memory after
 * 200,000 distinct messages, and memory under a minute of the largest PNGs.
 * One table; the figures also go to bench/results/*.json.
 *
 * The load generator is wrk, written in C, on one thread (scripts/bench/
 * requests.lua makes each request's path): a generator in Node would take a
 * core of its own and flatter every ratio. Needs Debian's wrk, gunicorn and
 * python3-flask; the bench says so and stops when one is missing.
 *
 * With --nginx the real server and the floor are driven through nginx with
 * the project's nginx.conf, as in production (the Flask app directly).
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { startNginx, type RunningNginx } from '../../test/support/nginx.js'
import { ROOT, SERVER_ENTRY, startServer } from '../../test/support/node-server.js'
import { accepting, freePort } from '../../test/support/ports.js'

const args = process.argv.slice(2)
const flag = (name: string): boolean => args.includes(`--${name}`)
const option = (name: string, fallback: number): number => {
  const index = args.indexOf(`--${name}`)
  return index === -1 ? fallback : Number(args[index + 1])
}

const QUICK = flag('quick')
const VIA_NGINX = flag('nginx')
const DURATION = option('duration', QUICK ? 1 : 8)
const CONNECTIONS = option('connections', 50)
const DISTINCT = option('distinct', QUICK ? 2_000 : 200_000)
const PNG_SECONDS = option('png-seconds', QUICK ? 2 : 60)
const LAUNCHES = option('launches', QUICK ? 1 : 5)

// The heap limits the image and the Procfile run with (NODE_OPTIONS): part of what is measured.
const NODE_OPTIONS = '--max-old-space-size=128 --max-semi-space-size=4'
// The rate limiter stays on (and sends its headers) but with a limit one load generator cannot reach.
const REAL_ENV = { LOG_LEVEL: 'info', RATE_LIMIT_MAX: '1000000', RATE_LIMIT_WINDOW: '1', NODE_OPTIONS }

/** A typical message; the uncached runs put a counter in it ({n}), so that each request is new. */
const MESSAGE = 'The quick brown fox jumps over the lazy dog, then the cow jumps over the moon: moo!'
const CACHED = '/say/' + encodeURIComponent(MESSAGE)
const UNCACHED = '/say/' + encodeURIComponent(`${MESSAGE} `) + '{run}%20{n}'

const ACCEPT = { html: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', json: 'application/json', text: 'text/plain' }
const FORMATS = [
  { name: 'result page (HTML)', format: 'html' },
  { name: 'result (JSON)', format: 'json' },
  { name: 'result (text)', format: 'text' }
] as const

const MISSING_TOOLS = 'The bench needs wrk (the load generator) and the seed\'s stack (gunicorn, Flask): apt-get install wrk gunicorn python3-flask'

function checkTools (): void {
  // wrk --version exits 1: only a missing program is an error here.
  const runs = (command: string, ...rest: string[]): boolean => spawnSync(command, rest, { stdio: 'ignore' }).error === undefined
  if (!runs('wrk', '--version') || !runs('gunicorn', '--version') || spawnSync('python3', ['-c', 'import flask']).status !== 0) {
    console.error(MISSING_TOOLS)
    process.exit(1)
  }
}

/** CPU time a process and its children have used so far, user and system, every thread, in µs (Linux counts in 10 ms ticks). */
function cpuMicros (pid: number): number {
  let ticks = 0
  for (const id of [pid, ...childrenOf(pid)]) {
    try {
      const fields = readFileSync(`/proc/${id}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
      ticks += Number(fields[11]) + Number(fields[12])
    } catch {}
  }
  return ticks * 10_000
}

/** gunicorn's worker is a child of its master; the Node servers have none. */
function childrenOf (pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) => readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number))
  } catch {
    return []
  }
}

function memoryOf (pid: number): { rssMb: number, peakRssMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0)
  return { rssMb: Math.round(kb('VmRSS') / 102.4) / 10, peakRssMb: Math.round(kb('VmHWM') / 102.4) / 10 }
}

interface Run { rps: number, requests: number, non2xx: number, errors: number, p50Ms: number, p99Ms: number, bytesPerResponse: number, cpuMicrosPerRequest: number }

let runs = 0

/**
 * One wrk run against one server, `path` with {n} replaced by a counter: what
 * the generator measured, and the server's CPU time per request (what a
 * request costs it, whatever else the machine is doing).
 */
async function drive (base: string, pid: number, path: string, { accept = ACCEPT.html, method = 'GET', seconds = DURATION, limit = 0 } = {}): Promise<Run> {
  const cpuBefore = cpuMicros(pid)
  const target = path.replace('{run}', `r${Date.now().toString(36)}${runs++}`)
  const wrk = spawn('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--timeout', '10s', '-s', join(ROOT, 'scripts/bench/requests.lua'), base, '--', method, target, accept], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, WRK_LIMIT: String(limit) } })
  let output = ''
  wrk.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString()
    if (limit > 0 && output.includes('LIMIT\n')) wrk.kill('SIGINT')
  })
  await new Promise((resolve) => wrk.once('exit', resolve))
  const cpu = cpuMicros(pid) - cpuBefore
  const line = /^RESULT (.*)$/m.exec(output)?.[1]
  if (line === undefined) throw new Error(`wrk said:\n${output}`)
  const result = JSON.parse(line) as { requests: number, durationUs: number, bytes: number, non2xx: number, errors: number, p50Us: number, p99Us: number }
  return {
    rps: Math.round(result.requests / (result.durationUs / 1e6)),
    requests: result.requests,
    non2xx: result.non2xx,
    errors: result.errors,
    p50Ms: result.p50Us / 1000,
    p99Ms: result.p99Us / 1000,
    bytesPerResponse: Math.round(result.bytes / Math.max(1, result.requests)),
    cpuMicrosPerRequest: Math.round(cpu / Math.max(1, result.requests))
  }
}

/** The seed's Flask app under Debian's gunicorn, one worker, as it ran. */
async function startFlask (): Promise<{ port: number, pid: number, stop: () => Promise<void> }> {
  const port = await freePort()
  const child = spawn('gunicorn', ['--workers', '1', '--bind', `127.0.0.1:${port}`, '--chdir', join(ROOT, 'scripts/bench/flask'), '--log-level', 'warning', 'app:app'], { stdio: 'ignore' })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const deadline = Date.now() + 20_000
  while (!await accepting(port)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error('gunicorn did not start')
    await sleep(20)
  }
  return { port, pid: child.pid as number, stop: async () => { child.kill('SIGTERM'); await exited } }
}

async function firstResponseMs (node: string, compileCache: string): Promise<number> {
  const startedAt = process.hrtime.bigint()
  const server = await started(startServer({ env: { ...REAL_ENV, NODE_COMPILE_CACHE: compileCache }, command: [node, SERVER_ENTRY] }))
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}${CACHED}`)
      if (response.ok) {
        await response.arrayBuffer()
        const ms = Number(process.hrtime.bigint() - startedAt) / 1e6
        await server.stop()
        return Math.round(ms)
      }
    } catch {}
    await sleep(2)
  }
}

/**
 * The median of several launches (one launch on a busy machine says little),
 * as the image starts the server: with Node's compile cache, which its build
 * fills with one launch (Node 22+; Node 20 ignores it), as one unmeasured
 * launch does here.
 */
async function medianFirstResponseMs (node: string): Promise<{ medianMs: number, runsMs: number[] }> {
  const compileCache = mkdtempSync(join(tmpdir(), 'cowsay-compile-cache-'))
  await firstResponseMs(node, compileCache)
  const runsMs: number[] = []
  for (let run = 0; run < LAUNCHES; run++) runsMs.push(await firstResponseMs(node, compileCache))
  rmSync(compileCache, { recursive: true, force: true })
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
  const server = await started(startServer({ env: REAL_ENV }))
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

interface Row { what: string, floor?: Run, cached?: Run, uncached?: Run, flask?: Run }

const ratio = (a: Run | undefined, b: Run | undefined): string => a === undefined || b === undefined ? '' : (a.rps / b.rps).toFixed(2)
const rps = (run: Run | undefined): string => run === undefined ? '' : run.rps.toLocaleString('en')
const cpu = (run: Run | undefined): string => run === undefined ? '' : String(run.cpuMicrosPerRequest)

/** One Markdown table, to paste as it is. */
function table (rows: Row[]): string {
  const head = ['', 'floor req/s', 'cached req/s', 'cached / floor', 'new message req/s', 'new / cached', 'Flask req/s', 'new / Flask', 'CPU µs/req: floor, cached, new, Flask', 'bytes', 'status ≠ 2xx']
  const lines = rows.map((row) => {
    const main = row.cached ?? row.uncached
    const odd = [row.cached, row.uncached].reduce((sum, run) => sum + (run?.non2xx ?? 0) + (run?.errors ?? 0), 0)
    return [row.what, rps(row.floor), rps(row.cached), ratio(row.cached, row.floor), rps(row.uncached), ratio(row.uncached, row.cached), rps(row.flask), ratio(row.uncached, row.flask),
      [cpu(row.floor), cpu(row.cached), cpu(row.uncached), cpu(row.flask)].map((value) => value || '-').join(', '), String(main?.bytesPerResponse ?? ''), String(odd)]
  })
  const widths = head.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]?.length ?? 0)))
  const format = (cells: string[]): string => '| ' + cells.map((cell, column) => column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)).join(' | ') + ' |'
  return [format(head), '|' + widths.map((width, column) => column === 0 ? ` ${'-'.repeat(width)} ` : ` ${'-'.repeat(width - 1)}: `).join('|') + '|', ...lines.map(format)].join('\n')
}

/** What is left running when the bench stops, even on a failure. */
const running: Array<{ stop: () => Promise<unknown> }> = []
async function started<T extends { stop: () => Promise<unknown> }> (server: Promise<T>): Promise<T> {
  running.push(await server)
  return running[running.length - 1] as T
}

async function main (): Promise<void> {
  checkTools()
  const startedAt = new Date().toISOString()
  const load = (): string => loadavg().map((value) => value.toFixed(2)).join(' ')
  console.log(`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, load ${load()}; wrk, 1 thread, ${CONNECTIONS} connections, ${DURATION} s a run${VIA_NGINX ? ', through nginx' : ''}\n`)

  // The real server's log goes to a file, as a container runtime's log driver keeps it.
  const logDir = mkdtempSync(join(tmpdir(), 'cowsay-bench-'))
  const realLog = join(logDir, 'server.log')
  const real = await started(startServer({ env: { ...REAL_ENV, TRUST_PROXY: 'loopback' }, logFile: realLog }))
  // The refusals' own server: a limit of one request a minute, and load shedding that triggers at once.
  const limited = await started(startServer({ env: { ...REAL_ENV, RATE_LIMIT_MAX: '1', RATE_LIMIT_WINDOW: '3600', LOG_LEVEL: 'warn' } }))
  const shedding = await started(startServer({ env: { ...REAL_ENV, MAX_EVENT_LOOP_DELAY_MS: '1', LOG_LEVEL: 'warn' } }))
  const flask = await started(startFlask())
  let answeredByReal = 0

  let realBase = `http://127.0.0.1:${real.port}`
  const sizes: Record<string, number> = {}
  for (const [name, accept] of Object.entries(ACCEPT)) {
    sizes[name] = (await (await fetch(realBase + CACHED, { headers: { accept } })).arrayBuffer()).byteLength
  }
  sizes.form = (await (await fetch(realBase + '/')).arrayBuffer()).byteLength
  sizes.refusal = (await (await fetch(`http://127.0.0.1:${limited.port}/say/moo`)).arrayBuffer()).byteLength
  answeredByReal += 4
  const floor = await started(startServer({ command: [process.execPath, '--import', 'tsx', 'scripts/bench/floor.ts', ...Object.values(sizes).map(String)] }))
  let floorBase = `http://127.0.0.1:${floor.port}`
  const proxies: RunningNginx[] = []
  if (VIA_NGINX) {
    // The floor goes behind an identical nginx, so the ratio compares like with like.
    const staticRoot = fileURLToPath(new URL('../../public', import.meta.url))
    proxies.push(await started(startNginx({ upstreams: [`127.0.0.1:${real.port}`], staticRoot })), await started(startNginx({ upstreams: [`127.0.0.1:${floor.port}`], staticRoot })))
    realBase = `http://127.0.0.1:${proxies[0]?.port ?? 0}`
    floorBase = `http://127.0.0.1:${proxies[1]?.port ?? 0}`
  }
  const driveReal = async (path: string, options: Parameters<typeof drive>[3] = {}): Promise<Run> => {
    const run = await drive(realBase, real.pid, path, options)
    answeredByReal += run.requests
    return run
  }
  const floorFor = async (bytes: number | undefined): Promise<Run> => drive(floorBase, floor.pid, `/${bytes ?? 0}`)

  // Warm up, so that the JIT and the caches are in the state a busy server is in.
  await drive(floorBase, floor.pid, `/${sizes.html ?? 0}`, { seconds: 1 })
  for (const { format } of FORMATS) {
    const accept = ACCEPT[format]
    await driveReal(CACHED, { accept, seconds: 1 })
    await driveReal(UNCACHED, { accept, seconds: 1 })
  }
  await drive(`http://127.0.0.1:${flask.port}`, flask.pid, UNCACHED, { seconds: 1 })

  const rows: Row[] = []
  for (const { name, format } of FORMATS) {
    const accept = ACCEPT[format]
    rows.push({
      what: name,
      floor: await floorFor(sizes[format]),
      cached: await driveReal(CACHED, { accept }),
      uncached: await driveReal(UNCACHED, { accept }),
      flask: await drive(`http://127.0.0.1:${flask.port}`, flask.pid, UNCACHED, { accept })
    })
  }
  rows.push({ what: 'form page (HTML)', floor: await floorFor(sizes.form), cached: await driveReal('/') })

  // Refusals, in the format a browser and a program ask for: what a flood meets.
  const limitedBase = `http://127.0.0.1:${limited.port}`
  const refusalFloor = await floorFor(sizes.refusal)
  for (const [what, accept] of [['429 over the rate limit (HTML)', ACCEPT.html], ['429 over the rate limit (JSON)', ACCEPT.json]] as const) {
    rows.push({ what, floor: refusalFloor, uncached: await drive(limitedBase, limited.pid, UNCACHED, { accept }) })
  }
  rows.push({ what: '404 no such page (HTML)', floor: refusalFloor, uncached: await driveReal('/nothing/here/{run}{n}') })
  rows.push({ what: '405 DELETE of a result (HTML)', floor: refusalFloor, uncached: await driveReal(UNCACHED, { method: 'DELETE' }) })
  rows.push({ what: '503 load shedding (HTML)', floor: refusalFloor, uncached: await drive(`http://127.0.0.1:${shedding.port}`, shedding.pid, UNCACHED, { accept: ACCEPT.html }) })

  // DISTINCT requests, every one a message the server has not seen, pages and JSON in turn.
  const memoryBefore = memoryOf(real.pid)
  const distinct = await driveReal(UNCACHED, { accept: `${ACCEPT.html}|${ACCEPT.json}`, seconds: 600, limit: DISTINCT })
  const memoryAfter = memoryOf(real.pid)

  await Promise.all(running.splice(0).map(async (server) => server.stop()))
  // Written by the asynchronous destination, batched, flushed at exit: every request should be there.
  const logText = readFileSync(realLog, 'utf8')
  const logged = { completed: logText.split('"msg":"request completed"').length - 1, aborted: logText.split('"msg":"request aborted by the client"').length - 1, answered: answeredByReal }
  rmSync(logDir, { recursive: true, force: true })

  const production = node24()
  const firstResponse: Record<string, { medianMs: number, runsMs: number[] } | null> = { 'Node 24': production === null ? null : await medianFirstResponseMs(production) }
  if (production !== process.execPath) firstResponse[`Node ${process.versions.node}`] = await medianFirstResponseMs(process.execPath)
  const pictures = await pngMemory()

  console.log(table(rows))
  console.log('\n"cached" asks for one URL again and again; "new message" puts a new number in the message each time (the refusals too).')
  console.log('CPU µs/req: the server process\'s user + system time, every thread, per response wrk counted.\n')
  for (const [node, measured] of Object.entries(firstResponse)) {
    console.log(`First response after launch, ${node}: ${measured === null ? 'not available' : `${measured.medianMs} ms (median of ${measured.runsMs.join(', ')})`}`)
  }
  console.log(`Memory: RSS ${memoryBefore.rssMb} MB before, ${memoryAfter.rssMb} MB after ${distinct.requests.toLocaleString('en')} distinct messages (${distinct.non2xx} not 2xx); peak ${memoryAfter.peakRssMb} MB`)
  console.log(`Memory under ${pictures.seconds} s of the largest PNGs, four at a time: ${pictures.renders} rendered (${pictures.failures} failed); RSS ${pictures.rssBeforeMb} MB before, peak ${pictures.peakRssMb} MB, ${pictures.rssAfterMb} MB after`)
  console.log(`Log: ${logged.completed} "request completed" and ${logged.aborted} "aborted" lines for ${logged.answered} responses wrk counted (it does not count those cut off at the end of a run)`)
  console.log(`Load at the end: ${load()}`)

  const results = { startedAt, node: process.version, cores: cpus().length, cpu: cpus()[0]?.model, load: loadavg(), viaNginx: VIA_NGINX, durationSeconds: DURATION, connections: CONNECTIONS, sizes, rows, firstResponse, logged, memory: { before: memoryBefore, after: memoryAfter, distinct }, pngMemory: pictures }
  mkdirSync(new URL('../../bench/results/', import.meta.url), { recursive: true })
  const file = new URL(`../../bench/results/${startedAt.replace(/[:.]/g, '-')}${VIA_NGINX ? '-nginx' : ''}.json`, import.meta.url)
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n')
  console.log(`Written to ${fileURLToPath(file)}`)
}

try {
  await main()
} finally {
  await Promise.all(running.splice(0).map(async (server) => server.stop()))
}
