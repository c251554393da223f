import t from 'tap'
import { gunzipSync } from 'node:zlib'
import { ACCEPT, build } from '../helper.js'
import { CACHE_NAMED_FORMAT, CACHE_NEGOTIATED, CACHE_SHARED_PAGE } from '../../src/http/caching.js'

const STRONG_ETAG = /^"[A-Za-z0-9_-]{27}"$/

t.test('results carry a strong ETag and answer If-None-Match with 304', async (t) => {
  const app = await build(t)
  for (const [url, accept] of [
    ['/say/hello', ACCEPT.html], ['/say/hello', ACCEPT.json], ['/say/hello', ACCEPT.text], ['/say/hello', ACCEPT.xml],
    ['/think/hi?cow=tux', ACCEPT.json], ['/say/hello?format=svg', ACCEPT.html], ['/say/hello?format=png', ACCEPT.html],
    ['/cows', ACCEPT.html], ['/cows', ACCEPT.json], ['/', ACCEPT.html]
  ] as const) {
    const first = await app.inject({ url, headers: { accept } })
    t.equal(first.statusCode, 200, `${url} ${accept}`)
    const etag = first.headers.etag as string
    t.match(etag, STRONG_ETAG, `${url} ${accept}: strong ETag`)
    const again = await app.inject({ url, headers: { accept } })
    t.equal(again.headers.etag, etag, 'the same bytes, the same ETag')
    t.equal(again.body, first.body)
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const revalidated = await app.inject({ url, headers: { accept, 'if-none-match': ifNoneMatch } })
      t.equal(revalidated.statusCode, 304, `If-None-Match: ${ifNoneMatch} -> 304`)
      t.equal(revalidated.body, '', '304 has no body')
      t.equal(revalidated.headers.etag, etag, '304 repeats the ETag')
      t.equal(revalidated.headers['cache-control'], first.headers['cache-control'], '304 repeats Cache-Control')
    }
    const stale = await app.inject({ url, headers: { accept, 'if-none-match': '"not-it"' } })
    t.equal(stale.statusCode, 200, 'an old ETag gets the full response')
  }
})

t.test('each representation of a URL has its own ETag', async (t) => {
  const app = await build(t)
  const etags = new Set<string>()
  for (const accept of Object.values(ACCEPT)) {
    etags.add((await app.inject({ url: '/say/hello', headers: { accept } })).headers.etag as string)
  }
  t.equal(etags.size, 4, 'HTML, JSON, text and XML differ')
  const html = await app.inject({ url: '/say/hello', headers: { accept: ACCEPT.html } })
  const json = await app.inject({ url: '/say/hello', headers: { accept: ACCEPT.json, 'if-none-match': html.headers.etag as string } })
  t.equal(json.statusCode, 200, 'the HTML ETag does not validate the JSON')
})

t.test('Cache-Control: private when Accept decides, public when the URL names its format', async (t) => {
  const app = await build(t)
  const cases: Array<[string, string, string]> = [
    ['/say/hello', ACCEPT.html, CACHE_NEGOTIATED],
    ['/say/hello', ACCEPT.json, CACHE_NEGOTIATED],
    ['/say/hello?format=json', ACCEPT.html, CACHE_NAMED_FORMAT],
    ['/say/hello?format=html', ACCEPT.json, CACHE_NAMED_FORMAT],
    ['/say/hello?format=png', '*/*', CACHE_NAMED_FORMAT],
    ['/cows', ACCEPT.json, CACHE_NEGOTIATED],
    ['/cows?format=text', ACCEPT.json, CACHE_NAMED_FORMAT],
    ['/', ACCEPT.html, CACHE_SHARED_PAGE]
  ]
  for (const [url, accept, policy] of cases) {
    const response = await app.inject({ url, headers: { accept } })
    t.equal(response.headers['cache-control'], policy, `${url} (${accept})`)
  }
  t.match(CACHE_NEGOTIATED, /^private\b/, 'no shared cache may keep a negotiated representation')
  t.notMatch(CACHE_NEGOTIATED, /s-maxage|public/)
  t.match(CACHE_NAMED_FORMAT, /^public\b.*s-maxage=\d+/)
})

t.test('nothing transient is cached', async (t) => {
  const app = await build(t)
  for (const [url, accept] of [['/say/x?width=0', ACCEPT.json], ['/nowhere', ACCEPT.html], ['/say/x', 'image/gif'], ['/say/x?cow=random', ACCEPT.html], ['/healthz', ACCEPT.json]] as const) {
    const response = await app.inject({ url, headers: { accept } })
    t.equal(response.headers['cache-control'], 'no-store', `${url}: ${response.statusCode} no-store`)
    t.notOk(response.headers.etag, `${url}: no ETag`)
  }
})

t.test('a cached page still follows the request origin', async (t) => {
  const app = await build(t)
  const a = await app.inject({ url: '/say/hello', headers: { accept: ACCEPT.json, host: 'a.test' } })
  const b = await app.inject({ url: '/say/hello', headers: { accept: ACCEPT.json, host: 'b.test' } })
  t.equal(a.json().permalink, 'http://a.test/say/hello')
  t.equal(b.json().permalink, 'http://b.test/say/hello')
  t.not(a.headers.etag, b.headers.etag)
})

t.test('text of a kilobyte or more goes gzipped to clients that accept it, with its own ETag', async (t) => {
  const app = await build(t)
  for (const [url, accept] of [['/cows', ACCEPT.html], ['/say/hello', ACCEPT.html], ['/', ACCEPT.html], ['/cows', ACCEPT.json], ['/say/hello?format=svg', ACCEPT.html]] as const) {
    const plain = await app.inject({ url, headers: { accept } })
    const zipped = await app.inject({ url, headers: { accept, 'accept-encoding': 'gzip, deflate, br' } })
    t.equal(plain.headers['content-encoding'], undefined, `${url} ${accept}: no Accept-Encoding, no compression`)
    t.equal(zipped.headers['content-encoding'], 'gzip', `${url} ${accept}: gzip when accepted`)
    t.same(gunzipSync(zipped.rawPayload), plain.rawPayload, `${url}: the same bytes once unzipped`)
    t.ok(zipped.rawPayload.length < plain.rawPayload.length / 2, `${url}: ${plain.rawPayload.length} bytes become ${zipped.rawPayload.length}`)
    for (const response of [plain, zipped]) t.match(response.headers.vary, /Accept-Encoding/, 'caches are told it depends on Accept-Encoding')
    t.not(zipped.headers.etag, plain.headers.etag, 'another representation, another ETag')
    t.match(zipped.headers.etag, /^"[A-Za-z0-9_-]{27}-gzip"$/)
    const revalidated = await app.inject({ url, headers: { accept, 'accept-encoding': 'gzip', 'if-none-match': zipped.headers.etag as string } })
    t.equal(revalidated.statusCode, 304, 'and it revalidates')
    const refused = await app.inject({ url, headers: { accept, 'accept-encoding': 'gzip;q=0, br' } })
    t.equal(refused.headers['content-encoding'], undefined, 'gzip;q=0 is a refusal')
  }
  const png = await app.inject({ url: '/say/hello?format=png', headers: { 'accept-encoding': 'gzip' } })
  t.equal(png.headers['content-encoding'], undefined, 'a PNG is compressed already')
  t.notMatch(png.headers.vary, /Accept-Encoding/)
  const small = await app.inject({ url: '/say/hi', headers: { accept: ACCEPT.text, 'accept-encoding': 'gzip' } })
  t.equal(small.headers['content-encoding'], undefined, 'a few hundred bytes are sent as they are')
})
