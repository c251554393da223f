import t from 'tap'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cowSource, listCows } from '../../src/cowsay/index.js'
import { DEBIAN_COWS, OFFENSIVE_COWS } from '../../src/cowsay/cows.js'
import { ACCEPT, build } from '../helper.js'

t.test('GET /cows lists every cow in each representation', async (t) => {
  const app = await build(t)
  const cows = listCows()
  t.ok(cows.length >= 190, `${cows.length} cows`)

  const json = await app.inject({ url: '/cows', headers: { accept: ACCEPT.json } })
  t.equal(json.statusCode, 200)
  const bySource = (source: string): string[] => cows.filter((cow) => cowSource(cow) === source)
  t.same(json.json(), { cows: [...cows], sources: { debian: bySource('debian'), bundled: bySource('bundled'), local: [] } },
    'the names, as before, and the same names by where they come from')
  // Debian's 47, whether or not cowsay-off has put its 3 in the same directory: those are hidden.
  if (existsSync(DEBIAN_COWS)) t.equal(json.json<{ sources: { debian: string[] } }>().sources.debian.length, 47)
  t.same(Object.keys(OFFENSIVE_COWS).filter((cow) => cows.includes(cow)), [], 'no offensive cow is listed')
  t.match(json.headers.vary, /Accept/)

  const text = await app.inject({ url: '/cows', headers: { accept: ACCEPT.text } })
  t.equal(text.body, cows.join('\n') + '\n')

  const xml = await app.inject({ url: '/cows?format=xml' })
  t.match(xml.body, /<cows>\n {2}<cows>\n {4}<cow xml:space="preserve">ackbar<\/cow>/, 'in alphabetical order, case aside')
  t.match(xml.body, /<sources>\n {4}<debian>\n {6}<cow xml:space="preserve">apt<\/cow>/)

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
  t.match(html.body, /<h2><a href="\/\?cow=stegosaurus">stegosaurus<\/a><\/h2>/, 'each card opens the form with its cow chosen')
  t.match(html.body, /href="\/\?cow=tux"/)
  t.match(html.body, /<h2><a href="\/">default<\/a><\/h2>/, 'the default cow links to the form as it is')
  t.notMatch(html.body, /\$the_cow|EOC|\$thoughts|\$eyes/, 'no raw Perl in any drawing')
  const again = await app.inject({ url: '/cows', headers: { host: 'cows.test' } })
  t.equal(again.body, html.body, 'the gallery is the same every time')
})

t.test('the gallery and /cows say where each cow comes from, an operator\'s COWPATH included', async (t) => {
  const directory = mkdtempSync(join(tmpdir(), 'cowpath-'))
  t.teardown(() => rmSync(directory, { recursive: true, force: true }))
  writeFileSync(join(directory, 'office.cow'), '## our own\n$the_cow = <<EOC;\n  $thoughts\n  [office $eyes]\nEOC\n')
  writeFileSync(join(directory, 'sneaky.cow'), '$the_cow = `cat /etc/passwd`;\n')
  const app = await build(t, { cowPath: [directory, ...(existsSync(DEBIAN_COWS) ? [DEBIAN_COWS] : [])] })

  const json = (await app.inject({ url: '/cows?format=json' })).json<{ cows: string[], sources: Record<string, string[]> }>()
  t.same(json.sources.local, ['office'], 'the operator\'s cow, not the refused one')
  t.notOk(json.cows.includes('sneaky'))
  const html = (await app.inject({ url: '/cows' })).body
  t.match(html, /<a href="\/\?cow=office">office<\/a><\/h2>\n\s*<p class="cow-source" data-cow-source="local">this site&#39;s own<\/p>/)
  t.match(html, /\[office oo\]/, 'drawn by our reader')
  t.match(html, existsSync(DEBIAN_COWS) ? '<p>47 Debian&#39;s original, 152 bundled collection, 1 this site&#39;s own.' : '<p>186 bundled collection, 1 this site&#39;s own.', 'counted by source, the hidden cows not')
  if (existsSync(DEBIAN_COWS)) t.match(html, /cow=tux">tux<\/a><\/h2>\n\s*<p class="cow-source" data-cow-source="debian">Debian&#39;s original<\/p>/)
  t.match(html, /cow=C3PO">C3PO<\/a><\/h2>\n\s*<p class="cow-source" data-cow-source="bundled">bundled collection<\/p>/)
  t.notMatch(html, new RegExp(directory), 'no server path in the page')
})
