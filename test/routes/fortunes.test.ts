import t from 'tap'
import { DOMParser } from '@xmldom/xmldom'
import { buildApp } from '../../src/app.js'
import { testConfig } from '../support/config.js'
import { stripAnsi } from '../../src/cowsay/sgr.js'
import { DEFAULT_OPTIONS, listCows, renderCow, type CowOptions } from '../../src/cowsay/index.js'
import { encodeCowFile } from '../../src/cowsay/custom-cow.js'
import { dayPick, fortuneAt, listDatabases } from '../../src/fortunes/index.js'
import { ACCEPT, build, preText } from '../helper.js'
import { BROWSERS, TERMINAL_CLIENTS } from '../support/user-agents.js'

const CURL = { 'user-agent': 'curl/8.11.1', accept: '*/*' }
const fortune = (database: string, index: number): string => fortuneAt(database, index)?.text ?? ''
/** A fortune as `fortune | cowsay -n` draws it: the default on these routes. */
const asFortune = (overrides: Partial<CowOptions> = {}): CowOptions => ({ ...DEFAULT_OPTIONS, nowrap: true, ...overrides })

t.test('GET /fortune/<db>/<n>: the n-th fortune, drawn as `fortune | cowsay -n`, in every representation', async t => {
  const app = await build(t)
  const text = fortune('riddles', 13)
  const drawing = renderCow(text, asFortune())
  const terminal = await app.inject({ url: '/fortune/riddles/13', headers: CURL })
  t.equal(terminal.statusCode, 200)
  t.equal(terminal.body, drawing, 'curl gets the drawing, its line breaks kept')
  t.equal(terminal.headers['cache-control'], 'private, max-age=3600', 'cached as any negotiated result')

  const json = await app.inject({ url: '/fortune/riddles/13', headers: { accept: ACCEPT.json, host: 'cows.test' } })
  t.match(json.json(), { text, nowrap: true, output: drawing, permalink: 'http://cows.test/fortune/riddles/13', fortune: { database: 'riddles', index: 13, permalink: 'http://cows.test/fortune/riddles/13' } },
    'JSON: the fortune\'s database, index and permalink beside the drawing')

  const xml = await app.inject({ url: '/fortune/riddles/13?format=xml' })
  const document = new DOMParser().parseFromString(xml.body, 'application/xml')
  t.equal(document.getElementsByTagName('database')[0]?.textContent, 'riddles')
  t.equal(document.getElementsByTagName('index')[0]?.textContent, '13')

  const page = await app.inject({ url: '/fortune/riddles/13', headers: { accept: ACCEPT.html, host: 'cows.test' } })
  t.equal(preText(page.body), drawing, 'the page shows the drawing')
  t.match(page.body, '<link rel="canonical" href="http://cows.test/fortune/riddles/13">')
  t.match(page.body, 'href="/fortune/riddles/13?format=png"', 'its pictures are the fortune\'s own')
  t.match(page.body, 'href="/fortune/riddles/13?cow=random"', 'and its random cow')
  for (const [format, type] of [['svg', 'image/svg+xml; charset=utf-8'], ['png', 'image/png'], ['card', 'image/png']]) {
    const picture = await app.inject({ url: `/fortune/riddles/13?format=${format}` })
    t.equal(picture.statusCode, 200, format)
    t.equal(picture.headers['content-type'], type, format)
  }
})

