import t from 'tap'
import { readFileSync } from 'node:fs'
import { build } from '../helper.js'

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
