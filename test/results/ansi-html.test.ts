import t from 'tap'
import { readFileSync } from 'node:fs'
import { colorize } from '../../src/cowsay/color.js'
import { stripAnsi } from '../../src/cowsay/sgr.js'
import { DEFAULT_OPTIONS, renderCow } from '../../src/cowsay/index.js'
import { ansiHtml, ansiStylesheet } from '../../src/results/ansi-html.js'
import { preText } from '../helper.js'

const E = '\u001B'
/** What a browser shows of the inside of a <pre>: the text, tags gone, entities decoded. */
const shown = (html: string): string => preText(`<pre>${html.replace(/<\/?span[^>]*>/g, '')}</pre>`) ?? ''

t.test('ansiHtml: each coloured run a span named by its classes, the text escaped', async (t) => {
  t.equal(ansiHtml(`${E}[1;31m<b>${E}[0m & ${E}[38;5;208;48;2;0;0;0m"x"${E}[0m`),
    '<span class="ansi-f1 ansi-bold">&lt;b&gt;</span> &amp; <span class="ansi-f208 ansi-b16">&quot;x&quot;</span>')
  t.equal(ansiHtml(`${E}[38;2;255;135;1mx`), '<span class="ansi-f208">x</span>', 'a 24-bit colour is the nearest of the 256')
  t.equal(ansiHtml('<plain> & "cow"\n'), '&lt;plain&gt; &amp; &quot;cow&quot;\n', 'a colourless drawing is only escaped')
})

t.test('a page shows exactly the colourless drawing\'s characters', async (t) => {
  const plain = renderCow('<script>alert("moo")</script> & 中文', { ...DEFAULT_OPTIONS, cow: 'tux' })
  for (const scheme of ['rainbow', 'aurora', 'red'] as const) {
    const colored = colorize(plain, { scheme, bold: true })
    t.equal(shown(ansiHtml(colored)), stripAnsi(colored), scheme)
    t.notMatch(ansiHtml(colored), /<(?!\/?span)/, `${scheme}: no tag but spans`)
  }
})

t.test('public/css/ansi.css is the stylesheet the palette makes (npm run ansi-css writes it)', async (t) => {
  const committed = readFileSync(new URL('../../public/css/ansi.css', import.meta.url), 'utf8')
  t.equal(committed, ansiStylesheet())
  t.match(committed, /\.ansi-f208 \{ color: #ff8700; \}/)
  t.match(committed, /\.ansi-b255 \{ background-color: #eeeeee; \}/)
})
