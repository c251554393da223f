import t from 'tap'
import { connect, type AddressInfo } from 'node:net'
import { DEFAULT_OPTIONS, renderCow } from '../../src/cowsay/index.js'
import { ACCEPT, build, preText } from '../helper.js'

const draw = (text: string, options: Partial<typeof DEFAULT_OPTIONS> = {}): string =>
  renderCow(text, { ...DEFAULT_OPTIONS, ...options })

t.test('GET /say/:text answers each representation by Accept', async (t) => {
  const app = await build(t)
  const expected = draw('hello world')
  const cases = [
    { accept: ACCEPT.text, type: 'text/plain; charset=utf-8' },
    { accept: ACCEPT.json, type: 'application/json; charset=utf-8' },
    { accept: ACCEPT.xml, type: 'application/xml; charset=utf-8' },
    { accept: ACCEPT.html, type: 'text/html; charset=utf-8' },
    { accept: '*/*', type: 'text/html; charset=utf-8' },
    { accept: undefined, type: 'text/html; charset=utf-8' },
    { accept: 'text/plain;q=0.5, application/json;q=0.9', type: 'application/json; charset=utf-8' },
    { accept: 'application/json;q=0.1, text/plain', type: 'text/plain; charset=utf-8' },
    { accept: 'image/png, text/*;q=0.2', type: 'image/png' },
    { accept: 'image/svg+xml', type: 'image/svg+xml; charset=utf-8' },
    { accept: 'application/pdf, text/*;q=0.2', type: 'text/html; charset=utf-8' }
  ]
  for (const { accept, type } of cases) {
    const response = await app.inject({ url: '/say/hello%20world', headers: accept === undefined ? {} : { accept } })
    t.equal(response.statusCode, 200, `${accept} -> 200`)
    t.equal(response.headers['content-type'], type, `${accept} -> ${type}`)
    t.match(response.headers.vary, /Accept/, `${accept}: Vary: Accept`)
  }
  const text = await app.inject({ url: '/say/hello%20world', headers: { accept: ACCEPT.text } })
  t.equal(text.body, expected, 'plain text is exactly the drawing')
  const html = await app.inject({ url: '/say/hello%20world', headers: { accept: ACCEPT.html } })
  t.equal(preText(html.body), expected, 'the page shows the same drawing')
})

t.test('?format= overrides the Accept header', async (t) => {
  const app = await build(t)
  for (const [format, type] of [['json', 'application/json'], ['text', 'text/plain'], ['xml', 'application/xml'], ['html', 'text/html']]) {
    const response = await app.inject({ url: `/say/moo?format=${format}`, headers: { accept: 'image/png' } })
    t.equal(response.statusCode, 200)
    t.equal(response.headers['content-type'], `${type}; charset=utf-8`, `format=${format}`)
  }
  const bad = await app.inject({ url: '/say/moo?format=yaml', headers: { accept: ACCEPT.json } })
  t.equal(bad.statusCode, 400)
  t.match(bad.json().message, /format.*html, json, text, xml/)
})

t.test('JSON carries every field, the drawing and an absolute permalink', async (t) => {
  const app = await build(t)
  const response = await app.inject({ url: '/think/Hi%20there?cow=tux&mode=dead&width=20', headers: { accept: ACCEPT.json, host: 'cows.test' } })
  const body = response.json()
  const output = draw('Hi there', { action: 'think', cow: 'tux', mode: 'dead', width: 20 })
  t.same(body, {
    text: 'Hi there',
    action: 'think',
    cow: 'tux',
    mode: 'dead',
    eyes: 'oo',
    tongue: '  ',
    width: 20,
    nowrap: false,
    cowfile: null,
    color: '',
    label: 'The tux thinks: Hi there',
    output,
    ansi: output,
    lines: output.replace(/\n$/, '').split('\n'),
    permalink: 'http://cows.test/think/Hi%20there?cow=tux&mode=dead&width=20'
  })
  t.match(body.output, /\( Hi there \)/, 'think draws a thought balloon')
})

