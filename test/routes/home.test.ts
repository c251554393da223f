import t from 'tap'
import { COLOR_SCHEMES } from '../../src/cowsay/ansi.js'
import { MODES, listCows } from '../../src/cowsay/index.js'
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
