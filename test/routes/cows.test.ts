import t from 'tap'
import { listCows } from '../../src/cowsay/index.js'
import { ACCEPT, build } from '../helper.js'

t.test('GET /cows lists every cow in each representation', async (t) => {
  const app = await build(t)
  const cows = listCows()
  t.ok(cows.length >= 190, `${cows.length} cows`)

  const json = await app.inject({ url: '/cows', headers: { accept: ACCEPT.json } })
  t.equal(json.statusCode, 200)
  t.same(json.json(), { cows: [...cows] })
  t.match(json.headers.vary, /Accept/)

  const text = await app.inject({ url: '/cows', headers: { accept: ACCEPT.text } })
  t.equal(text.body, cows.join('\n') + '\n')

  const xml = await app.inject({ url: '/cows?format=xml' })
  t.match(xml.body, /<cows>\n {2}<cows>\n {4}<cow xml:space="preserve">ackbar<\/cow>/, 'in alphabetical order, case aside')

  const none = await app.inject({ url: '/cows', headers: { accept: 'image/png' } })
  t.equal(none.statusCode, 406)
})

t.test('the gallery draws every cow, alone, and links to it', async (t) => {
  const app = await build(t)
  const html = await app.inject({ url: '/cows', headers: { host: 'cows.test' } })
  t.equal(html.statusCode, 200)
  t.equal(html.headers['content-type'], 'text/html; charset=utf-8')
  const drawings = [...html.body.matchAll(/<pre aria-hidden="true">([^<]*)<\/pre>/g)].map((match) => match[1] ?? '')
  t.equal(drawings.length, listCows().length, 'one drawing per cow, hidden from screen readers (the name is the link)')
  t.same(drawings.filter((drawing) => /moo|_{3,}\n</.test(drawing)), [], 'no balloon in any drawing')
  t.same(drawings.filter((drawing) => /^\s*\n|\n\s*$/.test(drawing) || drawing.split('\n').every((line) => line.startsWith(' '))), [], 'nor blank lines or columns around it')
  const names = [...html.body.matchAll(/<li class="cow-card" data-cow-name="([^"]+)">/g)].map((match) => match[1])
  t.same(names, [...listCows()], 'in the order of the cow menu')
  t.match(html.body, '<link rel="canonical" href="http://cows.test/cows">')
  t.match(html.body, /<div class="cow-filter needs-script" data-cow-filter>/, 'the filter is in the page from the start')
  t.match(html.body, /<h2><a href="\/say\/moo\?cow=stegosaurus">stegosaurus<\/a><\/h2>/)
  t.match(html.body, /href="\/say\/moo\?cow=tux"/)
  t.match(html.body, /href="\/say\/moo"/, 'the default cow links without a cow parameter')
  t.notMatch(html.body, /\$the_cow|EOC|\$thoughts|\$eyes/, 'no raw Perl in any drawing')
  const again = await app.inject({ url: '/cows', headers: { host: 'cows.test' } })
  t.equal(again.body, html.body, 'the gallery is the same every time')
})
