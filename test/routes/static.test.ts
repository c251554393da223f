import t from 'tap'
import { readFileSync } from 'node:fs'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { build } from '../helper.js'

const PUBLIC_FILES: Array<[string, RegExp]> = [
  ['css/site.css', /^text\/css; charset=utf-8$/],
  ['css/ansi.css', /^text\/css; charset=utf-8$/],
  ['js/copy.js', /^text\/javascript; charset=utf-8$/],
  ['img/favicon.svg', /^image\/svg\+xml$/],
  ['errors/unavailable.html', /^text\/html; charset=utf-8$/]
]

t.test('GET /static/* serves public/ by fingerprinted name, cached for a year', async (t) => {
  const app = await build(t)
  const page = (await app.inject({ url: '/' })).body
  const css = /href="(\/static\/css\/site\.[0-9a-f]{10}\.css)"/.exec(page)?.[1]
  t.ok(css, 'the page links the fingerprinted stylesheet')
  const response = await app.inject({ url: css as string })
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /^text\/css/)
  t.match(response.headers['cache-control'], /max-age=31536000.*immutable/)
  t.equal(response.body, readFileSync(new URL('../../public/css/site.css', import.meta.url), 'utf8'))

  const plain = await app.inject({ url: '/static/css/site.css' })
  t.equal(plain.statusCode, 200)
  t.match(plain.headers['cache-control'], /max-age=3600/)
  t.notMatch(plain.headers['cache-control'], /immutable/)
})

t.test('nothing outside the manifest is served', async (t) => {
  const app = await build(t)
  for (const url of ['/static/../package.json', '/static/%2E%2E/package.json', '/static/..%2Fsrc%2Fapp.ts', '/static/css/nope.css', '/static/', '/static/css/SITE.css', '/static//etc/passwd']) {
    const response = await app.inject({ url, headers: { accept: 'application/json' } })
    t.equal(response.statusCode, url.includes('/../') ? 404 : 404, url)
    t.notMatch(response.body, /"name": "cowsay-as-a-service"|root:x:0/, `${url}: no file leaked`)
  }
})

t.test('GET /static/*: each file as it is on disk, with its type, a strong ETag and 304 for it', async (t) => {
  const app = await build(t)
  for (const [file, type] of PUBLIC_FILES) {
    const onDisk = readFileSync(new URL(`../../public/${file}`, import.meta.url))
    const response = await app.inject({ url: `/static/${file}` })
    t.equal(response.statusCode, 200, file)
    t.match(response.headers['content-type'], type, `${file}: its type`)
    t.same(response.rawPayload, onDisk, `${file}: the bytes on disk`)
    const etag = String(response.headers.etag)
    t.match(etag, /^"[0-9a-f]+"$/, `${file}: a strong ETag`)
    const again = await app.inject({ url: `/static/${file}`, headers: { 'if-none-match': etag } })
    t.equal(again.statusCode, 304, `${file}: 304 for its ETag`)
    t.equal(again.body, '')
    const head = await app.inject({ method: 'HEAD', url: `/static/${file}` })
    t.equal(head.statusCode, 200, `${file}: HEAD`)
    t.equal(head.body, '')
  }
})

t.test('GET /static/*: compressed for a client that takes it, the same bytes once decoded, an ETag per encoding', async (t) => {
  const app = await build(t)
  const css = readFileSync(new URL('../../public/css/site.css', import.meta.url))
  const identity = await app.inject({ url: '/static/css/site.css' })
  t.match(identity.headers.vary, /Accept-Encoding/)
  const decoders = { br: brotliDecompressSync, gzip: gunzipSync }
  for (const [encoding, decode] of Object.entries(decoders)) {
    const response = await app.inject({ url: '/static/css/site.css', headers: { 'accept-encoding': encoding } })
    t.equal(response.headers['content-encoding'], encoding)
    t.same(decode(response.rawPayload), css, `${encoding} decodes to the file`)
    t.not(response.headers.etag, identity.headers.etag, `${encoding}: an ETag of its own`)
    t.match(response.headers['cache-control'], /max-age=3600/)
    const again = await app.inject({ url: '/static/css/site.css', headers: { 'accept-encoding': encoding, 'if-none-match': String(response.headers.etag) } })
    t.equal(again.statusCode, 304, `${encoding}: 304 for its ETag`)
  }
  const refused = await app.inject({ url: '/static/css/site.css', headers: { 'accept-encoding': 'br;q=0, gzip;q=0' } })
  t.equal(refused.headers['content-encoding'], undefined, 'q=0 refuses both')
  t.same(refused.rawPayload, css)
})
