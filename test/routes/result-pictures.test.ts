import t from 'tap'
import { ACCEPT, build } from '../helper.js'
import { PNG_SIGNATURE, decodePng, elements, externalReferences, parseSvg } from '../support/pictures.js'

const BROWSERS = {
  chromePage: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7',
  firefoxPage: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  chromeImage: 'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8',
  firefoxImage: 'image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5',
  safariImage: 'image/webp,image/avif,image/jxl,image/heic,image/heic-sequence,video/*;q=0.8,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5'
}

t.test('GET /say/:text and /think/:text answer SVG and PNG, by ?format= or Accept', async (t) => {
  const app = await build(t)
  const cases: Array<[string, string | undefined, 'svg' | 'png']> = [
    ['/say/Hello%20world?format=svg', undefined, 'svg'],
    ['/say/Hello%20world?format=png', undefined, 'png'],
    ['/say/Hello%20world?format=png', ACCEPT.json, 'png'],
    ['/think/Hello%20world?cow=tux', 'image/svg+xml', 'svg'],
    ['/think/Hello%20world?cow=tux', 'image/png', 'png'],
    ['/say/%E4%B8%AD%E6%96%87%20%F0%9F%90%84', 'image/png', 'png'],
    ['/say?text=%2E%2E&format=png', undefined, 'png']
  ]
  for (const [url, accept, format] of cases) {
    const response = await app.inject({ url, headers: accept === undefined ? {} : { accept } })
    t.equal(response.statusCode, 200, `${url} ${accept}`)
    t.match(response.headers.vary, /Accept/, `${url}: Vary: Accept`)
    if (format === 'png') {
      t.equal(response.headers['content-type'], 'image/png', `${url} ${accept}: PNG`)
      t.same(response.rawPayload.subarray(0, 8), PNG_SIGNATURE, `${url}: a PNG`)
      const picture = decodePng(response.rawPayload)
      t.ok(picture.width > 100 && picture.height > 100, `${url}: ${picture.width}x${picture.height}`)
    } else {
      t.equal(response.headers['content-type'], 'image/svg+xml; charset=utf-8', `${url} ${accept}: SVG`)
      const document = parseSvg(response.body)
      t.ok(elements(document, 'text').length >= 8, `${url}: the drawing's lines`)
      t.same(externalReferences(document), [])
    }
  }
})

t.test('browsers get the page when they navigate, and a picture for an <img>', async (t) => {
  const app = await build(t)
  const cases: Array<[string, string, string]> = [
    ['Chrome, a page', BROWSERS.chromePage, 'text/html; charset=utf-8'],
    ['Firefox and Safari, a page', BROWSERS.firefoxPage, 'text/html; charset=utf-8'],
    ['curl', '*/*', 'text/html; charset=utf-8'],
    ['Chrome, an image', BROWSERS.chromeImage, 'image/svg+xml; charset=utf-8'],
    ['Firefox, an image', BROWSERS.firefoxImage, 'image/png'],
    ['Safari, an image', BROWSERS.safariImage, 'image/png']
  ]
  for (const [who, accept, type] of cases) {
    const response = await app.inject({ url: '/say/moo', headers: { accept } })
    t.equal(response.headers['content-type'], type, `${who}: ${type}`)
  }
})

function metaContent (html: string, property: string): string | undefined {
  const match = new RegExp(`<meta (?:property|name)="${property}" content="([^"]*)">`).exec(html)
  return match?.[1]?.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
}

