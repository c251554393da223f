import t from 'tap'
import { chmodSync, cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { PUBLIC_DIR } from '../../src/paths.js'
import { AssetManifest } from '../../src/http/rendering/assets.js'
import { ACCEPT, build } from '../helper.js'
import { NGINX, startNginx, type RunningNginx } from '../support/nginx.js'
import { ensureBuilt, startServer, type LoggedRequest, type RunningServer } from '../support/node-server.js'
import { rawRequest, type ExactRequest } from '../support/raw-http.js'
import { whenInstalled } from '../support/tools.js'

/*
 * The project's nginx.conf, run by Debian's real nginx in front of two real
 * `node dist/server.js` processes, everything on loopback. The apps trust
 * loopback as docker-compose.yml's trust uniquelocal: a range that holds nginx
 * and may hold clients too. test/support/nginx.ts changes only the listen
 * address, the upstream servers, the static root and the cache's folder.
 */

const HEX32 = /^[0-9a-f]{32}$/
// The same types under two registered names: nginx's list and the app's (mime).
const SAME_TYPE: Record<string, string> = { 'image/x-icon': 'image/vnd.microsoft.icon' }

function publicFiles (): string[] {
  return readdirSync(PUBLIC_DIR, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => relative(PUBLIC_DIR, join(entry.parentPath, entry.name)).split(sep).join('/'))
}

const essence = (type: string | undefined): string => {
  const bare = (type ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  return SAME_TYPE[bare] ?? bare
}
const charset = (type: string | undefined): string | undefined => /charset=([^;\s]+)/i.exec(type ?? '')?.[1]?.toLowerCase()

whenInstalled(t, [NGINX], () => {
  let apps: RunningServer[] = []
  let nginx: RunningNginx
  let staticRoot: string
  const via = (request: ExactRequest): ReturnType<typeof rawRequest> => rawRequest(nginx.port, request, 20_000)
  /** What reached either app, once their logs have caught up. */
  const appRequests = async (): Promise<LoggedRequest[]> => {
    await Promise.all(apps.map((app) => app.settle()))
    return apps.flatMap((app) => app.requests())
  }
  // Every /static/ path this suite asked nginx for that it must answer itself.
  const staticPaths: string[] = []

  t.before(async () => {
    ensureBuilt()
    // A copy of public/, so that a test can put a file in it that must never be served.
    staticRoot = mkdtempSync(join(tmpdir(), 'cowsay-public-'))
    chmodSync(staticRoot, 0o755) // nginx's workers run as an unprivileged user
    cpSync(PUBLIC_DIR, staticRoot, { recursive: true })
    writeFileSync(join(staticRoot, '.env'), 'SECRET=from-a-dotfile\n')
    writeFileSync(join(staticRoot, 'css', '.hidden.css'), 'secret {}\n')
    apps = await Promise.all([startServer({ env: { TRUST_PROXY: 'loopback' } }), startServer({ env: { TRUST_PROXY: 'loopback' } })])
    nginx = await startNginx({ upstreams: apps.map((app) => `127.0.0.1:${app.port}`), staticRoot })
  })

  t.teardown(async () => {
    await nginx?.stop()
    await Promise.all(apps.map((app) => app.stop()))
    if (staticRoot !== undefined) rmSync(staticRoot, { recursive: true, force: true })
  })

  t.test('GET /static/*: every file in public/, by plain and fingerprinted name, from nginx', async (t) => {
    const app = await build(t)
    const assets = new AssetManifest(PUBLIC_DIR)
    const files = publicFiles()
    t.ok(files.length >= 4, `public/ has files: ${files.join(', ')}`)
    for (const file of files) {
      const fingerprinted = assets.url(file)
      const plain = `/static/${file}`
      const fromApp = await app.inject({ url: plain })
      for (const [path, cacheControl] of [[fingerprinted, 'public, max-age=31536000, immutable'], [plain, 'public, max-age=3600']]) {
        const response = await via({ path, headers: { 'accept-encoding': 'identity' } })
        staticPaths.push(path)
        t.equal(response.status, 200, `${path}: 200`)
        t.same(response.bytes, readFileSync(join(PUBLIC_DIR, file)), `${path}: the file's bytes`)
        t.equal(response.headers['cache-control'], cacheControl, `${path}: cache-control`)
        t.equal(response.headers['x-content-type-options'], 'nosniff', `${path}: nosniff`)
        t.equal(essence(response.headers['content-type']), essence(fromApp.headers['content-type'] as string), `${path}: the type the app gives (${response.headers['content-type']})`)
        if (charset(fromApp.headers['content-type'] as string) !== undefined) {
          t.equal(charset(response.headers['content-type']), 'utf-8', `${path}: charset`)
        }
      }
    }
  })

  t.test('GET /static/*: compressed for clients that accept gzip', async (t) => {
    const response = await via({ path: '/static/css/site.css', headers: { 'accept-encoding': 'gzip' } })
    t.equal(response.headers['content-encoding'], 'gzip')
    t.match(response.headers.vary, /Accept-Encoding/)
    t.equal(gunzipSync(response.bytes).toString(), readFileSync(join(PUBLIC_DIR, 'css/site.css'), 'utf8'))
  })

  t.test('GET /static/*: no hidden file, no missing file, nothing outside public/', async (t) => {
    const secrets = /SECRET=from-a-dotfile|secret \{\}|"name": "cowsay-as-a-service"|root:x:0/
    const missing = ['/static/.env', '/static/css/.hidden.css', '/static/css/.hidden.0123456789.css', '/static/nope.css',
      '/static/css/nope.0123456789.css', '/static//etc/passwd']
    staticPaths.push(...missing)
    // nginx resolves these to paths outside /static/ and hands them to the app, which knows no such file.
    const traversals = ['/static/../package.json', '/static/%2E%2E/package.json', '/static/..%2Fpackage.json',
      '/static/css/..%2F..%2F..%2F..%2Fetc%2Fpasswd', '/static/%2e%2e%2f%2e%2e%2fnginx.conf']
    for (const path of [...missing, ...traversals]) {
      const response = await via({ path })
      t.ok(response.status === 404 || response.status === 400, `${path}: ${response.status}`)
      t.notMatch(response.body, secrets, `${path}: nothing leaked`)
    }
  })

  t.test('static requests never reach Node; pages do', async (t) => {
    t.ok(staticPaths.length > 10, `${staticPaths.length} static requests so far`)
    const reached = (await appRequests()).filter((request) => staticPaths.includes(request.url))
    t.same(reached, [], 'none of them in either app log')
    const before = (await appRequests()).length
    const page = await via({ path: '/say/counted', headers: { accept: ACCEPT.text } })
    t.equal(page.status, 200)
    t.equal((await appRequests()).length, before + 1, 'a page request does reach an app, and is counted')
    t.ok(nginx.accessLog().some((line) => line.request.startsWith('GET /static/css/site.css ') && line.upstream === ''),
      "nginx's log shows static requests with no upstream")
  })

  t.test('pages, JSON, text and XML through the proxy', async (t) => {
    const home = await via({ path: '/', headers: { accept: ACCEPT.html, 'accept-encoding': 'gzip' } })
    t.equal(home.status, 200)
    t.match(home.headers['content-type'], /^text\/html; charset=utf-8/)
    t.equal(home.headers['content-encoding'], 'gzip', 'proxied pages are compressed too')
    t.match(gunzipSync(home.bytes).toString(), /<form[^>]+action="\/say"/)
    t.match(home.headers['content-security-policy'], /script-src 'self'/, "the app's headers pass through")

    const cases: Array<[string, Record<string, string>, RegExp, RegExp]> = [
      ['/say/hello', { accept: ACCEPT.html }, /^text\/html/, /<pre[^>]*>[\s\S]*&lt; hello &gt;/],
      ['/say/hello', { accept: ACCEPT.json }, /^application\/json/, /"output":" _______\\n< hello >/],
      ['/say/hello', { accept: ACCEPT.text }, /^text\/plain/, /^ _______\n< hello >\n/],
      ['/say/hello', { accept: ACCEPT.xml }, /^application\/xml/, /<text[^>]*>hello<\/text>/],
      ['/think/hmm?format=json&cow=tux', {}, /^application\/json/, /"action":"think","cow":"tux"/],
      ['/cows', { accept: ACCEPT.json }, /^application\/json/, /"cows":\[/],
      ['/healthz', {}, /^application\/json/, /^\{"status":"ok"\}$/],
      ['/openapi.json', {}, /^application\/json/, /"openapi":"3/],
      ['/no/such/page', { accept: ACCEPT.json }, /^application\/json/, /"statusCode":404,"error":"Not Found"/],
      ['/say/bad?width=1', { accept: ACCEPT.text }, /^text\/plain/, /^400 Bad Request: Invalid query parameter "width"/]
    ]
    for (const [path, headers, type, body] of cases) {
      const response = await via({ path, headers })
      t.equal(response.status, path.startsWith('/no/') ? 404 : path.includes('width=1') ? 400 : 200, `${path} ${headers.accept ?? ''}: status`)
      t.match(response.headers['content-type'], type, `${path} ${headers.accept ?? ''}: type`)
      t.match(response.body, body, `${path} ${headers.accept ?? ''}: body (the app's own, errors included)`)
    }
  })

  t.test('messages with %2F, ?, #, %, + and dot segments reach the app untouched', async (t) => {
    const cases: Array<[path: string, text: string]> = [
      ['/say/a%2Fb', 'a/b'],
      ['/say/a/b', 'a/b'],
      ['/say/why%3F', 'why?'],
      ['/say/%23hashtag', '#hashtag'],
      ['/say/100%25', '100%'],
      ['/say/%2525', '%25'],
      ['/say/1+1%3D2', '1+1=2'],
      ['/say/a%20b%0Ac', 'a b\nc'],
      ['/say/%2E%2E%2Fx', '../x'],
      ['/say?text=%2E%2E', '..'],
      ['/say?text=%2E%2E%2F%2E%2E%2Fx', '../../x'],
      ['/think/%F0%9F%90%84%20%E4%BD%A0%E5%A5%BD', '🐄 你好']
    ]
    for (const [path, text] of cases) {
      const response = await via({ path, headers: { accept: ACCEPT.json } })
      t.equal(response.status, 200, `${path}: 200`)
      t.equal((JSON.parse(response.body) as { text: string }).text, text, `${path}: the app read ${JSON.stringify(text)}`)
      t.ok((await appRequests()).some((request) => request.url === path), `${path}: the app received exactly this URI`)
    }
  })

  t.test('the longest message: 1,000 four-byte characters, even with a Referer as long', async (t) => {
    const cow = '🐄'
    const longest = `/say/${encodeURIComponent(cow.repeat(1000))}`
    t.ok(longest.length > 12_000, `a ${longest.length}-byte request target`)
    const headers = { accept: ACCEPT.json, referer: `http://cowsay.test${longest}`, 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) test' }
    const response = await via({ path: longest, headers })
    t.equal(response.status, 200)
    t.equal([...(JSON.parse(response.body) as { text: string }).text].length, 1000, 'all 1,000 characters arrived')

    const page = await via({ path: longest, headers: { ...headers, accept: ACCEPT.html } })
    t.equal(page.status, 200, 'the HTML page too')

    const tooLong = await via({ path: longest + encodeURIComponent(cow), headers: { accept: ACCEPT.json } })
    t.equal(tooLong.status, 414, "one more is the app's 414, not nginx's")
    t.match(JSON.parse(tooLong.body), { message: /limit is 1000/ })

    const form = await via({ path: `/say?text=${encodeURIComponent(cow.repeat(1000))}&cow=tux`, headers: { accept: ACCEPT.json } })
    t.equal(form.status, 303, 'the form URL (the text in the query) redirects to the result')
    t.ok(form.headers.location === `${longest}?cow=tux`, 'to the canonical path with the whole text')
  })

  t.test("the app sees the client's address, scheme, host and nginx's request id, not forged ones", async (t) => {
    const response = await via({
      path: '/say/who?format=json',
      localAddress: '127.0.0.7',
      headers: {
        host: 'cowsay.test:8080',
        'x-forwarded-for': '203.0.113.9',
        'x-forwarded-host': 'evil.example',
        'x-forwarded-proto': 'https',
        'x-request-id': 'forged-id'
      }
    })
    t.equal(response.status, 200)
    t.equal((JSON.parse(response.body) as { permalink: string }).permalink, 'http://cowsay.test:8080/say/who',
      'the share link has the scheme and host the user sees')
    t.equal(response.headers['strict-transport-security'], undefined, 'no HSTS: the client did not use HTTPS')
    const seen = (await appRequests()).find((request) => request.url === '/say/who?format=json')
    t.equal(seen?.remoteAddress, '127.0.0.7', "the app logs the client's address, not nginx's (127.0.0.1) or a forged one")
    t.match(seen?.reqId, HEX32, "the request id is nginx's")
    const logged = nginx.accessLog().find((line) => line.request.startsWith('GET /say/who?format=json '))
    t.equal(logged?.request_id, seen?.reqId, "the same id in nginx's log and the app's")
    t.equal(logged?.remote_addr, '127.0.0.7')
  })

  t.test('nginx hides its version', async (t) => {
    for (const path of ['/static/css/site.css', '/static/missing.css', '/say/hi']) {
      const response = await via({ path })
      t.equal(response.headers.server, 'nginx', `${path}: Server header`)
      t.notMatch(response.body, /nginx\/\d/, `${path}: body`)
    }
  })

  t.test('two app processes behind one nginx both receive traffic, over kept-alive connections', async (t) => {
    const count = 20
    for (let index = 0; index < count; index++) {
      const response = await via({ path: `/say/spread-${index}`, headers: { accept: ACCEPT.text } })
      t.equal(response.status, 200, `request ${index}`)
    }
    await appRequests()
    const received = apps.map((app) => app.requests().filter((request) => request.url.startsWith('/say/spread-')))
    t.equal(received.flat().length, count, `every request reached an app: ${received.map((list) => list.length).join(' + ')}`)
    for (const [index, list] of received.entries()) t.ok(list.length > 0, `app ${index + 1} received ${list.length}`)
    const ports = new Set(received.flat().map((request) => request.remotePort))
    t.ok(ports.size < count, `HTTP/1.1 keep-alive to the apps: ${count} requests over ${ports.size} connections`)
  })

  t.test('JSON clients never get HTML and browsers never get JSON, whatever came before', async (t) => {
    const path = '/say/alternating'
    const sequence = ['json', 'html', 'json', 'text', 'html', 'html', 'json', 'xml', 'text', 'json'] as const
    for (const [index, format] of sequence.entries()) {
      const response = await via({ path, headers: { accept: ACCEPT[format], 'accept-encoding': 'gzip' } })
      const body = response.headers['content-encoding'] === 'gzip' ? gunzipSync(response.bytes).toString() : response.body
      const expected = { json: /^application\/json/, html: /^text\/html/, text: /^text\/plain/, xml: /^application\/xml/ }[format]
      t.match(response.headers['content-type'], expected, `request ${index + 1} (${format}): type`)
      t.match(body, { json: /^\{"text":"alternating"/, html: /^<!doctype html>/, text: /^ _+\n< alternating >/, xml: /^<\?xml/ }[format],
        `request ${index + 1} (${format}): body`)
      t.match(response.headers.vary, /Accept(?!-)/, `request ${index + 1}: Vary: Accept`)
    }
  })

  t.test('bodies over the limit stop at nginx', async (t) => {
    const before = (await appRequests()).length
    const response = await via({ path: '/slack/commands', method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'text=' + 'a'.repeat(100_000) })
    t.equal(response.status, 413)
    t.equal((await appRequests()).length, before, 'the app never saw it')
  })

  t.test('a client that sends one byte a second is cut off by nginx, as is an idle one', async (t) => {
    const request = 'GET /say/drip HTTP/1.1\r\nHost: cowsay.test\r\nUser-Agent: a-very-slow-client\r\nAccept: text/plain\r\n\r\n'
    const drip = (bytesPerSecond: number): Promise<{ sent: number, received: string, seconds: number }> => new Promise((resolve, reject) => {
      const started = Date.now()
      const socket = connect(nginx.port, '127.0.0.1')
      let sent = 0
      let received = ''
      const timer = setInterval(() => {
        if (bytesPerSecond > 0 && sent < request.length) socket.write(request.slice(sent, ++sent))
      }, 1000)
      // Far longer than nginx should take; the request itself would take over 80 s.
      const giveUp = setTimeout(() => { socket.destroy(); reject(new Error('nginx kept the connection open for 40 s')) }, 40_000)
      socket.on('data', (chunk: Buffer) => { received += chunk.toString() })
      socket.on('error', () => {})
      socket.on('close', () => {
        clearInterval(timer)
        clearTimeout(giveUp)
        resolve({ sent, received, seconds: (Date.now() - started) / 1000 })
      })
    })
    const [slow, idle] = await Promise.all([drip(1), drip(0)])
    t.ok(slow.sent < request.length, `the slow client was cut off after ${slow.sent} of ${request.length} bytes (${slow.seconds} s)`)
    t.equal(slow.received, '', 'and got no response')
    t.equal(idle.received, '', `the idle connection was closed (${idle.seconds} s)`)
    t.notOk((await appRequests()).some((seen) => seen.url === '/say/drip'), 'the app never saw the request')
  })
})
