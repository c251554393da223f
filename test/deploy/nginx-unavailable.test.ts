import t from 'tap'
import { PUBLIC_DIR } from '../../src/paths.js'
import { ACCEPT } from '../helper.js'
import { NGINX, startNginx, type RunningNginx } from '../support/nginx.js'
import { ensureBuilt, startServer, type RunningServer } from '../support/node-server.js'
import { rawRequest, type ExactRequest } from '../support/raw-http.js'
import { whenInstalled } from '../support/tools.js'

/*
 * The project's nginx.conf (Debian's nginx) in front of two real app
 * processes that are stopped one after the other, as replicas are when they
 * restart or crash.
 */

whenInstalled(t, [NGINX], () => {
  let apps: RunningServer[] = []
  let nginx: RunningNginx
  const via = (request: ExactRequest): ReturnType<typeof rawRequest> => rawRequest(nginx.port, request, 20_000)

  t.before(async () => {
    ensureBuilt()
    apps = await Promise.all([startServer(), startServer()])
    nginx = await startNginx({ upstreams: apps.map((app) => `127.0.0.1:${app.port}`), staticRoot: PUBLIC_DIR })
  })

  t.teardown(async () => {
    await nginx?.stop()
    await Promise.all(apps.map((app) => app.stop()))
  })

  t.test('one replica down: the other answers every request', async (t) => {
    const [first] = apps
    t.equal(await first?.stop(), 0, 'the first app stopped cleanly')
    for (let index = 0; index < 10; index++) {
      const response = await via({ path: `/say/still-here-${index}`, headers: { accept: ACCEPT.text } })
      t.equal(response.status, 200, `request ${index + 1}`)
    }
  })

  t.test('every replica down: a friendly answer in the client\'s format, never cached', async (t) => {
    const [, second] = apps
    t.equal(await second?.stop(), 0, 'the second app stopped cleanly')

    const page = await via({ path: '/say/hello', headers: { accept: ACCEPT.html } })
    t.equal(page.status, 502)
    t.match(page.headers['content-type'], /^text\/html; charset=utf-8/)
    t.equal(page.headers['cache-control'], 'no-store')
    t.match(page.body, /<h1 id="error-title">Back in a moment<\/h1>/)
    t.match(page.body, /<link rel="stylesheet" href="\/static\/css\/site\.css">/, 'links the stylesheet by its plain name')
    t.notMatch(page.body, /<style|\sstyle=|<script/i, 'no inline style or script (the site\'s CSP forbids them)')
    t.notMatch(page.body, /<center>nginx/, 'not nginx\'s own page')

    const stylesheet = await via({ path: '/static/css/site.css' })
    t.equal(stylesheet.status, 200, 'the page\'s stylesheet is still served: nginx has it')

    const cases: Array<[string, Record<string, string>, RegExp, RegExp]> = [
      ['/say/hello', { accept: ACCEPT.json }, /^application\/json/, /^\{"statusCode":502,"error":"Bad Gateway","message":"The service is unavailable/],
      ['/say/hello?format=json', { accept: ACCEPT.html }, /^application\/json/, /^\{"statusCode":502,/],
      ['/say/hello', { accept: ACCEPT.text }, /^text\/plain/, /^502 Bad Gateway: the service is unavailable/],
      ['/say/hello?format=text', {}, /^text\/plain/, /^502 Bad Gateway: /],
      ['/cows', { accept: '*/*' }, /^text\/html/, /Back in a moment/],
      ['/', {}, /^text\/html/, /Back in a moment/]
    ]
    for (const [path, headers, type, body] of cases) {
      const response = await via({ path, headers })
      t.equal(response.status, 502, `${path} ${headers.accept ?? ''}: 502`)
      t.match(response.headers['content-type'], type, `${path} ${headers.accept ?? ''}: type`)
      t.match(response.body, body, `${path} ${headers.accept ?? ''}: body`)
      t.equal(response.headers['cache-control'], 'no-store', `${path} ${headers.accept ?? ''}: not cached`)
    }

    const post = await via({ path: '/slack/commands', method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: ACCEPT.json }, body: 'text=moo' })
    t.equal(post.status, 502, 'a POST too')
    t.match(post.body, /^\{"statusCode":502,/)
  })

  t.test('the unavailable answers are internal: no client can ask for them', async (t) => {
    for (const path of ['/_unavailable/html', '/_unavailable/json', '/_unavailable/']) {
      const response = await via({ path })
      t.equal(response.status, 404, path)
    }
  })
})