t.test('PUBLIC_URL decides the permalink origin', async (t) => {
  const app = await build(t, { publicUrl: 'https://cowsay.example' })
  const body = (await app.inject({ url: '/say/moo', headers: { accept: ACCEPT.json, host: 'evil.test' } })).json()
  t.equal(body.permalink, 'https://cowsay.example/say/moo')
})

t.test('XML is a well-formed document with the same fields', async (t) => {
  const app = await build(t)
  const response = await app.inject({ url: '/say/%3Ca%20%26%20b%3E?eyes=%5E%5E', headers: { accept: ACCEPT.xml } })
  t.equal(response.statusCode, 200)
  t.match(response.body, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<cow>/)
  t.match(response.body, /<text xml:space="preserve">&lt;a &amp; b&gt;<\/text>/)
  t.match(response.body, /<eyes xml:space="preserve">\^\^<\/eyes>/)
  t.match(response.body, /<mode nil="true"\/>/)
  t.match(response.body, /<line xml:space="preserve">&lt; &lt;a &amp; b&gt; &gt;<\/line>/)
  t.notMatch(response.body, /<a & b>/, 'nothing unescaped')
})

t.test('the text is the rest of the path, percent-decoded', async (t) => {
  const app = await build(t)
  const cases: Array<[string, string]> = [
    ['/say/a/b/c', 'a/b/c'],
    ['/say/a%2Fb', 'a/b'],
    ['/say/what%3F', 'what?'],
    ['/say/%23hashtag', '#hashtag'],
    ['/say/100%25', '100%'],
    ['/say/1+1', '1+1'],
    ['/say/two%20words', 'two words'],
    ['/say/line%0Abreak', 'line\nbreak'],
    ['/say/tab%09here', 'tab\there'],
    ['/say/%F0%9F%90%84', '🐄'],
    ['/say/%E4%B8%AD%E6%96%87', '中文'],
    ['/say/caf%C3%A9', 'café'],
    ['/say/...', '...'],
    ['/say/', 'moo']
  ]
  for (const [url, text] of cases) {
    const response = await app.inject({ url, headers: { accept: ACCEPT.json } })
    t.equal(response.statusCode, 200, url)
    t.equal(response.json().text, text, `${url} says ${JSON.stringify(text)}`)
  }
})

t.test('raw non-ASCII bytes in the request line are refused with 400', async (t) => {
  // inject() re-encodes URLs, so this needs a real socket and raw bytes.
  // Node's HTTP parser refuses them; browsers and curl --url-query encode them.
  const app = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const ask = (path: Buffer): Promise<string> => new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.end(Buffer.concat([Buffer.from('GET '), path, Buffer.from(' HTTP/1.1\r\nHost: x\r\nAccept: text/plain\r\nConnection: close\r\n\r\n')]))
    })
    const chunks: Buffer[] = []
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    socket.on('error', reject)
  })
  for (const path of [Buffer.from('/say/héllo_中', 'utf8'), Buffer.from([0x2f, 0x73, 0x61, 0x79, 0x2f, 0xc0, 0xaf])]) {
    t.match(await ask(path), /^HTTP\/1.1 400 Bad Request\r\n/, `${path.toString('hex')}: 400`)
  }
  const healthy = await ask(Buffer.from('/say/still%20here'))
  t.match(healthy, /^HTTP\/1.1 200 /, 'the server carries on')
})

t.test('GET /say and /think with no text say moo', async (t) => {
  const app = await build(t)
  for (const action of ['say', 'think']) {
    const response = await app.inject({ url: `/${action}`, headers: { accept: ACCEPT.json } })
    t.equal(response.statusCode, 200)
    t.equal(response.json().text, 'moo')
    t.equal(response.json().action, action)
    t.match(response.json().permalink, new RegExp(`/${action}/moo$`))
  }
})

