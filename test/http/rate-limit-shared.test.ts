import t from 'tap'
import { setTimeout as sleep } from 'node:timers/promises'
import { buildApp } from '../../src/app.js'
import { testConfig } from '../support/config.js'
import { freePort } from '../support/ports.js'
import { REDIS, startRedis, type RunningRedis } from '../support/redis.js'
import { startServer, type RunningServer as ServerProcess } from '../support/node-server.js'
import { whenInstalled } from '../support/tools.js'

/*
 * The rate limit shared through a real Redis (Debian's redis-server, on
 * loopback): two `node dist/server.js` processes give one client the limit
 * once between them, and keep serving when Redis goes away.
 */

const MAX = 6
const limited = (redisUrl: string): Record<string, string> => ({ LOG_LEVEL: 'info', RATE_LIMIT_MAX: String(MAX), RATE_LIMIT_WINDOW: '60', MAX_EVENT_LOOP_DELAY_MS: '0', REDIS_URL: redisUrl })

async function get (server: ServerProcess, path: string): Promise<{ status: number, remaining: string | null, body: string }> {
  const response = await fetch(`http://127.0.0.1:${server.port}${path}`, { headers: { accept: 'text/plain' } })
  return { status: response.status, remaining: response.headers.get('x-ratelimit-remaining'), body: await response.text() }
}

async function waitForLog (server: ServerProcess, message: string): Promise<boolean> {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    if (server.output().includes(`"msg":"${message}`)) return true
    await sleep(50)
  }
  return false
}

whenInstalled(t, [REDIS], () => {
  let redis: RunningRedis
  let servers: ServerProcess[] = []

  t.before(async () => {
    redis = await startRedis()
    servers = await Promise.all([startServer({ env: limited(redis.url) }), startServer({ env: limited(redis.url) })])
  })
  t.teardown(async () => {
    await Promise.all(servers.map((server) => server.stop()))
    await redis?.stop()
  })

  t.test('two processes sharing one Redis give a client the limit once, not twice', async (t) => {
    const [a, b] = servers as [ServerProcess, ServerProcess]
    t.ok(await waitForLog(a, 'rate limit store reachable') && await waitForLog(b, 'rate limit store reachable'), 'both processes reach Redis')
    const seen: Array<[string, number, string | null]> = []
    for (let i = 0; i < 2 * MAX; i++) {
      const [name, server] = i % 2 === 0 ? ['A', a] : ['B', b]
      const response = await get(server, `/say/shared${i}`)
      seen.push([name, response.status, response.remaining])
    }
    t.comment(`alternating A and B: ${seen.map(([name, status]) => `${name}${status}`).join(' ')}`)
    t.same(seen.slice(0, MAX).map(([, status]) => status), Array(MAX).fill(200), `the first ${MAX} are served, by A and B in turn`)
    t.same(seen.slice(0, MAX).map(([, , remaining]) => remaining), Array.from({ length: MAX }, (_, i) => String(MAX - 1 - i)), 'each process counts down the same budget')
    t.same(seen.slice(MAX).map(([, status]) => status), Array(MAX).fill(429), `the next ${MAX} are refused, by both: one budget, not one each`)
    t.match((await get(b, '/say/again')).body, new RegExp(`at most ${MAX} every 60 seconds`))
    t.equal((await get(a, '/healthz')).status, 200, 'health checks are not limited')
  })

  t.test('Redis goes away: both keep serving and say so; it comes back: the limit is shared again', async (t) => {
    const [a, b] = servers as [ServerProcess, ServerProcess]
    // Where each log stood when Redis went away.
    const since = new Map(servers.map((server) => [server, server.output().length]))
    const logSince = (server: ServerProcess): string => server.output().slice(since.get(server))
    await redis.stop()
    t.ok(await waitForLog(a, 'rate limit store unreachable') && await waitForLog(b, 'rate limit store unreachable'), 'each process logs that the store is unreachable')
    const statuses: number[] = []
    for (let i = 0; i < 2 * MAX; i++) statuses.push((await get(i % 2 === 0 ? a : b, `/say/without${i}`)).status)
    t.same(statuses, Array(2 * MAX).fill(200), 'every request is served (the limit fails open), with no wait')
    t.match((await get(a, '/metrics')).body, /^cowsay_rate_limit_store_up 0$/m, 'and the metrics say the store is down')

    await sleep(1000) // a few reconnection attempts
    const unreachable = logSince(a).split('\n').filter((line) => line.includes('"msg":"rate limit store unreachable'))
    t.equal(unreachable.length, 1, 'said once per outage, not once per retry')
    t.notMatch(unreachable.join(''), redis.url, 'without the URL (it may hold a password)')

    await redis.start()
    const back = async (server: ServerProcess): Promise<boolean> => {
      const deadline = Date.now() + 10_000
      while (Date.now() < deadline) {
        if (logSince(server).includes('"msg":"rate limit store reachable')) return true
        await sleep(50)
      }
      return false
    }
    t.ok(await back(a) && await back(b), 'both reconnect by themselves')
    const after: number[] = []
    for (let i = 0; i <= MAX; i++) after.push((await get(i % 2 === 0 ? a : b, `/say/back${i}`)).status)
    t.same(after, [...Array(MAX).fill(200), 429], 'a fresh window, shared again')
    t.match((await get(b, '/metrics')).body, /^cowsay_rate_limit_store_up 1$/m, 'the metrics say the store is up')
  })

  t.test('the first request after start is counted: the app serves once the store is ready', async (t) => {
    const app = await buildApp(testConfig({ rateLimit: { max: MAX, windowMs: 60_000 }, redisUrl: redis.url }))
    t.teardown(() => app.close())
    const first = await app.inject({ url: '/say/first-after-start', remoteAddress: '127.0.0.9', headers: { accept: 'text/plain' } })
    t.equal(first.statusCode, 200)
    t.equal(first.headers['x-ratelimit-remaining'], String(MAX - 1), 'counted against the shared budget, not served uncounted while Redis connected')
  })

  t.test('a process whose Redis is unreachable from the start serves anyway', async (t) => {
    const nowhere = `redis://127.0.0.1:${await freePort()}`
    const server = await startServer({ env: limited(nowhere) })
    t.teardown(() => server.stop())
    t.ok(await waitForLog(server, 'rate limit store unreachable'), 'it logs that the store is unreachable')
    const statuses: number[] = []
    for (let i = 0; i < MAX + 2; i++) statuses.push((await get(server, `/say/nowhere${i}`)).status)
    t.same(statuses, Array(MAX + 2).fill(200), 'and serves every request')
    t.notMatch(server.output(), nowhere, 'the URL (which may hold a password) is not logged')
  })
})