t.test('every option of /say applies to a fortune, and nowrap=0 re-wraps it', async t => {
  const app = await build(t)
  const text = fortune('literature', 2)
  const cowfile = '$the_cow = <<EOC;\n $thoughts\n [$eyes]\nEOC\n'
  const rows: Array<[query: string, options: Partial<CowOptions>]> = [
    ['cow=tux', { cow: 'tux' }],
    ['mode=dead', { mode: 'dead' }],
    ['eyes=%5E%5E&tongue=U', { eyes: '^^', tongue: 'U' }],
    ['nowrap=0', { nowrap: false }],
    ['width=20&nowrap=0', { nowrap: false, width: 20 }],
    ['width=20', { width: 20 }],
    ['action=think&cow=tux', { action: 'think', cow: 'tux' }],
    ['color=rainbow%2Cbold', { color: 'rainbow,bold' }],
    [`cowfile=${encodeCowFile(cowfile)}`, { cowfile }]
  ]
  for (const [query, options] of rows) {
    const response = await app.inject({ url: `/fortune/literature/2?${query}`, headers: CURL })
    t.equal(response.statusCode, 200, query)
    t.equal(response.body, renderCow(text, asFortune(options)), query)
    const json = await app.inject({ url: `/fortune/literature/2?${query}&format=json` })
    t.equal(json.json<{ permalink: string }>().permalink.replace(/^https?:\/\/[^/]+/, ''), `/fortune/literature/2?${query}`, `${query}: its canonical URL`)
  }
  const spelled = await app.inject({ url: '/fortune/literature/2?nowrap=1&cow=default&format=json' })
  t.equal(spelled.json<{ permalink: string }>().permalink, 'http://localhost:80/fortune/literature/2', 'the defaults are not written')
  const bad = await app.inject({ url: '/fortune/literature/2?width=500', headers: { accept: ACCEPT.json } })
  t.equal(bad.statusCode, 400)
  t.match(bad.json(), { message: 'Invalid query parameter "width": it must be a whole number from 2 to 200' })
})

t.test('a random fortune, a random cow: a terminal or a program gets it in place, a browser the link', async t => {
  const app = await build(t)
  const clients: Array<Record<string, string>> = [...TERMINAL_CLIENTS.map(({ userAgent, accept }) => ({ 'user-agent': userAgent, ...(accept === undefined ? {} : { accept }) })), { accept: ACCEPT.json }, { accept: ACCEPT.text }]
  for (const url of ['/fortune', '/fortune?db=riddles&cow=tux', '/say/hi?cow=random', '/think?text=hi&cow=random', '/fortune?cow=random&short=1']) {
    for (const headers of clients) {
      const response = await app.inject({ url, headers })
      const label = `${url} for ${headers['user-agent'] ?? headers.accept}`
      if (response.statusCode !== 200) {
        t.fail(`${label}: ${response.statusCode}`)
        continue
      }
      t.equal(response.headers['cache-control'], 'no-store', `${label}: not kept`)
      const location = String(response.headers['content-location'])
      t.match(location, /^http:\/\/localhost:80\/(?:fortune\/\w+\/\d+|(?:say|think)\/hi(?:\?cow=|$))/, `${label}: Content-Location names the pick`)
      const permalink = await app.inject({ url: location.replace('http://localhost:80', ''), headers })
      t.equal(permalink.body, response.body, `${label}: what the link shows`)
    }
    for (const browser of BROWSERS) {
      const response = await app.inject({ url, headers: { 'user-agent': browser.userAgent, ...(browser.accept === undefined ? {} : { accept: browser.accept }) } })
      t.equal(response.statusCode, 302, `${url} for ${browser.name}: redirected, so the address bar shows the link`)
      t.equal(response.headers['cache-control'], 'no-store')
    }
  }
  const picks = new Set<string>()
  for (let draw = 0; draw < 30; draw++) {
    const response = await app.inject({ url: '/fortune?db=riddles&format=json' })
    const { fortune: { database, index } } = response.json<{ fortune: { database: string, index: number } }>()
    t.equal(database, 'riddles', '?db= picks from that database')
    picks.add(String(index))
    const short = (await app.inject({ url: '/fortune?short=1&format=json' })).json<{ text: string }>()
    t.ok([...short.text].length <= 160, '?short=1: 160 characters or fewer')
  }
  t.ok(picks.size > 10, `the picks vary (${picks.size} of 30 different)`)
})

