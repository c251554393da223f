import t from 'tap'
import { request as httpRequest } from 'node:http'
import { mkdtempSync, cpSync, chmodSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { PUBLIC_DIR } from '../../src/paths.js'
import { NGINX, startNginx, type RunningNginx } from '../support/nginx.js'
import { startServer, type RunningServer } from '../support/node-server.js'
import { REDIS, startRedis, type RunningRedis } from '../support/redis.js'
import { whenInstalled } from '../support/tools.js'

/*
 * A cluster on one machine: the project's nginx.conf (Debian's nginx) in front
 * of two `node dist/server.js` processes that share one Redis, all on
 * loopback. Traffic reaches both, the rate limit holds once across them, and
 * one of them is restarted under load without a request failing.
 *
 * Clients come from addresses of their own in 127/8 (nginx passes the one it
 * saw in X-Forwarded-For, the apps trust loopback), so that the load spreads
 * over many budgets while one client tests the shared limit.
 */

const MAX = 10
const LOAD_CLIENTS = 16
const LOAD_LIMIT = 400 // requests per client at most: the load is bounded even if something hangs

interface Answer { status: number | null, error?: string }

function get (port: number, path: string, localAddress: string): Promise<Answer> {
  return new Promise((resolve) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, localAddress, agent: false, headers: { accept: 'text/plain' } }, (response) => {
      response.resume()
      response.on('end', () => resolve({ status: response.statusCode ?? null }))
      response.on('error', (error: NodeJS.ErrnoException) => resolve({ status: null, error: error.code ?? error.message }))
    })
    request.setTimeout(10_000, () => request.destroy(new Error('client timeout')))
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ status: null, error: error.code ?? error.message }))
    request.end()
  })
}

whenInstalled(t, [NGINX, REDIS], () => {
  let redis: RunningRedis
  let apps: RunningServer[] = []
  let nginx: RunningNginx
  let staticRoot: string
  const appEnv = (): Record<string, string> => ({
    REDIS_URL: redis.url,
    TRUST_PROXY: 'loopback',
    RATE_LIMIT_MAX: String(MAX),
    // The machine is shared: load shedding would answer 503 for a busy CPU, not for the restart.
    MAX_EVENT_LOOP_DELAY_MS: '0',
    SHUTDOWN_DRAIN: '1',
    LOG_LEVEL: 'warn'
  })

  t.before(async () => {
    staticRoot = mkdtempSync(join(tmpdir(), 'cowsay-public-'))
    chmodSync(staticRoot, 0o755)
    cpSync(PUBLIC_DIR, staticRoot, { recursive: true })
    redis = await startRedis()
    apps = await Promise.all([startServer({ env: appEnv() }), startServer({ env: appEnv() })])
    nginx = await startNginx({ upstreams: apps.map((app) => `127.0.0.1:${app.port}`), staticRoot })
  })
  t.teardown(async () => {
    await nginx?.stop()
    await Promise.all(apps.map((app) => app.stop()))
    await redis?.stop()
    if (staticRoot !== undefined) rmSync(staticRoot, { recursive: true, force: true })
  })

  const upstreamsOf = (from: number, paths: (path: string) => boolean): Map<string, number> => {
    const counts = new Map<string, number>()
    for (const line of nginx.accessLog().slice(from)) {
      if (!paths(line.request.split(' ')[1] ?? '')) continue
      for (const upstream of line.upstream.split(', ')) counts.set(upstream, (counts.get(upstream) ?? 0) + 1)
    }
    return counts
  }

  t.test('one client through nginx: the limit holds once across both processes, and both serve it', async (t) => {
    const from = nginx.accessLog().length
    const statuses: number[] = []
    for (let i = 0; i < 2 * MAX; i++) statuses.push((await get(nginx.port, `/say/limited${i}`, '127.0.0.2')).status ?? 0)
    t.same(statuses, [...Array(MAX).fill(200), ...Array(MAX).fill(429)], `${MAX} served, then refused: one budget, not one a process`)
    const served = upstreamsOf(from, (path) => path.startsWith('/say/limited'))
    t.same([...served.keys()].sort(), apps.map((app) => `127.0.0.1:${app.port}`).sort(), `nginx spread them over both (${JSON.stringify(Object.fromEntries(served))})`)
  })

  t.test('one process restarted under load: no request fails', async (t) => {
    const [old, other] = apps as [RunningServer, RunningServer]
    const from = nginx.accessLog().length
    const answers: Answer[] = []
    let stopAt = Infinity
    const deadline = Date.now() + 30_000
    const client = async (index: number): Promise<void> => {
      for (let i = 0; i < LOAD_LIMIT && Date.now() < Math.min(stopAt, deadline); i++) {
        // A fresh client address every request: each has its own budget.
        answers.push(await get(nginx.port, `/say/load${index}-${i}?format=text`, `127.1.${index + 1}.${(i % 250) + 1}`))
      }
    }
    const clients = Array.from({ length: LOAD_CLIENTS }, (_, index) => client(index))

    await sleep(1000)
    const before = upstreamsOf(from, (path) => path.startsWith('/say/load'))
    t.ok((before.get(`127.0.0.1:${old.port}`) ?? 0) > 0 && (before.get(`127.0.0.1:${other.port}`) ?? 0) > 0, `traffic reaches both processes (${JSON.stringify(Object.fromEntries(before))})`)
    const exitCode = await old.stop()
    t.equal(exitCode, 0, 'the stopped process drained and exited 0')
    const restarted = await startServer({ env: appEnv(), port: old.port })
    apps = [restarted, other]
    t.equal((await get(restarted.port, '/healthz', '127.0.0.1')).status, 200, 'the new process answers on the same port')
    await sleep(500)
    stopAt = Date.now()
    await Promise.all(clients)

    const failed = answers.filter((answer) => answer.status !== 200)
    const kinds = [...new Set(failed.map((answer) => answer.error ?? String(answer.status)))]
    t.comment(`${answers.length} requests through nginx while one of two processes restarted: ${answers.length - failed.length} answered 200, ${failed.length} failed (${kinds.join(', ') || 'none'})`)
    t.ok(answers.length > LOAD_CLIENTS * 5, 'there was load throughout')
    t.same(failed, [], 'no request failed')
  })
})
