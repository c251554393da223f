import t from 'tap'
import { listCows } from '../../src/cowsay/index.js'
import { ACCEPT, build, preText } from '../helper.js'

t.test('the result page shows the drawing under its caption, the link, copy buttons, downloads, embeds and the prefilled form', async (t) => {
  const app = await build(t)
  const response = await app.inject({ url: '/think/Hello%20%3Cworld%3E?cow=tux&eyes=%5E%5E&width=30&nowrap=1', headers: { accept: ACCEPT.html, host: 'cows.test' } })
  t.equal(response.statusCode, 200)
  const html = response.body
  const permalink = 'http://cows.test/think/Hello%20%3Cworld%3E?cow=tux&amp;eyes=%5E%5E&amp;width=30&amp;nowrap=1'
  t.match(html, `<input id="permalink" type="url" value="${permalink}" readonly>`, 'the absolute canonical link')
  t.match(html, `<link rel="canonical" href="${permalink}">`, 'the canonical link is absolute, PUBLIC_URL or not')
  t.match(html, /<h1 id="result-title" class="result-title">Tux thinks: Hello &lt;world&gt;<\/h1>/, 'a visible caption: who says what')
  t.match(html, /<figure class="drawing cols-40" role="img" aria-label="The tux thinks: Hello &lt;world&gt;" tabindex="0">/, 'the drawing is one image, labelled with the message')
  t.match(html, /<pre id="drawing" aria-hidden="true">/, 'its characters are not read out')
  t.match(preText(html) ?? '', /\( Hello <world> \)/)
  t.match(html, /class="button needs-script" data-copy-from="permalink" data-copied="Link copied to the clipboard">Copy link</, 'copy buttons are there from the first paint, hidden where scripts cannot run')
  t.match(html, /class="button needs-script" data-copy-from="drawing" data-copied="Drawing copied to the clipboard">Copy drawing</)
  const picture = '/think/Hello%20%3Cworld%3E?cow=tux&amp;eyes=%5E%5E&amp;width=30&amp;nowrap=1&amp;format='
  t.match(html, `<a class="button" href="${picture}png" download="tux-thinks.png">Download PNG</a>`)
  t.match(html, `<a class="button" href="${picture}svg" download="tux-thinks.svg">Download SVG</a>`)
  t.match(html, `<textarea id="embed-markdown" rows="2" readonly spellcheck="false">![Tux thinks: Hello &lt;world&gt;](http://cows.test${picture}png)</textarea>`, 'a Markdown embed of the PNG')
  t.match(html, /<textarea id="embed-html" rows="2" readonly spellcheck="false">&lt;img src=&quot;http:\/\/cows.test\/think\/Hello%20%3Cworld%3E\?cow=tux&amp;amp;eyes=%5E%5E&amp;amp;width=30&amp;amp;nowrap=1&amp;amp;format=png&quot; alt=&quot;Tux thinks: Hello &amp;lt;world&amp;gt;&quot; width=&quot;\d+&quot; height=&quot;\d+&quot;&gt;<\/textarea>/, 'an HTML <img> embed, escaped twice: once in the snippet, once on the page')
  for (const field of ['embed-markdown', 'embed-html']) t.match(html, new RegExp(`data-copy-from="${field}"`), `${field} has a copy button`)
  t.match(html, /<a class="button" href="\/think\/Hello%20%3Cworld%3E\?cow=random&amp;eyes=%5E%5E&amp;width=30&amp;nowrap=1">Random cow<\/a>/, 'a random cow, same text and options')
  t.match(html, /<textarea id="text" name="text"[^>]*>Hello &lt;world&gt;<\/textarea>/, 'the form is prefilled')
  t.match(html, /value="think" checked/)
  t.match(html, /<option value="tux" selected>/)
  t.match(html, /id="eyes" name="eyes" maxlength="2" value="\^\^"/)
  t.match(html, /id="width" name="width" type="number" min="2" max="200" step="1" value="30"/)
  t.match(html, /name="nowrap" value="1" checked/)
  t.match(html, /<title>Tux thinks: Hello &lt;world&gt; · Cowsay as a Service<\/title>/)
  t.match(html, /<meta property="og:title" content="Tux thinks: Hello &lt;world&gt;">/)
  t.match(html, /<meta property="og:url" content="http:\/\/cows.test\/think\/Hello%20%3Cworld%3E/)
  t.match(html, /<meta name="twitter:card"/)
  t.match(html, /href="\/think\/Hello%20%3Cworld%3E\?cow=tux&amp;eyes=%5E%5E&amp;width=30&amp;nowrap=1&amp;format=text">plain text<\/a>/)
})

t.test('titles say who speaks: "A cow" for the default cow, the name capitalised for the others', async (t) => {
  const app = await build(t)
  const cases: Array<[string, string]> = [
    ['/say/hello', 'A cow says: hello'],
    ['/think/hmm', 'A cow thinks: hmm'],
    ['/say/hello?cow=tux', 'Tux says: hello'],
    ['/say/beep?cow=R2-D2', 'R2-D2 says: beep'],
    ['/say/one%0A%0Atwo', 'A cow says: one two']
  ]
  for (const [url, title] of cases) {
    const html = (await app.inject({ url })).body
    t.match(html, `<title>${title} · Cowsay as a Service</title>`, `${url}: <title>`)
    t.match(html, `<h1 id="result-title" class="result-title">${title}</h1>`, `${url}: heading`)
    t.match(html, `<meta property="og:title" content="${title}">`, `${url}: og:title`)
  }
})

t.test('a Markdown embed cannot be broken out of by the message', async (t) => {
  const app = await build(t)
  const html = (await app.inject({ url: '/say/%5Bclick%5D(javascript%3Aalert(1))%20%5C' })).body
  const markdown = /<textarea id="embed-markdown"[^>]*>([^<]*)<\/textarea>/.exec(html)?.[1]?.replace(/&#92;/g, '\\').replace(/&amp;/g, '&')
  t.equal(markdown, String.raw`![A cow says: \[click\](javascript:alert(1)) \\](http://localhost:80/say/%5Bclick%5D%28javascript%3Aalert%281%29%29%20%5C?format=png)`, 'brackets and backslashes are escaped in the alt text; the URL is all percent-encoded')
})

t.test('a hostile message is only ever text on the page', async (t) => {
  const app = await build(t)
  const attack = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
  const html = (await app.inject({ url: '/say/' + encodeURIComponent(attack) })).body
  t.notMatch(html, /<script>alert/)
  t.notMatch(html, /<img src=x/)
  t.match(preText(html) ?? '', attack.slice(0, 20))
})

t.test('an error page refills the form with what was sent, so only the mistake needs fixing', async (t) => {
  const app = await build(t)
  const cases: Array<[string, RegExp[]]> = [
    ['/think/Hello%20there?cow=tux&width=500&eyes=%5E%5E', [/<textarea id="text" name="text"[^>]*>Hello there<\/textarea>/, /value="think" checked/, /<option value="tux" selected>/, /id="width"[^>]*value="500"/, /id="eyes" name="eyes" maxlength="2" value="\^\^"/]],
    ['/say?text=two%0Alines&mode=borg&width=abc', [/>two\nlines<\/textarea>/, /<option value="borg" selected>/, /id="width"[^>]*value="40"/]],
    ['/say/x%1B%5B31m?cow=..%2Fetc', [/>x\[31m<\/textarea>/, /<option value="default" selected>/]],
    ['/say/%E0%A4%A', [/<textarea id="text" name="text"[^>]*><\/textarea>/]]
  ]
  for (const [url, patterns] of cases) {
    const response = await app.inject({ url, headers: { accept: ACCEPT.html } })
    t.ok(response.statusCode >= 400 && response.statusCode < 500, `${url}: ${response.statusCode}`)
    for (const pattern of patterns) t.match(response.body, pattern, `${url}: ${pattern}`)
    t.notMatch(response.body, /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/, `${url}: no control character in the page`)
  }
})

t.test('an error page says what is wrong beside the field at fault, marks it and focuses it', async (t) => {
  const app = await build(t)
  const cases: Array<[string, string, RegExp, string]> = [
    ['/say/x?width=0', 'width', /<input id="width" name="width" type="number"[^>]*aria-describedby="width-error" aria-invalid="true" autofocus>/, 'The wrap width must be a whole number from 2 to 200.'],
    ['/say/x?eyes=abc', 'eyes', /<input id="eyes" name="eyes"[^>]*aria-describedby="eyes-error" aria-invalid="true" autofocus>/, 'The eyes must be 1 or 2 characters, not control characters.'],
    ['/say/x?cow=nope', 'cow', /<select id="cow" name="cow" aria-describedby="cow-error" aria-invalid="true" autofocus>/, `Unknown cow &quot;nope&quot;: see /cows for the ${listCows().length} cows there are (or use &quot;random&quot;)`],
    ['/say/' + 'a'.repeat(1001), 'text', /<textarea id="text"[^>]*aria-describedby="text-hint text-count text-error" aria-invalid="true" autofocus/, 'Message too long: 1001 characters; the limit is 1000'],
    ['/?mode=sleepy', 'mode', /<select id="mode" name="mode" aria-describedby="mode-error" aria-invalid="true" autofocus>/, 'The mode must be one of borg, dead, greedy, paranoid, stoned, tired, wired, youthful.']
  ]
  for (const [url, field, control, message] of cases) {
    const html = (await app.inject({ url, headers: { accept: ACCEPT.html } })).body
    t.match(html, control, `${url}: the ${field} field is marked invalid, described by its error, and focused`)
    t.match(html, `<p class="field-error" id="${field}-error">${message}</p>`, `${url}: in plain words, beside it`)
    t.equal(html.match(/aria-invalid="true"/g)?.length, 1, `${url}: no other field is marked`)
    t.equal(html.match(/autofocus/g)?.length, 1, `${url}: one field takes the focus`)
  }
  const elsewhere = (await app.inject({ url: '/nowhere', headers: { accept: ACCEPT.html } })).body
  t.notMatch(elsewhere, /aria-invalid|autofocus|field-error/, 'a page that is not there marks no field')
  const json = await app.inject({ url: '/say/x?width=0', headers: { accept: ACCEPT.json } })
  t.same(Object.keys(json.json()).sort(), ['error', 'message', 'statusCode'], 'the API\'s error body is as it was')
})

t.test('the form words "no mode" and an empty tongue as what they are, and offers Ctrl+Enter where a keyboard is likely', async (t) => {
  const app = await build(t)
  const html = (await app.inject({ url: '/' })).body
  t.match(html, /<option value="" selected>\(no mode\)<\/option>/)
  t.match(html, /<input id="tongue" name="tongue" maxlength="2" value="" autocomplete="off"/, 'no placeholder that reads as a tongue called "none"')
  t.match(html, /<p class="hint shortcut-hint needs-script" data-shortcut-hint>or press <kbd>Ctrl<\/kbd>\+<kbd>Enter<\/kbd><\/p>/)
})
