import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.js'
import { testConfig } from '../support/config.js'
import { HttpError } from '../../src/http/pipeline/errors.js'
import { ACCEPT } from '../helper.js'

const SECRET = 'hay-store.internal:5432 as admin (hunter2)'

/** The real app with routes of the test's own, added the way buildApp lets a test add them. */
async function buildWithRoutes (t: Test): Promise<FastifyInstance> {
  const app = await buildApp(testConfig(), {
    extend: (app) => {
      app.get('/boom', async () => { throw new Error(`could not connect to ${SECRET}`) })
      app.get('/boom-with-status', async () => { throw Object.assign(new Error(`upstream said ${SECRET}`), { statusCode: 502 }) })
      app.get('/boom-not-an-error-status', async () => { throw Object.assign(new Error(`odd ${SECRET}`), { statusCode: 200 }) })
      app.get('/ours', async () => { throw new HttpError(503, 'The cows are resting; try again in a minute') })
      app.get('/framework', async () => { throw Object.assign(new Error(`raw text with ${SECRET}`), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' }) })
      app.get('/client', async () => { throw Object.assign(new Error('The hay is too short'), { statusCode: 400 }) })
    }
  })
  t.teardown(() => app.close())
  return app
}

const GENERIC = 'Something went wrong on our side; it has been logged.'

t.test('a 500 never shows its message, in any format', async (t) => {
  const app = await buildWithRoutes(t)
  for (const url of ['/boom', '/boom-with-status', '/boom-not-an-error-status']) {
    for (const [format, accept] of Object.entries(ACCEPT)) {
      const response = await app.inject({ url, headers: { accept } })
      const status = url === '/boom-with-status' ? 502 : 500
      t.equal(response.statusCode, status, `${url} as ${format}: ${status}`)
      t.notMatch(response.body, /hunter2|hay-store|connect|upstream/, `${url} as ${format}: nothing of the error's message`)
      t.match(response.body, GENERIC, `${url} as ${format}: says it is our fault`)
      t.equal(response.headers['cache-control'], 'no-store')
      t.ok(response.headers['content-security-policy'], 'with the security headers')
    }
    t.same((await app.inject({ url, headers: { accept: ACCEPT.json } })).json().message, GENERIC)
  }
})

t.test('our own errors and clients\' mistakes are shown; framework errors in our words', async (t) => {
  const app = await buildWithRoutes(t)
  const cases: Array<[string, number, string]> = [
    ['/ours', 503, 'The cows are resting; try again in a minute'],
    ['/framework', 413, 'The request body is too large'],
    ['/client', 400, 'The hay is too short']
  ]
  for (const [url, status, message] of cases) {
    const response = await app.inject({ url, headers: { accept: ACCEPT.json } })
    t.same(response.json(), { statusCode: status, error: response.json().error, message }, `${url}: ${status} ${message}`)
    t.notMatch(response.body, /hunter2/)
  }
})

t.test('a route added by a test gets its 405s like the app\'s own', async (t) => {
  const app = await buildWithRoutes(t)
  const response = await app.inject({ method: 'POST', url: '/client', headers: { accept: ACCEPT.json } })
  t.equal(response.statusCode, 405)
  t.equal(response.headers.allow, 'GET, HEAD')
})
