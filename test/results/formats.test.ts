import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { FORMAT_LIST } from '../../src/results/formats.js'
import { isCompressible } from '../../src/http/negotiation/caching.js'
import { build } from '../helper.js'
import { ROOT } from '../support/node-server.js'

// Each representation is declared once (src/results/formats.ts); this suite holds every place
// that serves or names one to its declaration, so a format added there is served everywhere,
// and one that a route forgets fails here.

const app = await build(t)
const openapi = JSON.parse((await app.inject('/openapi.json')).body)
const RESULT_PATH = Object.keys(openapi.paths).find((path) => path.startsWith('/say/')) ?? '/say/{*}'
const documented = (path: string): string[] => Object.keys(openapi.paths[path]?.get.responses['200'].content ?? {})
const resultPage = (await app.inject({ url: '/say/hello', headers: { accept: 'text/html' } })).body

/** The media types an nginx.conf directive lists. */
const nginx = readFileSync(join(ROOT, 'nginx.conf'), 'utf8')
const nginxList = (directive: string): string[] => new RegExp(`^\\s*${directive}\\s+([^;]+);`, 'm').exec(nginx)?.[1]?.split(/\s+/) ?? []

/** The API page's row for `?format=`, which names every format. */
const formatRow = /^\| `format` \|.*$/m.exec(readFileSync(join(ROOT, 'docs/api.md'), 'utf8'))?.[0] ?? ''

// Long enough that every representation of it is past the kilobyte below which nothing is compressed.
const LONG = encodeURIComponent('Moo, said the cow, and the words went on. '.repeat(20))

for (const format of FORMAT_LIST) {
  t.test(`${format.name} (${format.mediaType})`, async (t) => {
    const result = await app.inject({ url: `/say/hello?format=${format.name}` })
    if (format.serves.includes('result')) {
      t.equal(result.statusCode, 200, 'a result is served in it')
      t.equal(result.headers['content-type'], format.contentType, 'with its declared Content-Type')
      t.ok(documented(RESULT_PATH).includes(format.mediaType), 'the OpenAPI document lists it for results')
      const long = await app.inject({ url: `/say/${LONG}?format=${format.name}`, headers: { 'accept-encoding': 'gzip' } })
      t.ok(long.rawPayload.length >= 1024 || long.headers['content-encoding'] !== undefined, 'a long result is past the size compression starts at')
      t.equal(long.headers['content-encoding'] === 'gzip', format.compressible, format.compressible ? 'compressed' : 'not compressed')
    } else {
      t.equal(result.statusCode, 400, 'results refuse it by name')
    }

    const list = await app.inject({ url: `/cows?format=${format.name}` })
    if (format.serves.includes('list')) {
      t.equal(list.statusCode, 200, 'the list of cows is served in it')
      t.equal(list.headers['content-type'], format.contentType)
      t.ok(documented('/cows').includes(format.mediaType), 'the OpenAPI document lists it for /cows')
    } else {
      t.equal(list.statusCode, 400, '/cows refuses it by name')
      t.notOk(documented('/cows').includes(format.mediaType) && !FORMAT_LIST.some((other) => other.mediaType === format.mediaType && other.serves.includes('list')), 'nor documents it')
    }

    const missing = await app.inject({ url: `/no-such-page?format=${format.name}` })
    t.equal(missing.statusCode, 404)
    t.equal(missing.headers['content-type'], format.serves.includes('error') ? format.contentType : 'text/plain; charset=utf-8',
      format.serves.includes('error') ? 'an error is answered in it' : 'an error asked for in it is plain text')

    t.match(formatRow, `\`${format.name}\``, 'docs/api.md\'s `format` row names it')
    t.equal(isCompressible(format.contentType), format.compressible, 'the compression policy follows the declaration')
    if (format.alternate !== undefined) {
      t.match(resultPage, `<link rel="alternate" type="${format.mediaType}" href="/say/hello?format=${format.name}">`, 'a result page links to it as an alternate')
      t.match(resultPage, `<a href="/say/hello?format=${format.name}">${format.alternate}</a>`, 'and offers it by name')
    }
    if (format.mediaType !== 'text/html') {
      // nginx always compresses and labels text/html; every other type must be listed.
      t.equal(nginxList('gzip_types').includes(format.mediaType), format.compressible, 'nginx.conf\'s gzip_types agrees')
      if (format.contentType.includes('charset=')) t.ok(nginxList('charset_types').includes(format.mediaType), 'nginx.conf\'s charset_types lists it')
    }
  })
}