t.test('result pages carry og:image, a card for link previews, so chat apps unfurl the cow', async (t) => {
  const cases: Array<[string, string | null, string]> = [
    ['/say/Hello%2C%20world', null, 'http://cows.test/say/Hello%2C%20world?format=card'],
    ['/think/Deep%20%3Cthoughts%3E?cow=tux&width=20', null, 'http://cows.test/think/Deep%20%3Cthoughts%3E?cow=tux&width=20&format=card'],
    ['/say/%E4%B8%AD%E6%96%87%20%F0%9F%90%84', 'https://cowsay.example', 'https://cowsay.example/say/%E4%B8%AD%E6%96%87%20%F0%9F%90%84?format=card']
  ]
  for (const [url, publicUrl, image] of cases) {
    const app = await build(t, { publicUrl })
    const html = (await app.inject({ url, headers: { accept: BROWSERS.chromePage, host: 'cows.test' } })).body
    t.equal(metaContent(html, 'og:image'), image, `${url}: the absolute URL of its PNG`)
    t.equal(metaContent(html, 'og:image:type'), 'image/png')
    t.equal(metaContent(html, 'twitter:card'), 'summary_large_image')
    const text = decodeURIComponent(url.replace(/^\/(say|think)\//, '').replace(/\?.*$/, ''))
    // The picture's alternative text is the page title's words: "A cow says: …", "Tux thinks: …".
    t.equal(metaContent(html, 'og:image:alt'), `${url.includes('cow=tux') ? 'Tux' : 'A cow'} ${url.startsWith('/say') ? 'says' : 'thinks'}: ${text}`, `${url}: alt text`)
    // What an unfurler does next: fetch the image, with its own Accept header.
    const png = await app.inject({ url: new URL(image).pathname + new URL(image).search, headers: { accept: '*/*' } })
    t.equal(png.headers['content-type'], 'image/png')
    const picture = decodePng(png.rawPayload)
    t.same([picture.width, picture.height], [1200, 630], `${url}: the card is 1200x630, the shape chat apps show large`)
    t.equal(metaContent(html, 'og:image:width'), String(picture.width), `${url}: og:image:width is the PNG's`)
    t.equal(metaContent(html, 'og:image:height'), String(picture.height), `${url}: og:image:height is the PNG's`)
    t.equal(metaContent(html, 'twitter:image:alt'), metaContent(html, 'og:image:alt'))
  }
})

t.test('pictures are deterministic: the same bytes every time, HEAD included', async (t) => {
  const app = await build(t)
  for (const format of ['png', 'svg']) {
    const url = `/say/same%20again?cow=tux&format=${format}`
    const first = await app.inject({ url })
    const second = await app.inject({ url })
    t.same(second.rawPayload, first.rawPayload, `${format}: same bytes`)
    const head = await app.inject({ method: 'HEAD', url })
    t.equal(head.statusCode, 200)
    t.equal(head.headers['content-type'], first.headers['content-type'])
    t.equal(head.body, '')
  }
  const other = await app.inject({ url: '/say/same%20again?format=png' })
  const tux = await app.inject({ url: '/say/same%20again?cow=tux&format=png' })
  t.notSame(other.rawPayload, tux.rawPayload, 'another cow, another picture')
})

t.test('a picture request with a mistake gets the error as text (an <img> reads no HTML)', async (t) => {
  const app = await build(t)
  const response = await app.inject({ url: '/say/x?format=png&width=500', headers: { accept: BROWSERS.chromeImage } })
  t.equal(response.statusCode, 400)
  t.equal(response.headers['content-type'], 'text/plain; charset=utf-8')
  t.equal(response.body, '400 Bad Request: Invalid query parameter "width": it must be a whole number from 2 to 200\n')
  const json = await app.inject({ url: '/say/x?format=gif', headers: { accept: ACCEPT.json } })
  t.equal(json.json().message, 'Invalid query parameter "format": it must be one of html, json, text, xml, svg, png, card')
})

t.test('/cows offers no pictures, and says so', async (t) => {
  const app = await build(t)
  const none = await app.inject({ url: '/cows', headers: { accept: 'image/png' } })
  t.equal(none.statusCode, 406)
  t.equal(none.body, '406 Not Acceptable: Not acceptable: this resource is available as text/html, application/json, text/plain, application/xml (or ?format=html|json|text|xml)\n')
  const asked = await app.inject({ url: '/cows?format=png', headers: { accept: ACCEPT.json } })
  t.equal(asked.statusCode, 400)
  t.equal(asked.body, '400 Bad Request: Invalid query parameter "format": it must be one of html, json, text, xml\n', 'a picture was asked for: the error is text')
})
