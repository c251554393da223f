import t from 'tap'
import { COLOR_SCHEMES } from '../../src/cowsay/color.js'
import { MODES, OPTION_LIST, encodeCowFile, listCows } from '../../src/cowsay/index.js'
import { build } from '../helper.js'

t.test('GET / is the form, with every option', async (t) => {
  const app = await build(t)
  const response = await app.inject({ url: '/' })
  t.equal(response.statusCode, 200)
  t.equal(response.headers['content-type'], 'text/html; charset=utf-8')
  const html = response.body
  t.match(html, /<form class="cow-form" action="\/say" method="get"/, 'a plain GET form: works without JavaScript')
  t.match(html, /<textarea id="text" name="text"[^>]*maxlength="1000"/)
  t.match(html, /<label for="text">Message<\/label>/)
  for (const name of ['action" value="say', 'action" value="think']) t.match(html, `name="${name}"`)
  for (const id of ['cow', 'mode', 'eyes', 'tongue', 'width']) {
    t.match(html, new RegExp(`<label for="${id}">`), `${id} has a label`)
    t.match(html, new RegExp(`id="${id}" name="${id}"`), `${id} field`)
  }
  t.match(html, /name="nowrap" value="1"/)
  const options = html.match(/<option value="[^"]*"/g) ?? []
  t.equal(options.length, listCows().length + 1 + MODES.length + 1 + COLOR_SCHEMES.length * 2 + 1 + 1, 'every cow, random, every mode and none, every colour (plain and bold), bold and none')
  t.match(html, /<option value="default" selected>default<\/option>/)
  t.match(html, /&lt; moo &gt;/, 'a preview cow')
})

t.test('GET / takes any option, and the message, from the query: a link can open the form with them chosen', async (t) => {
  const app = await build(t)
  const cases: Array<[string, RegExp[]]> = [
    ['/?cow=tux', [/<option value="tux" selected>tux<\/option>/, /aria-label="The tux says: moo"/, /<option value="" selected>/]],
    ['/?cow=random', [/<option value="random" selected>/, /data-preview-empty/]],
    ['/?mode=dead&eyes=%5E%5E&tongue=U&width=20&nowrap=1', [/<option value="dead" selected>/, /id="eyes" name="eyes" maxlength="2" value="\^\^"/, /id="tongue" name="tongue" maxlength="2" value="U"/, /id="width" name="width" type="number"[^>]*value="20"/, /name="nowrap" value="1" checked/]],
    ['/?color=rainbow,bold', [/<option value="rainbow,bold" selected>/, /<span class="ansi-f\d+ ansi-bold">/]],
    [`/?cowfile=${encodeCowFile('$the_cow = <<EOC;\n  $thoughts\n  (mine)\nEOC\n')}`, [/<details class="field field-wide field-cowfile" open>/, /\$the_cow = &lt;&lt;EOC;\n {2}\$thoughts\n {2}\(mine\)/, /\(mine\)\n<\/pre>|\(mine\)\s*<\/pre>/]],
    ['/?text=Hello%20there&action=think&cow=tux', [/<textarea id="text" name="text"[^>]*>Hello there<\/textarea>/, /value="think" checked/, /\( Hello there \)/, /aria-label="The tux thinks: Hello there"/]]
  ]
  for (const [url, patterns] of cases) {
    const response = await app.inject({ url, headers: { host: 'cows.test' } })
    t.equal(response.statusCode, 200, url)
    for (const pattern of patterns) t.match(response.body, pattern, `${url}: ${pattern}`)
    t.match(response.body, '<link rel="canonical" href="http://cows.test/">', `${url}: one canonical form`)
  }
  // Every option of the table can be preset: each differs from its default in one of the cases above.
  for (const option of OPTION_LIST) t.ok(cases.some(([url]) => new URL(url, 'http://x').searchParams.has(option.name)), `${option.name} is presettable`)

  const bad = await app.inject({ url: '/?width=500&cow=tux' })
  t.equal(bad.statusCode, 400, 'a bad preset is a 400')
  t.match(bad.body, /id="width"[^>]*aria-invalid="true"/, 'which marks its field')
  const unknown = await app.inject({ url: '/?cow=nope' })
  t.equal(unknown.statusCode, 400)
  t.equal((await app.inject({ url: '/?utm_source=x' })).statusCode, 200, 'unknown parameters are ignored')
})

t.test('pages carry no inline script or style', async (t) => {
  const app = await build(t)
  for (const url of ['/', '/say/hi', '/cows', '/nowhere', '/say/x?width=0']) {
    const html = (await app.inject({ url })).body
    t.notMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, `${url}: every script is a file`)
    t.notMatch(html, /<style/, `${url}: no style element`)
    t.notMatch(html, /\sstyle=/, `${url}: no style attribute`)
    t.notMatch(html, /\son[a-z]+=/, `${url}: no event handler attribute`)
  }
})
