import t from 'tap'
import { build } from '../helper.js'

t.test('GET /healthz says ok when a cow can be drawn', async (t) => {
  const app = await build(t)
  const response = await app.inject({ url: '/healthz' })
  t.equal(response.statusCode, 200)
  t.same(response.json(), { status: 'ok' })
  t.equal(response.headers['cache-control'], 'no-store')
})