t.test('/fortunes lists the databases and their sizes', async t => {
  const app = await build(t)
  const databases = listDatabases().map(({ name, count }) => ({ name, count }))
  t.same(databases, [{ name: 'fortunes', count: 431 }, { name: 'literature', count: 262 }, { name: 'riddles', count: 128 }])
  t.same((await app.inject({ url: '/fortunes', headers: { accept: ACCEPT.json } })).json(), { databases, total: 821 })
  t.equal((await app.inject({ url: '/fortunes', headers: CURL })).body, 'fortunes                    431\nliterature                  262\nriddles                     128\ntotal                       821\n')
  t.match((await app.inject({ url: '/fortunes?format=xml' })).body, '<database>\n      <name xml:space="preserve">fortunes</name>\n      <count>431</count>')
  const page = (await app.inject({ url: '/fortunes' })).body
  t.match(page, '<th scope="row">riddles</th>\n      <td>128</td>')
  t.match(page, '<a href="/fortune?db=literature">a random one</a>')
  t.match(page, '<a href="/fortunes">Fortunes</a>', 'the header links here')
  t.match(page, '<a href="/today">Cow of the day</a>', 'and to the cow of the day')
})

t.test('bad input: a clear 4xx in the client\'s format, never a path', async t => {
  const app = await build(t)
  const rows: Array<[url: string, status: number, message: RegExp]> = [
    ['/fortune/nosuch/1', 404, /^Unknown fortune database "nosuch": there are fortunes, literature, riddles \(see \/fortunes\)$/],
    ['/fortune/..%2F..%2Fetc%2Fpasswd/1', 404, /^Unknown fortune database "..\/..\/etc\/passwd"/],
    ['/fortune/__proto__/1', 404, /^Unknown fortune database/],
    ['/fortune/riddles/0', 404, /^No fortune "0" in riddles: it holds 128, \/fortune\/riddles\/1 to \/fortune\/riddles\/128$/],
    ['/fortune/riddles/129', 404, /^No fortune "129" in riddles/],
    ['/fortune/riddles/013', 404, /^No fortune "013" in riddles/],
    ['/fortune/riddles/abc', 404, /^No fortune "abc" in riddles/],
    ['/fortune?db=nosuch', 404, /^Unknown fortune database "nosuch"/],
    ['/fortune?short=maybe', 400, /^Invalid query parameter "short": it must be 1, true or on/],
    ['/fortune?db=riddles&db=fortunes', 400, /^Invalid query parameter "db": it must be one database's name, given once/],
    ['/day/2026-13-01', 400, /^Malformed date "2026-13-01": a day is written YYYY-MM-DD, as \d{4}-\d\d-\d\d$/],
    ['/day/2026-02-30', 400, /^Malformed date "2026-02-30"/],
    ['/day/26-1-1', 400, /^Malformed date "26-1-1"/],
    ['/day/yesterday', 400, /^Malformed date "yesterday"/],
    ['/day/9999-12-31', 404, /^No cow for 9999-12-31 yet: the latest day is today, \d{4}-\d\d-\d\d \(UTC\), at \/today$/]
  ]
  for (const [url, status, message] of rows) {
    const json = await app.inject({ url, headers: { accept: ACCEPT.json } })
    t.equal(json.statusCode, status, url)
    t.match(json.json<{ message: string }>().message, message, url)
    const text = await app.inject({ url, headers: CURL })
    t.match(text.body, new RegExp(`^${status} [A-Za-z ]+: `), `${url}: one line for curl`)
    const html = await app.inject({ url, headers: { accept: ACCEPT.html } })
    t.equal(html.headers['content-type'], 'text/html; charset=utf-8', `${url}: a page for a browser`)
    const xml = await app.inject({ url, headers: { accept: ACCEPT.xml } })
    t.match(xml.body, `<statusCode>${status}</statusCode>`, `${url}: XML`)
    for (const response of [json, text, html, xml]) t.notMatch(response.body, /\/usr\/|\/work\/|\/tmp\/|node_modules|fortunes\/fortunes/, `${url}: no path`)
  }
})

t.test('/today and /day/<date>: the day\'s cow and fortune, from the date alone', async t => {
  // 2026-12-06 at 18:00 UTC: six hours to midnight.
  const now = (): number => Date.UTC(2026, 11, 6, 18, 0, 0)
  const app = await buildApp(testConfig(), { now })
  t.teardown(() => app.close())
  const { cow, fortune: picked } = dayPick('2026-12-06')
  const drawing = renderCow(picked.text, asFortune({ cow }))

  const terminal = await app.inject({ url: '/today', headers: CURL })
  t.equal(terminal.statusCode, 200)
  t.equal(terminal.body, drawing, 'the day\'s cow says the day\'s fortune')
  t.equal(terminal.headers['content-location'], 'http://localhost:80/day/2026-12-06')
  t.equal(terminal.headers['cache-control'], 'private, max-age=21600', 'kept until midnight (UTC)')
  t.equal((await app.inject({ url: '/today?format=text' })).headers['cache-control'], 'public, max-age=21600', 'by a shared cache too when the format is named')
  const browser = await app.inject({ url: '/today', headers: { accept: ACCEPT.html } })
  t.equal(browser.statusCode, 302)
  t.equal(browser.headers.location, '/day/2026-12-06')

  const day = await app.inject({ url: '/day/2026-12-06', headers: { accept: ACCEPT.json, host: 'cows.test' } })
  t.match(day.json(), { cow, text: picked.text, output: drawing, permalink: 'http://cows.test/day/2026-12-06', fortune: { database: picked.database, index: picked.index } })
  t.equal((await app.inject({ url: '/day/2026-12-06?cow=tux&nowrap=0', headers: CURL })).body, renderCow(picked.text, { ...DEFAULT_OPTIONS, cow: 'tux' }), 'its options too')
  t.equal((await app.inject({ url: '/day/2026-12-07', headers: CURL })).statusCode, 404, 'tomorrow has not come')
  const old = dayPick('1999-01-01')
  t.equal((await app.inject({ url: '/day/1999-01-01', headers: CURL })).body, renderCow(old.fortune.text, asFortune({ cow: old.cow })), 'every day keeps its cow')
  const early = dayPick('0042-03-01')
  t.equal((await app.inject({ url: '/day/0042-03-01', headers: CURL })).body, renderCow(early.fortune.text, asFortune({ cow: early.cow })), 'the years 0 to 99 are days too, not 1900 to 1999')
  t.ok(listCows().includes(cow))
})

t.test('the form offers a random fortune to start from', async t => {
  const app = await build(t)
  const home = (await app.inject({ url: '/' })).body
  t.match(home, /<a[^>]* href="\/fortune"[^>]*>[^<]*fortune/i)
  const usage = (await app.inject({ url: '/', headers: CURL })).body
  for (const line of ['/fortune', '/fortunes', '/today']) t.match(usage, `curl http://localhost:80${line}`, `the terminal usage names ${line}`)
})

t.test('a fortune\'s backspaces: Perl\'s bytes for a terminal, what a terminal shows on a page and in XML', async t => {
  const app = await build(t)
  const index = [...Array(431).keys()].map((at) => at + 1).find((at) => fortune('fortunes', at).includes('\b')) ?? 0
  const text = fortune('fortunes', index)
  t.match(text, '*__\b\bUN*lucky')
  const terminal = await app.inject({ url: `/fortune/fortunes/${index}`, headers: CURL })
  t.equal(terminal.body, renderCow(text, asFortune()), 'the bytes, as Perl cowsay passes them')
  const page = await app.inject({ url: `/fortune/fortunes/${index}` })
  t.match(preText(page.body), '*UN*lucky', 'a page shows what the terminal shows')
  t.notMatch(page.body, '\b')
  const xml = await app.inject({ url: `/fortune/fortunes/${index}?format=xml` })
  t.notMatch(xml.body, '\b', 'XML 1.0 cannot carry a backspace')
  t.equal(new DOMParser().parseFromString(xml.body, 'application/xml').getElementsByTagName('parsererror').length, 0)
  const json = (await app.inject({ url: `/fortune/fortunes/${index}?format=json` })).json<{ text: string, ansi: string, output: string }>()
  t.equal(json.text, text, 'JSON carries the fortune as it is')
  t.equal(json.ansi, terminal.body)
  t.equal(stripAnsi(json.output), json.output)
  t.notMatch(json.output, '\b', 'and what a screen shows as output')
})

t.test('the OpenAPI document describes the fortune routes, a fortune in every result format', async t => {
  const app = await build(t)
  const doc = (await app.inject({ url: '/openapi.json' })).json<{ paths: Record<string, { get: { parameters: Array<{ name: string }>, responses: Record<string, { content?: Record<string, unknown> }> } }> }>()
  for (const path of ['/fortune', '/fortune/{database}/{index}', '/fortunes', '/today', '/day/{date}']) t.ok(doc.paths[path]?.get, `documents ${path}`)
  const one = doc.paths['/fortune/{database}/{index}']?.get
  t.same(Object.keys(one?.responses['200']?.content ?? {}).sort(), ['application/json', 'application/xml', 'image/png', 'image/svg+xml', 'text/html', 'text/plain'])
  t.ok(['cow', 'mode', 'eyes', 'tongue', 'width', 'nowrap', 'cowfile', 'color', 'action', 'format'].every((name) => one?.parameters.some((parameter) => parameter.name === name)), 'every option of /say, and action')
  t.ok(['db', 'short'].every((name) => doc.paths['/fortune']?.get.parameters.some((parameter) => parameter.name === name)), '/fortune: db and short')
  t.ok(one?.responses['404'], 'a 404 that says what exists')
})

t.test('a fortune\'s page and a day\'s are embedded as any result: oEmbed reads the fortune\'s link back', async t => {
  const app = await build(t)
  for (const [page, link] of [['/fortune/riddles/13?cow=tux', 'http://cows.test/fortune/riddles/13?cow=tux'], ['/day/2026-12-01', `http://cows.test/fortune/${dayPick('2026-12-01').fortune.database}/${dayPick('2026-12-01').fortune.index}?cow=${dayPick('2026-12-01').cow}`]]) {
    const html = (await app.inject({ url: page, headers: { host: 'cows.test' } })).body
    const discovery = /<link rel="alternate" type="application\/json\+oembed" href="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? ''
    t.equal(new URL(discovery).searchParams.get('url'), link, `${page}: the page names the fortune's link`)
    const photo = await app.inject({ url: discovery.replace('http://cows.test', ''), headers: { host: 'cows.test' } })
    t.equal(photo.statusCode, 200, page)
    const { url } = photo.json<{ url: string }>()
    t.equal(url, `${link}&format=png`, `${page}: the photo is the fortune's PNG`)
    t.equal((await app.inject({ url: url.replace('http://cows.test', '') })).headers['content-type'], 'image/png')
  }
  const unknown = await app.inject({ url: `/oembed?url=${encodeURIComponent('http://cows.test/fortune/riddles/999')}`, headers: { host: 'cows.test' } })
  t.equal(unknown.statusCode, 404, 'a fortune there is not is no result')
})

t.test('a result answered in place of its link names it only when it is sent: no Content-Location on a 406', async t => {
  const app = await build(t)
  const requests = [
    { method: 'GET' as const, url: '/fortune' },
    { method: 'GET' as const, url: '/today' },
    { method: 'GET' as const, url: '/say/hi?cow=random' },
    { method: 'POST' as const, url: '/say', payload: 'text=hi', headers: { 'content-type': 'application/x-www-form-urlencoded' } }
  ]
  for (const { headers = {}, ...request } of requests) {
    const refused = await app.inject({ ...request, headers: { ...headers, accept: 'application/pdf' } })
    t.equal(refused.statusCode, 406, `${request.method} ${request.url}: 406`)
    t.equal(refused.headers['content-location'], undefined, `${request.method} ${request.url}: no link named for the refusal`)
    const sent = await app.inject({ ...request, headers: { ...headers, accept: 'text/plain' } })
    t.equal(sent.statusCode, 200, `${request.method} ${request.url}: 200 as text`)
    t.match(sent.headers['content-location'], /^http:\/\/localhost:80\/(?:fortune|day|say)\//, `${request.method} ${request.url}: the link named beside the result`)
  }
})
