import t from 'tap'
import { build } from '../helper.js'
import { CACHE_SHARED_PAGE } from '../../src/http/negotiation/caching.js'

t.test('GET /openapi.json describes the JSON API from the route schemas', async (t) => {
  const app = await build(t)
  const response = await app.inject({ url: '/openapi.json' })
  t.equal(response.statusCode, 200)
  const doc = response.json()
  t.match(doc.openapi, /^3\./)
  t.equal(doc.info.title, 'Cowsay as a Service')
  for (const path of ['/say', '/think', '/cows', '/healthz']) t.ok(doc.paths[path], `documents ${path}`)
  const resultPath = Object.keys(doc.paths).find((path) => path.startsWith('/say/'))
  t.ok(resultPath, 'documents the result page')
  const get = doc.paths[resultPath as string].get
  const names = get.parameters.map((p: { name: string }) => p.name)
  for (const name of ['cow', 'mode', 'eyes', 'tongue', 'width', 'nowrap', 'format']) t.ok(names.includes(name), `parameter ${name}`)
  const json = get.responses['200'].content['application/json'].schema
  for (const field of ['text', 'action', 'cow', 'mode', 'eyes', 'tongue', 'width', 'nowrap', 'output', 'lines', 'permalink']) {
    t.ok(json.properties[field], `response field ${field}`)
  }
  t.ok(get.responses['200'].content['text/plain'], 'plain text is documented')
  t.ok(get.responses['400'], 'errors are documented')
  t.notOk(doc.paths['/'], 'pages for people are not in the API document')
})

t.test('GET /openapi.json lists pictures for results only', async (t) => {
  const app = await build(t)
  const doc = (await app.inject({ url: '/openapi.json' })).json()
  const resultPath = Object.keys(doc.paths).find((path) => path.startsWith('/think/')) as string
  for (const path of [resultPath, '/say']) {
    const content = doc.paths[path].get.responses['200'].content
    t.same(Object.keys(content).sort(), ['application/json', 'application/xml', 'image/png', 'image/svg+xml', 'text/html', 'text/plain'], `${path}: every representation`)
    t.equal(content['image/png'].schema.format, 'binary', `${path}: the PNG is binary`)
    const format = doc.paths[path].get.parameters.find((p: { name: string }) => p.name === 'format')
    t.same(format.schema.enum, ['html', 'json', 'text', 'xml', 'svg', 'png', 'card'], `${path}: ?format= offers the pictures and the link-preview card`)
  }
  const cows = doc.paths['/cows'].get
  t.notOk(cows.responses['200'].content['image/png'], '/cows has no picture')
  t.same(cows.parameters.find((p: { name: string }) => p.name === 'format').schema.enum, ['html', 'json', 'text', 'xml'])
})

t.test('POST /say and /think document their body as optional, as an empty POST says "moo"', async (t) => {
  const app = await build(t)
  const doc = (await app.inject({ url: '/openapi.json' })).json()
  for (const path of ['/say', '/think']) {
    const body = doc.paths[path].post.requestBody
    t.equal(body.required, false, `${path}: the body may be left out`)
    t.same(Object.keys(body.content).sort(), ['application/json', 'application/x-www-form-urlencoded'], `${path}: JSON or a form`)
    t.notOk('x-body-optional' in doc.paths[path].post, `${path}: the marker does not reach the document`)
    const empty = await app.inject({ method: 'POST', url: path, headers: { accept: 'application/json' } })
    t.equal(empty.statusCode, 200, `${path}: an empty POST is answered`)
    t.equal(empty.json().text, 'moo', `${path}: with a cow saying moo`)
  }
})

t.test('GET /openapi.json has an ETag and a Cache-Control, and answers If-None-Match with 304', async (t) => {
  const app = await build(t)
  const first = await app.inject({ url: '/openapi.json' })
  t.match(first.headers['content-type'], /^application\/json/)
  t.match(first.headers.etag, /^"[A-Za-z0-9_-]{27}"$/, 'a strong ETag')
  t.equal(first.headers['cache-control'], CACHE_SHARED_PAGE.cacheControl, 'the same document for everyone')
  t.equal(first.headers['cdn-cache-control'], CACHE_SHARED_PAGE.cdnCacheControl, 'in CDNs too')
  const again = await app.inject({ url: '/openapi.json', headers: { 'if-none-match': first.headers.etag as string } })
  t.equal(again.statusCode, 304)
  t.equal(again.headers['content-type'], undefined)
  const compressed = await app.inject({ url: '/openapi.json', headers: { 'accept-encoding': 'gzip' } })
  t.equal(compressed.headers['content-encoding'], 'gzip', 'and it travels compressed')
})