t.test('the query form redirects (303) to the canonical URL', async (t) => {
  const app = await build(t)
  const cases: Array<[string, string]> = [
    ['/say?text=hello', '/say/hello'],
    ['/say?text=hello+world', '/say/hello%20world'],
    ['/say?text=a%0D%0Ab', '/say/a%0Ab'],
    ['/say?text=hi&action=think', '/think/hi'],
    ['/think?text=hi', '/think/hi'],
    ['/say?text=a/b?c%23d', '/say/a%2Fb%3Fc%23d'],
    ['/say?text=hi&cow=default&mode=&eyes=&tongue=&width=40', '/say/hi'],
    ['/say?text=hi&nowrap=1&width=30&tongue=U&eyes=%5E%5E&mode=borg&cow=tux&unknown=x', '/say/hi?cow=tux&mode=borg&eyes=%5E%5E&tongue=U&width=30&nowrap=1'],
    ['/say?text=hi&nowrap=on', '/say/hi?nowrap=1'],
    ['/say?text=hi&nowrap=off', '/say/hi'],
    ['/say?text=hi&format=json', '/say/hi?format=json'],
    ['/say?text=end.', '/say/end%2E']
  ]
  for (const [url, location] of cases) {
    const response = await app.inject({ url })
    t.equal(response.statusCode, 303, url)
    t.equal(response.headers.location, location, `${url} -> ${location}`)
  }
})

t.test('texts made of dot segments keep their text in the canonical query', async (t) => {
  const app = await build(t)
  for (const text of ['.', '..', '../..', './x', 'a/../b', '..\\..']) {
    const first = await app.inject({ url: `/say?text=${encodeURIComponent(text)}` })
    t.equal(first.statusCode, 303, `${text}: redirected to its canonical form`)
    const location = first.headers.location as string
    t.match(location, /^\/say\?text=/, `${text}: stays in the query`)
    const second = await app.inject({ url: location, headers: { accept: ACCEPT.json } })
    t.equal(second.statusCode, 200, `${text}: the canonical URL answers`)
    t.equal(second.json().text, text)
    t.equal(new URL(second.json().permalink).pathname + new URL(second.json().permalink).search, location)
  }
})

t.test('canonical links round-trip through the result page', async (t) => {
  const app = await build(t)
  const texts = ['hello', 'a/b', '//', '/', 'what?', '#1', '100%', 'a+b', 'two  spaces', 'new\nline', '🐄🎉', '中文字', 'naïve café', 'e\u0301', '👨‍👩‍👧', '...', 'end.', "it's (fine)!", '~tilde*', '<b>&amp;</b>', ' lead', 'trail ']
  for (const text of texts) {
    const redirect = await app.inject({ url: `/say?text=${encodeURIComponent(text)}&cow=tux` })
    const location = redirect.headers.location as string
    const response = await app.inject({ url: location, headers: { accept: ACCEPT.json } })
    t.equal(response.json().text, text, `${JSON.stringify(text)} survives ${location}`)
    t.equal(response.json().cow, 'tux')
    t.ok(new URL(response.json().permalink).href.endsWith(location), 'the permalink is the canonical URL')
  }
})

t.test('cow=random redirects (302) to a concrete cow', async (t) => {
  const app = await build(t)
  const cows = new Set<string>()
  for (let i = 0; i < 20; i++) {
    const response = await app.inject({ url: '/say/hi?cow=random&width=30' })
    t.equal(response.statusCode, 302)
    const location = new URL(response.headers.location as string, 'http://x')
    t.equal(location.pathname, '/say/hi')
    t.equal(location.searchParams.get('width'), '30')
    const cow = location.searchParams.get('cow') ?? 'default'
    t.not(cow, 'random')
    cows.add(cow)
    const followed = await app.inject({ url: response.headers.location as string, headers: { accept: ACCEPT.json } })
    t.equal(followed.statusCode, 200)
  }
  t.ok(cows.size > 1, `random picks different cows (${cows.size} in 20)`)
  const query = await app.inject({ url: '/think?text=hey&cow=random' })
  t.equal(query.statusCode, 302)
  t.match(query.headers.location, /^\/think\/hey(\?cow=[^&]+)?$/)
})

