import t from 'tap'
import { unfurl } from 'unfurl.js'
import { ACCEPT, build, listen } from '../helper.js'
import { decodePng } from '../support/pictures.js'

const oembed = (link: string, more = ''): string => `/oembed?url=${encodeURIComponent(link)}${more}`

t.test('a result page is discovered by an oEmbed consumer, and its photo is the result\'s PNG at its size', async (t) => {
  const { origin } = await listen(t)
  const page = `${origin}/say/hello%20world?cow=tux`
  // unfurl.js, as a site that is handed a link does: fetch the page, follow its oEmbed <link>.
  const found = await unfurl(page)
  const photo = found.oEmbed
  t.ok(photo, 'the consumer found the oEmbed link in the page')
  if (photo?.type !== 'photo') return
  t.match(photo, {
    version: '1.0',
    title: 'Tux says: hello world',
    author_name: 'the tux cow',
    provider_name: 'Cowsay as a Service',
    provider_url: origin + '/',
    url: `${origin}/say/hello%20world?cow=tux&format=png`
  })
  const png = await fetch(photo.url)
  t.equal(png.headers.get('content-type'), 'image/png')
  const picture = decodePng(Buffer.from(await png.arrayBuffer()))
  t.same({ width: photo.width, height: photo.height }, { width: picture.width, height: picture.height }, 'width and height are the PNG\'s own')
})

t.test('maxwidth and maxheight scale the picture down, keeping its proportions, and never up', async (t) => {
  const app = await build(t)
  const get = async (more: string): Promise<{ width: number, height: number }> => {
    const response = await app.inject({ url: oembed('http://cows.test/say/hello?cow=tux', more), headers: { host: 'cows.test' } })
    t.equal(response.statusCode, 200, more)
    return response.json()
  }
  const full = await get('')
  t.ok(full.width > 300 && full.height > 300, `the PNG is ${full.width}×${full.height}`)
  const cases: Array<[more: string, bound: { width?: number, height?: number }]> = [
    ['&maxwidth=200', { width: 200 }],
    ['&maxheight=150', { height: 150 }],
    ['&maxwidth=300&maxheight=100', { width: 300, height: 100 }],
    ['&maxwidth=1&maxheight=1', { width: 1, height: 1 }]
  ]
  for (const [more, bound] of cases) {
    const size = await get(more + '&format=json')
    t.ok(size.width <= (bound.width ?? Infinity) && size.height <= (bound.height ?? Infinity), `${more}: ${size.width}×${size.height} fits`)
    t.ok(size.width === bound.width || size.height === bound.height, `${more}: as large as fits`)
    t.ok(Math.abs(size.width / size.height - full.width / full.height) < 2 / Math.min(size.width, size.height) + 0.01, `${more}: the same proportions`)
  }
  t.same(await get('&maxwidth=100000&maxheight=100000'), full, 'limits larger than the picture leave it at its size')
})

t.test('links that are not results of this site are 404, other formats 501, bad limits 400', async (t) => {
  const app = await build(t)
  const cases: Array<[url: string, status: number, message: RegExp]> = [
    [oembed('http://elsewhere.test/say/hello'), 404, /not a result of http:\/\/cows\.test/],
    [oembed('http://cows.test/cows'), 404, /results are \/say\/<text> and \/think\/<text>/],
    [oembed('http://cows.test/say/hello?cow=nope'), 404, /unknown cow/i],
    [oembed('http://cows.test/say/hello?width=0'), 404, /option width is invalid/],
    [oembed('http://cows.test/say/hello?cow=random'), 404, /random cow/],
    [oembed('http://cows.test/say/%E0%A4'), 404, /not valid UTF-8/],
    [oembed('http://cows.test/say/hello?cow=tux&cow=moose'), 404, /given more than once/],
    [oembed('not a url'), 404, /not an absolute URL/],
    [oembed('http://cows.test/say/hello', '&format=xml'), 501, /Only format=json/],
    [oembed('http://cows.test/say/hello', '&maxwidth=0'), 400, /maxwidth/],
    [oembed('http://cows.test/say/hello', '&maxheight=tall'), 400, /maxheight/],
    ['/oembed', 400, /url/]
  ]
  for (const [url, status, message] of cases) {
    const response = await app.inject({ url, headers: { host: 'cows.test', accept: ACCEPT.json } })
    t.equal(response.statusCode, status, `${url}: ${status}`)
    // In JSON as asked, but for format=xml, which asks for the error in XML too.
    t.match(response.headers['content-type'], url.includes('format=xml') ? 'application/xml' : 'application/json')
    t.match(response.body, message, `${url}: ${message}`)
  }
})

t.test('every kind of result link is read as its page reads it', async (t) => {
  const app = await build(t, { publicUrl: 'https://cowsay.example' })
  const cases: Array<[link: string, png: string, title: string]> = [
    ['https://cowsay.example/think/hmm?eyes=%5E%5E', 'https://cowsay.example/think/hmm?eyes=%5E%5E&format=png', 'A cow thinks: hmm'],
    ['https://cowsay.example/say/a%2Fb?mode=dead&width=20', 'https://cowsay.example/say/a%2Fb?mode=dead&width=20&format=png', 'A cow says: a/b'],
    ['https://cowsay.example/say?text=..', 'https://cowsay.example/say?text=%2E%2E&format=png', 'A cow says: ..'],
    ['https://cowsay.example/say/hello?format=json', 'https://cowsay.example/say/hello?format=png', 'A cow says: hello']
  ]
  for (const [link, png, title] of cases) {
    const response = await app.inject({ url: oembed(link) })
    t.equal(response.statusCode, 200, link)
    t.match(response.json(), { url: png, title, provider_url: 'https://cowsay.example/' }, link)
    t.equal(response.headers['cache-control'], 'public, max-age=86400, s-maxage=2592000', 'cached as a result is, PUBLIC_URL being set')
    const picture = await app.inject({ url: new URL(png).pathname + new URL(png).search })
    t.equal(picture.statusCode, 200, `${png} is a picture`)
  }
})
