import t from 'tap'
import { stripAnsi } from '../../src/cowsay/sgr.js'
import { DEFAULT_OPTIONS, OPTION_LIST, renderCow } from '../../src/cowsay/index.js'
import { ACCEPT, build } from '../helper.js'
import { BROWSERS, TERMINAL_CLIENTS, type Client } from '../support/user-agents.js'

const ESC = '\u001B'
const headersOf = (client: Client): Record<string, string> =>
  client.accept === undefined ? { 'user-agent': client.userAgent } : { 'user-agent': client.userAgent, accept: client.accept }
const CURL = headersOf(TERMINAL_CLIENTS[0] as Client)
const draw = (text: string, options: Partial<typeof DEFAULT_OPTIONS> = {}): string => renderCow(text, { ...DEFAULT_OPTIONS, ...options })

t.test('GET /say/:text: command-line clients get plain text, browsers the page', async (t) => {
  const app = await build(t)
  for (const client of TERMINAL_CLIENTS) {
    const response = await app.inject({ url: '/say/hello', headers: headersOf(client) })
    t.equal(response.headers['content-type'], 'text/plain; charset=utf-8', `${client.name}: text`)
    t.equal(response.body, draw('hello'), `${client.name}: the drawing itself`)
    t.match(response.headers.vary, /^Accept, User-Agent(, Accept-Encoding)?$/, `${client.name}: Vary says the agent decided`)
  }
  for (const client of BROWSERS) {
    const response = await app.inject({ url: '/say/hello', headers: headersOf(client) })
    t.equal(response.headers['content-type'], 'text/html; charset=utf-8', `${client.name}: HTML`)
    t.match(response.headers.vary, /^Accept, User-Agent(, Accept-Encoding)?$/, `${client.name}: Vary`)
  }
  const anonymous = await app.inject({ url: '/say/hello', headers: { accept: '*/*' } })
  t.equal(anonymous.headers['content-type'], 'text/html; charset=utf-8', 'no User-Agent: HTML, as before')
})

t.test('an explicit Accept or ?format= wins for every client', async (t) => {
  const app = await build(t)
  const clients = [...TERMINAL_CLIENTS, ...BROWSERS]
  for (const client of clients) {
    for (const [accept, type] of [[ACCEPT.json, 'application/json'], [ACCEPT.xml, 'application/xml'], ['text/html', 'text/html'], ['image/svg+xml', 'image/svg+xml'], ['application/json, */*;q=0.5', 'application/json']]) {
      const response = await app.inject({ url: '/say/hello', headers: { 'user-agent': client.userAgent, accept } })
      t.equal(String(response.headers['content-type']).split(';')[0], type, `${client.name}, Accept ${accept}`)
    }
    const html = await app.inject({ url: '/say/hello?format=html', headers: headersOf(client) })
    t.equal(html.headers['content-type'], 'text/html; charset=utf-8', `${client.name}, ?format=html`)
    t.match(html.headers.vary, /^Accept(, Accept-Encoding)?$/, `${client.name}: a named format depends on no header but Accept, as before`)
    const text = await app.inject({ url: '/say/hello?format=text', headers: headersOf(client) })
    t.equal(text.headers['content-type'], 'text/plain; charset=utf-8', `${client.name}, ?format=text`)
  }
})

t.test('the text and the page of one URL have their own ETags, and each revalidates', async (t) => {
  const app = await build(t)
  const text = await app.inject({ url: '/say/etag', headers: CURL })
  const page = await app.inject({ url: '/say/etag', headers: headersOf(BROWSERS[0] as Client) })
  t.ok(text.headers.etag)
  t.not(text.headers.etag, page.headers.etag)
  const again = await app.inject({ url: '/say/etag', headers: { ...CURL, 'if-none-match': String(text.headers.etag) } })
  t.equal(again.statusCode, 304)
  const crossed = await app.inject({ url: '/say/etag', headers: { ...headersOf(BROWSERS[0] as Client), 'if-none-match': String(text.headers.etag) } })
  t.equal(crossed.statusCode, 200, 'the text\'s ETag does not validate the page')
})

