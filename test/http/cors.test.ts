import t from 'tap'
import { listen } from '../helper.js'

const ORIGIN = 'https://someone-elses.example'

t.test('the read-only API answers cross-origin GET and HEAD requests', async (t) => {
  const { origin } = await listen(t)
  for (const [path, accept] of [['/say/hello', 'application/json'], ['/think/hmm', 'text/plain'], ['/say/x', 'application/xml'], ['/cows', 'application/json'], ['/openapi.json', '*/*'], ['/healthz', '*/*']]) {
    for (const method of ['GET', 'HEAD']) {
      const response = await fetch(origin + path, { method, headers: { origin: ORIGIN, accept } })
      t.equal(response.status, 200, `${method} ${path}`)
      t.equal(response.headers.get('access-control-allow-origin'), '*', `${method} ${path}: any origin may read it`)
      t.equal(response.headers.get('access-control-allow-credentials'), null, 'never with credentials')
      await response.arrayBuffer()
    }
  }
  const error = await fetch(`${origin}/say/x?width=0`, { headers: { origin: ORIGIN, accept: 'application/json' } })
  t.equal(error.status, 400)
  t.equal(error.headers.get('access-control-allow-origin'), '*', 'a script can read why its request failed')
  t.match(error.headers.get('access-control-expose-headers'), /retry-after/, 'and when to retry')
})

t.test('refusals made before any route runs carry the CORS headers too: unreadable URLs, two Hosts, the rate limit', async (t) => {
  const { origin } = await listen(t, { rateLimit: { max: 1, windowMs: 60_000 } })
  const refused = [
    await fetch(`${origin}/say/x`, { headers: { origin: ORIGIN, accept: 'application/json' } }),
    await fetch(`${origin}/say/x`, { headers: { origin: ORIGIN, accept: 'application/json' } })
  ]
  t.same(refused.map((response) => response.status), [200, 429], 'the second request is over the limit')
  const tooMany = refused[1] as Response
  t.equal(tooMany.headers.get('access-control-allow-origin'), '*', 'a script can read that it must wait')
  t.ok(tooMany.headers.get('retry-after'), 'and for how long')
  t.match(tooMany.headers.get('access-control-expose-headers'), /retry-after/)
  t.equal(tooMany.headers.get('content-security-policy')?.startsWith("default-src 'self'"), true, 'with the security headers')

  const { origin: unlimited } = await listen(t)
  for (const path of ['/say/%E0%A4%A', '/say/x?width=%ZZ', '/say/' + 'm'.repeat(13_000)]) {
    const response = await fetch(unlimited + path, { headers: { origin: ORIGIN, accept: 'application/json' } })
    t.ok(response.status === 400 || response.status === 414, `${path.slice(0, 30)}: ${response.status}`)
    t.equal(response.headers.get('access-control-allow-origin'), '*', `${path.slice(0, 30)}: readable by a script elsewhere`)
    t.match(response.headers.get('x-request-id'), /^[0-9a-f-]{36}$/, 'and named by its request id')
    t.equal((await response.json() as { error: string }).error.length > 0, true, 'in the client\'s format')
  }
})

t.test('a preflight for GET is allowed; one for any other method is not', async (t) => {
  const { origin } = await listen(t)
  const preflight = (method: string, path = '/say/hello'): Promise<Response> => fetch(origin + path, {
    method: 'OPTIONS',
    headers: { origin: ORIGIN, 'access-control-request-method': method, 'access-control-request-headers': 'x-request-id' }
  })
  const get = await preflight('GET')
  t.equal(get.status, 204)
  t.equal(get.headers.get('access-control-allow-origin'), '*')
  t.equal(get.headers.get('access-control-allow-methods'), 'GET, HEAD')
  t.equal(get.headers.get('access-control-allow-headers'), 'x-request-id')

  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
    for (const path of ['/say/hello', '/slack/commands', '/nowhere']) {
      const response = await preflight(method, path)
      t.ok(response.status >= 400 && response.status < 500, `preflight for ${method} ${path}: ${response.status}`)
      t.equal(response.headers.get('access-control-allow-origin'), null, `${method} ${path}: no CORS`)
      t.equal(response.headers.get('access-control-allow-methods'), null)
      await response.arrayBuffer()
    }
  }
})

t.test('responses to other methods carry no CORS headers, so other sites\' scripts cannot read them', async (t) => {
  const { origin } = await listen(t)
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
    for (const path of ['/say/x', '/slack/commands']) {
      const response = await fetch(origin + path, {
        method,
        headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'command=%2Fsay&text=moo'
      })
      t.equal(response.headers.get('access-control-allow-origin'), null, `${method} ${path} (${response.status}): no CORS`)
      await response.arrayBuffer()
    }
  }
})