t.test('options reach the drawing', async (t) => {
  const app = await build(t)
  const cases: Array<[string, Partial<typeof DEFAULT_OPTIONS>]> = [
    ['cow=tux', { cow: 'tux' }],
    ['mode=borg', { mode: 'borg' }],
    ['mode=stoned', { mode: 'stoned' }],
    ['eyes=%5E%5E&tongue=U', { eyes: '^^', tongue: 'U' }],
    ['eyes=%24%24', { eyes: '$$' }],
    ['width=10', { width: 10 }],
    ['width=2', { width: 2 }],
    ['width=200', { width: 200 }],
    ['nowrap=true', { nowrap: true }]
  ]
  const text = 'The quick brown fox jumps over the lazy dog again and again'
  for (const [query, options] of cases) {
    const response = await app.inject({ url: `/say/${encodeURIComponent(text)}?${query}`, headers: { accept: ACCEPT.text } })
    t.equal(response.statusCode, 200, query)
    t.equal(response.body, draw(text, options), query)
  }
})

t.test('bad input gets a 4xx that says what was wrong, in the client\'s format', async (t) => {
  const app = await build(t)
  const cases: Array<[string, number, RegExp]> = [
    ['/say/x?cow=nope', 400, /Unknown cow "nope".*\/cows/],
    ['/say/x?cow=..%2F..%2Fetc%2Fpasswd', 400, /Unknown cow "..\/..\/etc\/passwd"/],
    ['/say/x?cow=__proto__', 400, /Unknown cow "__proto__"/],
    ['/say/x?cow=constructor', 400, /Unknown cow "constructor"/],
    ['/say/x?mode=sleepy', 400, /mode.*borg, dead/],
    ['/say/x?eyes=abc', 400, /eyes.*1 or 2 characters/],
    ['/say/x?tongue=abc', 400, /tongue.*1 or 2 characters/],
    ['/say/x?width=1', 400, /width.*2 to 200/],
    ['/say/x?width=201', 400, /width.*2 to 200/],
    ['/say/x?width=0', 400, /width.*2 to 200/],
    ['/say/x?width=-1', 400, /width.*2 to 200/],
    ['/say/x?width=1e9', 400, /width.*2 to 200/],
    ['/say/x?width=1e-9', 400, /width.*2 to 200/],
    ['/say/x?width=NaN', 400, /width.*2 to 200/],
    ['/say/x?width=10.5', 400, /width.*2 to 200/],
    ['/say/x?width=10&width=20', 400, /width/],
    ['/say/x?nowrap=maybe', 400, /nowrap/],
    ['/say/x?action=shout', 400, /action/],
    ['/say/%1B%5B31mred', 400, /control character U\+001B/],
    ['/say/a%00b', 400, /control character U\+0000/],
    ['/say/a%7Fb', 400, /control character U\+007F/],
    ['/say/a%C2%9Bb', 400, /control character U\+009B/],
    ['/say?text=%1B', 400, /control character U\+001B/],
    ['/say/%EF%BF%BF', 400, /U\+FFFF, which is not a character/],
    ['/say/%E0%A4%A', 400, /[Mm]alformed/],
    ['/say/%C0%AF', 400, /UTF-8|[Mm]alformed/],
    ['/say/%FF', 400, /UTF-8|[Mm]alformed/],
    ['/say?text=%ZZ', 400, /[Mm]alformed percent-encoding/],
    ['/say?text=%C0%AF', 400, /UTF-8/],
    ['/say/' + 'a'.repeat(1001), 414, /1001 characters; the limit is 1000/],
    ['/say/' + '%F0%9F%90%84'.repeat(1001), 414, /1001 characters; the limit is 1000/],
    ['/say?text=' + 'a'.repeat(1001), 414, /the limit is 1000/],
    ['/say/x', 406, /available as text\/html, application\/json, text\/plain, application\/xml, image\/svg\+xml, image\/png \(or \?format=html\|json\|text\|xml\|svg\|png\|card\)/]
  ]
  for (const [url, status, message] of cases) {
    const accept = status === 406 ? 'application/pdf' : ACCEPT.json
    const response = await app.inject({ url, headers: { accept } })
    t.equal(response.statusCode, status, `${url.slice(0, 60)} -> ${status}`)
    const body = status === 406 ? { message: response.body } : response.json()
    t.match(body.message, message, `${url.slice(0, 60)}: ${body.message}`)
    if (status !== 406) t.same(Object.keys(body).sort(), ['error', 'message', 'statusCode'])
  }
})