t.test('GET / for a terminal is a short usage text with the service\'s own absolute URLs', async (t) => {
  const app = await build(t, { publicUrl: 'https://cowsay.example' })
  for (const client of TERMINAL_CLIENTS) {
    const response = await app.inject({ url: '/', headers: headersOf(client) })
    t.equal(response.headers['content-type'], 'text/plain; charset=utf-8', client.name)
    t.match(response.headers.vary, /^Accept, User-Agent(, Accept-Encoding)?$/)
  }
  const help = (await app.inject({ url: '/', headers: CURL })).body
  t.ok(help.split('\n').every((line) => line.length <= 80), 'fits a terminal')
  for (const expected of [
    /curl https:\/\/cowsay\.example\/say\/Hello/, /curl 'https:\/\/cowsay\.example\/think\//, /--json '\{"text"/, /--data-urlencode/,
    /^ {2}cow +A cow from \/cows/m, /^ {2}width +/m, /^ {2}color +/m, /color=rainbow/, /rainbow,bold/,
    /format=html\|json\|text\|xml\|svg\|png/, /curl https:\/\/cowsay\.example\/cows/, /https:\/\/cowsay\.example\/openapi\.json/
  ]) t.match(help, expected)
  t.notMatch(help, /<|\u001B/, 'no markup, no escapes')
  const local = await build(t)
  t.match((await local.inject({ url: '/', headers: { ...CURL, host: 'cows.test:8080' } })).body, /curl http:\/\/cows\.test:8080\/say\/Hello/, 'the origin it was asked on, without PUBLIC_URL')
  for (const client of BROWSERS) {
    const page = await app.inject({ url: '/', headers: headersOf(client) })
    t.equal(page.headers['content-type'], 'text/html; charset=utf-8', `${client.name}: the form`)
    t.match(page.body, /<form class="cow-form"/)
  }
  t.equal((await app.inject({ url: '/?format=text', headers: headersOf(BROWSERS[0] as Client) })).body, help, '?format=text asks for it from anywhere')
  t.equal((await app.inject({ url: '/', headers: { ...CURL, accept: 'text/html' } })).headers['content-type'], 'text/html; charset=utf-8', 'curl asking for HTML gets the form')
})

t.test('errors to a terminal are one readable line', async (t) => {
  const app = await build(t)
  const cases: Array<[string, number, RegExp]> = [
    ['/no/such/page', 404, /^404 Not Found: There is no page at this address/],
    ['/say/x?width=1', 400, /^400 Bad Request: Invalid query parameter "width"/],
    ['/say/x?color=purple', 400, /^400 Bad Request: Invalid query parameter "color": it must be one of rainbow, aurora, red, green, yellow, blue, magenta, cyan/],
    ['/say/x?cow=nope', 400, /^400 Bad Request: Unknown cow "nope"/],
    ['/say/' + 'a'.repeat(1001), 414, /^414 URI Too Long: Message too long/]
  ]
  for (const [url, status, message] of cases) {
    const response = await app.inject({ url, headers: CURL })
    t.equal(response.statusCode, status, url.slice(0, 40))
    t.equal(response.headers['content-type'], 'text/plain; charset=utf-8')
    t.match(response.body, message)
    t.match(response.body, /^[^\n]+\n$/, 'one line')
  }
})

t.test('an unknown colour is a 400 naming the allowed ones, in the client\'s format', async (t) => {
  const app = await build(t)
  for (const value of ['purple', 'red,blue', 'bold,bold', 'RAINBOW', '%1B%5B31m']) {
    const json = await app.inject({ url: `/say/x?color=${value}`, headers: { accept: ACCEPT.json } })
    t.equal(json.statusCode, 400, value)
    t.match(json.json().message, /Invalid query parameter "color": it must be one of rainbow, aurora, red, green, yellow, blue, magenta, cyan, optionally with ",bold"/)
    const html = await app.inject({ url: `/say/x?color=${value}`, headers: { accept: ACCEPT.html } })
    t.equal(html.statusCode, 400)
    t.match(html.body, /it must be one of rainbow, aurora/)
    const xml = await app.inject({ url: `/say/x?color=${value}`, headers: { accept: ACCEPT.xml } })
    t.match(xml.body, /<message xml:space="preserve">Invalid query parameter &quot;color&quot;|<message xml:space="preserve">Invalid query parameter "color"/)
  }
})

t.test('colour: plain text carries SGR escapes only when asked, and they strip to the colourless drawing', async (t) => {
  const app = await build(t)
  const plain = (await app.inject({ url: '/say/Hello%20colour', headers: CURL })).body
  t.notOk(plain.includes(ESC), 'no colour asked for, no escape')
  for (const color of ['rainbow', 'aurora', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'bold', 'rainbow,bold', 'bold,cyan']) {
    const response = await app.inject({ url: `/say/Hello%20colour?color=${color}`, headers: CURL })
    t.equal(response.statusCode, 200, color)
    t.ok(response.body.includes(`${ESC}[`), `${color}: escapes`)
    t.equal(stripAnsi(response.body), plain, `${color}: byte for byte the colourless drawing without them`)
  }
  // Control characters in what a person typed are refused as before: ESC only ever comes from the option.
  for (const url of ['/say/a%1B%5B31mb', '/say/x?eyes=%1B%5B', '/say?text=%1B%5D0%3Bx%07', '/say/x?tongue=%9B1']) {
    const response = await app.inject({ url, headers: CURL })
    t.equal(response.statusCode, 400, url)
    t.notOk(response.body.includes(ESC), `${url}: the refusal echoes no ESC`)
  }
  const redirect = await app.inject({ url: '/say?text=Hi&color=bold,rainbow', headers: CURL })
  t.equal(redirect.headers.location, '/say/Hi?color=rainbow%2Cbold', 'the canonical URL writes the scheme first')
})

t.test('JSON and XML keep output colourless and carry the coloured drawing beside it', async (t) => {
  const app = await build(t)
  const colored = draw('Hi', { color: 'rainbow,bold' })
  const json = (await app.inject({ url: '/say/Hi?color=rainbow,bold', headers: { accept: ACCEPT.json } })).json()
  t.equal(json.color, 'rainbow,bold')
  t.equal(json.output, stripAnsi(colored))
  t.same(json.lines, stripAnsi(colored).replace(/\n$/, '').split('\n'))
  t.equal(json.ansi, colored)
  t.ok(json.ansi.includes(ESC))
  const none = (await app.inject({ url: '/say/Hi', headers: { accept: ACCEPT.json } })).json()
  t.equal(none.ansi, none.output, 'without colour, ansi is the drawing itself')
  t.equal(none.color, '')
  const xml = (await app.inject({ url: '/say/Hi?color=rainbow,bold', headers: { accept: ACCEPT.xml } })).body
  t.notOk(xml.includes(ESC), 'XML 1.0 cannot carry ESC, and does not')
  const base64 = /<ansi encoding="base64">([A-Za-z0-9+/=]+)<\/ansi>/.exec(xml)?.[1]
  t.equal(Buffer.from(base64 ?? '', 'base64').toString('utf8'), colored, 'ansi is the UTF-8 bytes in base64')
  t.match(xml, /<output xml:space="preserve"> ____/)
})

t.test('the page and the pictures show the colours; the page links the stylesheet', async (t) => {
  const app = await build(t)
  const page = (await app.inject({ url: '/say/Hi?color=red', headers: { accept: ACCEPT.html } })).body
  t.match(page, /<pre id="drawing" aria-hidden="true"> <span class="ansi-f1">____<\/span>/)
  t.match(page, /<link rel="stylesheet" href="\/static\/css\/ansi\.[0-9a-f]{10}\.css">/)
  t.notOk(page.includes(ESC))
  const svg = (await app.inject({ url: '/say/Hi?color=red&format=svg' })).body
  t.match(svg, /fill="#ff6b6b"/)
  const png = await app.inject({ url: '/say/Hi?color=red&format=png' })
  const plainPng = await app.inject({ url: '/say/Hi?format=png' })
  t.equal(png.headers['content-type'], 'image/png')
  t.not(png.headers.etag, plainPng.headers.etag, 'a coloured PNG is another picture')
})

t.test('POST /say and /think answer like the GET they stand for', async (t) => {
  const app = await build(t, { publicUrl: 'https://cowsay.example' })
  const json = { 'content-type': 'application/json' }
  const form = { 'content-type': 'application/x-www-form-urlencoded' }
  const cases: Array<[string, string, Record<string, string>, string, string]> = [
    ['a form', '/say', form, 'text=Hello%2C%20form&cow=tux&width=20', '/say/Hello%2C%20form?cow=tux&width=20'],
    ['JSON', '/think', json, JSON.stringify({ text: 'Deep / thoughts?', mode: 'stoned' }), '/think/Deep%20%2F%20thoughts%3F?mode=stoned'],
    ['JSON numbers and booleans', '/say', json, JSON.stringify({ text: 'x', width: 12, nowrap: true, color: 'cyan' }), '/say/x?width=12&nowrap=1&color=cyan'],
    ['the form\'s action', '/say', form, 'text=hmm&action=think', '/think/hmm'],
    ['a text with a dot segment', '/say', json, JSON.stringify({ text: '..' }), '/say?text=%2E%2E'],
    ['nothing at all', '/say', {}, '', '/say/moo']
  ]
  for (const [name, url, headers, payload, path] of cases) {
    for (const accept of [ACCEPT.text, ACCEPT.json, ACCEPT.html]) {
      const posted = await app.inject({ method: 'POST', url, headers: { ...headers, accept }, payload })
      const got = await app.inject({ url: path, headers: { accept } })
      t.equal(posted.statusCode, 200, `${name}, ${accept}`)
      t.equal(posted.headers['content-location'], `https://cowsay.example${path}`, `${name}: Content-Location is the canonical URL`)
      t.equal(posted.headers['content-type'], got.headers['content-type'])
      t.equal(posted.body, got.body, `${name}, ${accept}: the same as GET ${path}`)
    }
  }
  const terminal = await app.inject({ method: 'POST', url: '/say', headers: { ...CURL, ...form }, payload: 'text=from%20curl' })
  t.equal(terminal.body, draw('from curl'), 'curl posting gets text')
  const random = await app.inject({ method: 'POST', url: '/say?format=json', headers: json, payload: '{"text": "x", "cow": "random"}' })
  t.equal(random.statusCode, 200)
  t.equal(random.headers['content-location'], `https://cowsay.example/say/x?cow=${random.json().cow as string}`, 'a random cow is a concrete one, named by Content-Location')
})

t.test('POST: the same limits and messages, bounded bodies, and only JSON or a form', async (t) => {
  const app = await build(t)
  const json = { 'content-type': 'application/json', accept: ACCEPT.json }
  const post = async (payload: string, headers: Record<string, string> = json) => app.inject({ method: 'POST', url: '/say', headers, payload })
  const refusals: Array<[string, Awaited<ReturnType<typeof post>>, number, RegExp]> = [
    ['a bad width', await post('{"text": "x", "width": 300}'), 400, /^Invalid field "width": it must be a whole number from 2 to 200$/],
    ['an unknown colour', await post('{"color": "purple"}'), 400, /^Invalid field "color": it must be one of rainbow/],
    ['an unknown cow', await post('{"cow": "nope"}'), 400, /^Unknown cow "nope"/],
    ['a control character', await post('{"text": "a\\u001b[31mb"}'), 400, /control character U\+001B/],
    ['not an object', await post('[1, 2]'), 400, /^Invalid body: it must be a JSON object, or a form/],
    ['broken JSON', await post('{"text": '), 400, /JSON|Unexpected|body/i],
    ['a broken form', await post('text=%E0%A4', { 'content-type': 'application/x-www-form-urlencoded', accept: ACCEPT.json }), 400, /not valid UTF-8/],
    ['the text twice', await post('text=a&text=b', { 'content-type': 'application/x-www-form-urlencoded', accept: ACCEPT.json }), 400, /"text": it must be given once/],
    ['a message too long', await post(JSON.stringify({ text: '🐄'.repeat(1001) })), 413, /^Message too long: 1001 characters; the limit is 1000$/],
    ['a body too large', await post(JSON.stringify({ text: 'a'.repeat(20_000) })), 413, /^The request body is too large$/],
    ['plain text', await post('hello', { 'content-type': 'text/plain', accept: ACCEPT.json }), 415, /^Unsupported content type$/],
    ['XML', await post('<text>hi</text>', { 'content-type': 'application/xml', accept: ACCEPT.json }), 415, /^Unsupported content type$/]
  ]
  for (const [name, response, status, message] of refusals) {
    t.equal(response.statusCode, status, name)
    t.match(response.json().message, message, `${name}: ${response.json().message as string}`)
  }
  const biggest = await post(JSON.stringify({ text: '🐄'.repeat(1000), width: 200 }))
  t.equal(biggest.statusCode, 200, 'the longest message fits in a body')
  const put = await app.inject({ method: 'PUT', url: '/say', headers: json, payload: '{}' })
  t.equal(put.statusCode, 405)
  t.equal(put.headers.allow, 'GET, HEAD, POST', 'Allow names POST where it is answered')
  const postPage = await app.inject({ method: 'POST', url: '/say/hello', headers: json, payload: '{}' })
  t.equal(postPage.statusCode, 405, 'result pages still take no POST')
  t.equal(postPage.headers.allow, 'GET, HEAD')
})

t.test('the OpenAPI document describes POST /say and /think, JSON and form', async (t) => {
  const app = await build(t)
  const document = (await app.inject({ url: '/openapi.json' })).json()
  for (const path of ['/say', '/think']) {
    const post = document.paths[path]?.post
    t.ok(post, `POST ${path}`)
    t.same(Object.keys(post?.requestBody?.content ?? {}).sort(), ['application/json', 'application/x-www-form-urlencoded'])
    const fields = Object.keys(post?.requestBody?.content?.['application/json']?.schema?.properties ?? {})
    t.same(fields, ['text', 'action', ...OPTION_LIST.map((option) => option.name)], 'the query\'s names')
    t.ok(post?.responses?.['200']?.content?.['text/plain'], 'answers in every representation')
    t.ok(post?.responses?.['415'], '415 is listed')
  }
  const color = document.paths['/say/{*}']?.get?.parameters?.find((parameter: { name: string }) => parameter.name === 'color')
  t.ok(color, 'color is a query parameter of the results')
})
