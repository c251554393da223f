import t from 'tap'
import { ACCEPT, build, preText } from '../helper.js'

t.test('the result page shows the drawing, the link, copy buttons and the prefilled form', async (t) => {
  const app = await build(t)
  const response = await app.inject({ url: '/think/Hello%20%3Cworld%3E?cow=tux&eyes=%5E%5E&width=30&nowrap=1', headers: { accept: ACCEPT.html, host: 'cows.test' } })
  t.equal(response.statusCode, 200)
  const html = response.body
  const permalink = 'http://cows.test/think/Hello%20%3Cworld%3E?cow=tux&amp;eyes=%5E%5E&amp;width=30&amp;nowrap=1'
  t.match(html, `<input id="permalink" type="url" value="${permalink}" readonly>`, 'the absolute canonical link')
  t.match(html, `<link rel="canonical" href="/think/Hello%20%3Cworld%3E?cow=tux&amp;eyes=%5E%5E&amp;width=30&amp;nowrap=1">`)
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
