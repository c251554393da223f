import t from 'tap'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { ACCEPT, build } from '../helper.js'
import { CACHE_HOME, CACHE_NAMED_FORMAT, CACHE_NEGOTIATED, type CachePolicy } from '../../src/http/negotiation/caching.js'

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

t.test('Cache-Control: private when Accept decides, public when the URL names its format and PUBLIC_URL fixes the links', async (t) => {
  // Links from the Host: for that client alone, in every cache, and never in nginx's.
  const PRIVATE_NAMED: CachePolicy = { cacheControl: 'private, max-age=86400', cdnCacheControl: 'private', edgeSeconds: 0 }
  const PRIVATE_PAGE: CachePolicy = { cacheControl: 'private, max-age=600', cdnCacheControl: 'private', edgeSeconds: 0 }
  const PRIVATE_NEGOTIATED: CachePolicy = { cacheControl: 'private, max-age=3600', cdnCacheControl: 'private', edgeSeconds: 0 }
  // url, accept, policy with PUBLIC_URL, policy with links from the request's Host
  const cases: Array<[string, string, CachePolicy, CachePolicy]> = [
    ['/say/hello', ACCEPT.html, CACHE_NEGOTIATED, PRIVATE_NEGOTIATED],
    ['/say/hello', ACCEPT.json, CACHE_NEGOTIATED, PRIVATE_NEGOTIATED],
    ['/say/hello', ACCEPT.text, CACHE_NEGOTIATED, CACHE_NEGOTIATED],
    ['/say/hello?format=json', ACCEPT.html, CACHE_NAMED_FORMAT, PRIVATE_NAMED],
    ['/say/hello?format=html', ACCEPT.json, CACHE_NAMED_FORMAT, PRIVATE_NAMED],
    ['/say/hello?format=xml', ACCEPT.json, CACHE_NAMED_FORMAT, PRIVATE_NAMED],
    // No links in these: the same for every host.
    ['/say/hello?format=text', ACCEPT.json, CACHE_NAMED_FORMAT, CACHE_NAMED_FORMAT],
    ['/say/hello?format=svg', ACCEPT.json, CACHE_NAMED_FORMAT, CACHE_NAMED_FORMAT],
    ['/say/hello?format=png', '*/*', CACHE_NAMED_FORMAT, CACHE_NAMED_FORMAT],
    ['/cows', ACCEPT.json, CACHE_NEGOTIATED, CACHE_NEGOTIATED],
    ['/cows?format=text', ACCEPT.json, CACHE_NAMED_FORMAT, CACHE_NAMED_FORMAT],
    ['/cows?format=html', ACCEPT.json, CACHE_NAMED_FORMAT, PRIVATE_NAMED],
    ['/', ACCEPT.html, CACHE_HOME, PRIVATE_PAGE],
    // The usage text terminals get names the host too.
    ['/', ACCEPT.text, CACHE_HOME, PRIVATE_PAGE]
  ]
  const fixed = await build(t, { publicUrl: 'https://cowsay.example' })
  const fromHost = await build(t)
  const policyOf = (headers: Record<string, unknown>): CachePolicy => ({
    cacheControl: headers['cache-control'] as string,
    cdnCacheControl: headers['cdn-cache-control'] as string,
    edgeSeconds: Number(headers['x-accel-expires'] ?? 0)
  })
  for (const [url, accept, withPublicUrl, withoutIt] of cases) {
    const response = await fixed.inject({ url, headers: { accept } })
    t.same(policyOf(response.headers), withPublicUrl, `PUBLIC_URL set: ${url} (${accept})`)
    const forged = await fromHost.inject({ url, headers: { accept, host: 'forged.example' } })
    t.same(policyOf(forged.headers), withoutIt, `links from the Host: ${url} (${accept})`)
    if (/^public\b/.test(forged.headers['cache-control'] as string)) t.notMatch(forged.body, /forged\.example/, `${url}: nothing a shared cache keeps carries the request's host`)
    if (forged.headers['x-accel-expires'] !== undefined) t.notMatch(forged.body, /forged\.example/, `${url}: nothing nginx keeps carries the request's host`)
    if (/forged\.example/.test(forged.body)) t.equal(forged.headers['cdn-cache-control'], 'private', `${url}: no CDN keeps the forged host`)
  }
  const json = await fromHost.inject({ url: '/say/hello?format=json', headers: { host: 'forged.example' } })
  t.equal(json.json().permalink, 'http://forged.example/say/hello', 'the forged host is in the permalink ...')
  t.notMatch(json.headers['cache-control'], /public|s-maxage/, '... so no shared cache may keep it')
  t.match(CACHE_NEGOTIATED.cacheControl, /^private\b/, 'no shared cache may keep a negotiated representation')
  t.notMatch(CACHE_NEGOTIATED.cacheControl, /s-maxage|public/)
  t.equal(CACHE_NEGOTIATED.cdnCacheControl, 'private', 'nor a CDN, which keys on the URL alone')
  t.match(CACHE_NAMED_FORMAT.cacheControl, /^public\b.*s-maxage=\d+/)
  t.match(CACHE_NAMED_FORMAT.cdnCacheControl, /^public\b.*stale-if-error=\d+/, 'a CDN keeps named formats, and serves them while the app is down')
  t.equal(CACHE_HOME.cdnCacheControl, 'private', 'the home page is the form for browsers and a usage text for terminals: no CDN keeps it')
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

t.test('text of a kilobyte or more goes compressed, brotli where the client takes it, else gzip, each with its own ETag', async (t) => {
  const app = await build(t)
  const decode = { br: brotliDecompressSync, gzip: gunzipSync }
  // What the client accepts -> the coding it gets (or none).
  const choices: Array<[string, 'br' | 'gzip' | undefined]> = [
    ['gzip, deflate, br', 'br'],
    ['br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['gzip;q=1, br;q=0.5', 'gzip'],
    ['*', 'br'],
    ['br;q=0, *', 'gzip'],
    ['gzip;q=0, br;q=0', undefined],
    ['identity', undefined],
    ['deflate', undefined]
  ]
  for (const [url, accept] of [['/cows', ACCEPT.html], ['/say/hello', ACCEPT.html], ['/', ACCEPT.html], ['/cows', ACCEPT.json], ['/say/hello?format=svg', ACCEPT.html]] as const) {
    const plain = await app.inject({ url, headers: { accept } })
    t.equal(plain.headers['content-encoding'], undefined, `${url} ${accept}: no Accept-Encoding, no compression`)
    t.match(plain.headers.vary, /Accept-Encoding/, 'caches are told it depends on Accept-Encoding')
    const etags = new Set([plain.headers.etag])
    for (const [acceptEncoding, expected] of choices) {
      const response = await app.inject({ url, headers: { accept, 'accept-encoding': acceptEncoding } })
      t.equal(response.headers['content-encoding'], expected, `${url}: Accept-Encoding "${acceptEncoding}" gets ${expected ?? 'the body as it is'}`)
      t.match(response.headers.vary, /Accept-Encoding/)
      if (expected === undefined) {
        t.same(response.rawPayload, plain.rawPayload, 'the same bytes')
        t.equal(response.headers.etag, plain.headers.etag, 'and the same ETag')
        continue
      }
      t.same(decode[expected](response.rawPayload), plain.rawPayload, `${url}: ${expected} decodes to the same bytes`)
      t.ok(response.rawPayload.length < plain.rawPayload.length / 2, `${url}: ${plain.rawPayload.length} bytes become ${response.rawPayload.length}`)
      t.match(response.headers.etag, new RegExp(`^"[A-Za-z0-9_-]{27}-${expected}"$`), 'another representation, another ETag')
      etags.add(response.headers.etag)
      const revalidated = await app.inject({ url, headers: { accept, 'accept-encoding': acceptEncoding, 'if-none-match': response.headers.etag as string } })
      t.equal(revalidated.statusCode, 304, `${expected}: its own ETag revalidates`)
      t.equal(revalidated.headers['content-encoding'], expected)
      t.equal(revalidated.headers['content-type'], undefined, 'a 304 has no Content-Type')
      t.equal(revalidated.rawPayload.length, 0)
    }
    t.equal(etags.size, 3, `${url}: identity, brotli and gzip: three ETags`)
    const crossed = await app.inject({ url, headers: { accept, 'accept-encoding': 'gzip', 'if-none-match': plain.headers.etag as string } })
    t.equal(crossed.statusCode, 200, 'the identity ETag does not validate the gzipped body')
  }
  const png = await app.inject({ url: '/say/hello?format=png', headers: { 'accept-encoding': 'br, gzip' } })
  t.equal(png.headers['content-encoding'], undefined, 'a PNG is compressed already')
  t.notMatch(png.headers.vary, /Accept-Encoding/)
  const small = await app.inject({ url: '/say/hi', headers: { accept: ACCEPT.text, 'accept-encoding': 'br, gzip' } })
  t.equal(small.headers['content-encoding'], undefined, 'a few hundred bytes are sent as they are')
})

t.test('a 304 carries no Content-Type, whatever the representation', async (t) => {
  const app = await build(t)
  for (const [url, accept] of [['/say/hello', ACCEPT.text], ['/say/hello', ACCEPT.json], ['/say/hello?format=png', '*/*'], ['/', ACCEPT.html], ['/cows', ACCEPT.text]] as const) {
    const first = await app.inject({ url, headers: { accept } })
    const again = await app.inject({ url, headers: { accept, 'if-none-match': first.headers.etag as string } })
    t.equal(again.statusCode, 304, `${url} ${accept}`)
    t.equal(again.headers['content-type'], undefined, `${url} ${accept}: no Content-Type`)
    t.equal(again.headers.etag, first.headers.etag, 'the ETag it validated')
  }
})
