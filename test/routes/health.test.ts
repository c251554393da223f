import t from 'tap'
import { build } from '../helper.js'

t.test('GET /healthz says ok when a cow can be drawn', async (t) => {
  const app = await build(t)
  const response = await app.inject({ url: '/healthz' })
  t.equal(response.statusCode, 200)
  t.same(response.json(), { status: 'ok' })
  t.equal(response.headers['cache-control'], 'no-store')
})

t.test('while draining, GET /healthz says 503 "draining" and GET /livez still 200 "alive"', async (t) => {
  const app = await build(t)
  const before = await app.inject({ url: '/livez' })
  t.equal(before.statusCode, 200)
  t.same(before.json(), { status: 'alive' })
  t.equal(before.headers['cache-control'], 'no-store')
  app.startDraining()
  const health = await app.inject({ url: '/healthz' })
  t.equal(health.statusCode, 503, 'readiness: out of rotation')
  t.same(health.json(), { status: 'draining' })
  const live = await app.inject({ url: '/livez' })
  t.equal(live.statusCode, 200, 'liveness: not restarted in the middle of its drain')
  t.same(live.json(), { status: 'alive' })
})

t.test('probes are never rate limited', async (t) => {
  const app = await build(t, { rateLimit: { max: 1, windowMs: 60_000 } })
  const client = { remoteAddress: '192.0.2.77' }
  for (let i = 0; i < 5; i++) {
    t.equal((await app.inject({ url: '/livez', ...client })).statusCode, 200, `/livez ${i}`)
    t.equal((await app.inject({ url: '/healthz', ...client })).statusCode, 200, `/healthz ${i}`)
  }
  t.equal((await app.inject({ url: '/say/x', ...client })).statusCode, 200, 'the first counted request')
  t.equal((await app.inject({ url: '/say/x', ...client })).statusCode, 429, 'the second is refused')
})
