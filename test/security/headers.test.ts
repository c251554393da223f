import t, { type Test } from 'tap'
import { listen } from '../helper.js'

type Check = [name: string, path: string, init: RequestInit, status: number]

const PAGE = { headers: { accept: 'text/html' } }
const JSON_ = { headers: { accept: 'application/json' } }

const KINDS: Check[] = [
  ['form page', '/', PAGE, 200],
  ['result page', '/say/hello', PAGE, 200],
  ['gallery page', '/cows', PAGE, 200],
  ['JSON', '/say/hello', JSON_, 200],
  ['plain text', '/say/hello?format=text', {}, 200],
  ['XML', '/say/hello?format=xml', {}, 200],
  ['API document', '/openapi.json', {}, 200],
  ['health', '/healthz', {}, 200],
  ['redirect', '/say?text=hi', { redirect: 'manual' }, 303],
  ['static file', '/static/css/site.css', {}, 200],
  ['400 invalid parameter', '/say/x?width=0', PAGE, 400],
  ['400 broken encoding in the path', '/say/%ZZ', PAGE, 400],
  ['400 broken encoding in the query', '/say?text=%ZZ', JSON_, 400],
  ['400 control character', '/say/%1B', PAGE, 400],
  ['404', '/nowhere', PAGE, 404],
  ['404 static', '/static/nope.css', JSON_, 404],
  ['405', '/say/x', { method: 'POST', ...PAGE }, 405],
  ['406', '/say/x', { headers: { accept: 'image/gif' } }, 406],
  ['414 message', '/say/' + 'a'.repeat(1001), PAGE, 414],
  ['414 path', '/say/' + 'a'.repeat(13_000), JSON_, 414]
]

function expectSecurityHeaders (t: Test, name: string, headers: Headers): void {
  const csp = headers.get('content-security-policy') ?? ''
  t.match(csp, /default-src 'self'/, `${name}: CSP`)
  t.match(csp, /script-src 'self'/, `${name}: no inline scripts`)
  t.match(csp, /frame-ancestors 'none'/, `${name}: CSP frame protection`)
  t.equal(headers.get('x-frame-options'), 'DENY', `${name}: X-Frame-Options, as frame-ancestors 'none' says`)
  t.equal(headers.get('x-content-type-options'), 'nosniff', `${name}: nosniff`)
  t.equal(headers.get('referrer-policy'), 'strict-origin-when-cross-origin', `${name}: Referrer-Policy`)
  t.ok(headers.get('x-request-id'), `${name}: request id`)
}

t.test('every kind of response carries the security headers, and no HSTS over plain HTTP', async (t) => {
  const { origin } = await listen(t, { rateLimit: { max: 2, windowMs: 60_000 }, trustProxy: '127.0.0.1' })
  for (const [index, [name, path, init, status]] of KINDS.entries()) {
    // Each kind from its own client address, so the rate limit only bites where it is meant to.
    const headers = { ...(init.headers as Record<string, string>), 'x-forwarded-for': `192.0.2.${index + 1}` }
    const response = await fetch(origin + path, { ...init, headers })
    t.equal(response.status, status, `${name}: ${status}`)
    expectSecurityHeaders(t, name, response.headers)
    t.equal(response.headers.get('strict-transport-security'), null, `${name}: no HSTS over HTTP`)
    await response.arrayBuffer()
  }
  const limited = { headers: { accept: 'application/json', 'x-forwarded-for': '198.51.100.99' } }
  await fetch(`${origin}/say/a`, limited)
  await fetch(`${origin}/say/b`, limited)
  const tooMany = await fetch(`${origin}/say/c`, limited)
  t.equal(tooMany.status, 429)
  expectSecurityHeaders(t, '429', tooMany.headers)
})

t.test('HSTS is sent when the client came over HTTPS through the trusted proxy, and only then', async (t) => {
  const behindProxy = await listen(t, { trustProxy: '127.0.0.1' })
  for (const [name, path, init, status] of KINDS) {
    const headers = { ...(init.headers as Record<string, string>), 'x-forwarded-proto': 'https' }
    const response = await fetch(behindProxy.origin + path, { ...init, headers })
    t.equal(response.status, status, `${name}: ${status}`)
    t.match(response.headers.get('strict-transport-security'), /^max-age=\d{8,}; includeSubDomains$/, `${name}: HSTS over HTTPS`)
    await response.arrayBuffer()
  }
  const noProxy = await listen(t, { trustProxy: false })
  const forged = await fetch(`${noProxy.origin}/say/x`, { headers: { 'x-forwarded-proto': 'https' } })
  t.equal(forged.headers.get('strict-transport-security'), null, 'a forged X-Forwarded-Proto from an untrusted client is ignored')
})

t.test('a draining instance\'s 503 carries them too', async (t) => {
  const { app, origin } = await listen(t)
  app.startDraining()
  const response = await fetch(`${origin}/healthz`)
  t.equal(response.status, 503)
  t.same(await response.json(), { status: 'draining' })
  expectSecurityHeaders(t, 'draining', response.headers)
})
