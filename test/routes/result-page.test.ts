import t from 'tap'
import { ACCEPT, build, preText } from '../helper.js'

t.test('the result page shows the drawing, the link, copy buttons and the prefilled form', async (t) => {
  const app = await build(t)
  const response = await app.inject({ url: '/think/Hello%20%3Cworld%3E?cow=tux&eyes=%5E%5E&width=30&nowrap=1', headers: { accept: ACCEPT.html, host: 'cows.test' } })
  t.equal(response.statusCode, 200)
  const html = response.body
  const permalink = 'http://cows.test/think/Hello%20%3Cworld%3E?cow=tux&amp;eyes=%5E%5E&amp;width=30&amp;nowrap=1'
  t.match(html, `<input id="permalink" type="url" value="${permalink}" readonly>`, 'the absolute canonical link')
  t.match(html, '<link rel="canonical" href="/think/Hello%20%3Cworld%3E?cow=tux&amp;eyes=%5E%5E&amp;width=30&amp;nowrap=1">')
  t.match(html, /<figure class="drawing cols-40" role="img" aria-label="The tux thinks: Hello &lt;world&gt;" tabindex="0">/, 'the drawing is one image, labelled with the message')
  t.match(html, /<pre id="drawing" aria-hidden="true">/, 'its characters are not read out')
  t.match(preText(html) ?? '', /\( Hello <world> \)/)
  t.match(html, /data-copy-from="permalink" data-copied="Link copied to the clipboard" hidden>Copy link</, 'copy buttons wait for JavaScript to show them')
  t.match(html, /data-copy-from="drawing" data-copied="Drawing copied to the clipboard" hidden>Copy drawing</)
  t.match(html, /<a class="button" href="\/think\/Hello%20%3Cworld%3E\?cow=random&amp;eyes=%5E%5E&amp;width=30&amp;nowrap=1">Random cow<\/a>/, 'a random cow, same text and options')
  t.match(html, /<textarea id="text" name="text"[^>]*>Hello &lt;world&gt;<\/textarea>/, 'the form is prefilled')
  t.match(html, /value="think" checked/)
  t.match(html, /<option value="tux" selected>/)
  t.match(html, /id="eyes" name="eyes" maxlength="2" value="\^\^"/)
  t.match(html, /id="width" name="width" type="number" min="2" max="200" step="1" value="30"/)
  t.match(html, /name="nowrap" value="1" checked/)
  t.match(html, /<title>Hello &lt;world&gt; · Cowsay as a Service<\/title>/)
  t.match(html, /<meta property="og:title" content="tux thinks: Hello &lt;world&gt;">/)
  t.match(html, /<meta property="og:url" content="http:\/\/cows.test\/think\/Hello%20%3Cworld%3E/)
  t.match(html, /<meta name="twitter:card"/)
  t.match(html, /href="\/think\/Hello%20%3Cworld%3E\?cow=tux&amp;eyes=%5E%5E&amp;width=30&amp;nowrap=1&amp;format=text">plain text<\/a>/)
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