t.test('the longest message is accepted in both forms', async (t) => {
  const app = await build(t)
  const emoji = '🐄'.repeat(1000)
  const path = await app.inject({ url: '/say/' + encodeURIComponent(emoji), headers: { accept: ACCEPT.json } })
  t.equal(path.statusCode, 200)
  t.equal(path.json().text, emoji)
  const query = await app.inject({ url: '/say?text=' + encodeURIComponent(emoji) })
  t.equal(query.statusCode, 303)
})

t.test('errors come in every format', async (t) => {
  const app = await build(t)
  const url = '/say/x?width=500'
  const json = await app.inject({ url, headers: { accept: ACCEPT.json } })
  t.same(json.json(), { statusCode: 400, error: 'Bad Request', message: 'Invalid query parameter "width": it must be a whole number from 2 to 200' })
  const text = await app.inject({ url, headers: { accept: ACCEPT.text } })
  t.equal(text.body, '400 Bad Request: Invalid query parameter "width": it must be a whole number from 2 to 200\n')
  t.equal(text.headers['content-type'], 'text/plain; charset=utf-8')
  const xml = await app.inject({ url, headers: { accept: ACCEPT.xml } })
  t.match(xml.body, /<error>\n {2}<statusCode>400<\/statusCode>/)
  const html = await app.inject({ url, headers: { accept: ACCEPT.html } })
  t.equal(html.headers['content-type'], 'text/html; charset=utf-8')
  t.match(html.body, /<h1 id="error-title">400 Bad Request<\/h1>/)
  t.match(html.body, /must be a whole number from 2 to 200/)
  t.match(html.body, /<form class="cow-form" action="\/say"/, 'the error page offers the form')
  const viaFormat = await app.inject({ url: url + '&format=text' })
  t.match(viaFormat.body, /^400 Bad Request/)
})

t.test('echoed values cannot carry terminal escapes or markup', async (t) => {
  const app = await build(t)
  const text = await app.inject({ url: '/say/x?cow=%C2%9B31m%1B%5B0m', headers: { accept: ACCEPT.text } })
  t.equal(text.statusCode, 400)
  t.notMatch(text.body, /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/, 'no control characters in the body')
  const html = await app.inject({ url: '/say/x?cow=%3Cscript%3Ealert(1)%3C%2Fscript%3E', headers: { accept: ACCEPT.html } })
  t.equal(html.statusCode, 400)
  t.notMatch(html.body, /<script>alert/, 'markup is escaped')
  t.match(html.body, /&lt;script&gt;alert/)
})

t.test('other methods on a page get 405 with Allow', async (t) => {
  const app = await build(t)
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH'] as const) {
    for (const url of ['/say/x', '/think/x', '/cows', '/']) {
      const response = await app.inject({ method, url, headers: { accept: ACCEPT.json } })
      t.equal(response.statusCode, 405, `${method} ${url}`)
      t.equal(response.headers.allow, 'GET, HEAD')
    }
  }
  // The query forms also take a POST (test/routes/terminal.test.ts).
  for (const method of ['PUT', 'DELETE', 'PATCH'] as const) {
    for (const url of ['/say', '/think']) {
      const response = await app.inject({ method, url, headers: { accept: ACCEPT.json } })
      t.equal(response.statusCode, 405, `${method} ${url}`)
      t.equal(response.headers.allow, 'GET, HEAD, POST')
    }
  }
  const head = await app.inject({ method: 'HEAD', url: '/say/x', headers: { accept: ACCEPT.text } })
  t.equal(head.statusCode, 200)
  t.equal(head.body, '')
})

t.test('unknown addresses get 404 in the client\'s format', async (t) => {
  const app = await build(t)
  const json = await app.inject({ url: '/nowhere', headers: { accept: ACCEPT.json } })
  t.equal(json.statusCode, 404)
  t.equal(json.json().error, 'Not Found')
  const html = await app.inject({ url: '/nowhere' })
  t.match(html.body, /404 Not Found/)
})
