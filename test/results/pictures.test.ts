import t from 'tap'
import { DEFAULT_OPTIONS } from '../../src/cowsay/index.js'
import { PictureCache } from '../../src/results/pictures.js'
import { DrawingCache } from '../../src/results/drawings.js'
import { decodePng } from '../support/pictures.js'

const drawings = new DrawingCache()
const drawing = (text: string) => drawings.draw(text, DEFAULT_OPTIONS)

t.test('PictureCache renders a PNG once and shares it, in flight or kept', async (t) => {
  const pictures = new PictureCache([])
  const [first, second] = await Promise.all([pictures.png(drawing('moo')), pictures.png(drawing('moo'))])
  t.equal(first, second, 'two requests at once share one render')
  t.equal(await pictures.png(drawing('moo')), first, 'a later request gets the kept PNG')
  t.same(pictures.stats.entries, 1)
  const decoded = decodePng(first)
  t.same({ width: decoded.width, height: decoded.height }, pictures.pngSize(drawing('moo')), 'pngSize is the PNG\'s size, known beforehand')
})

t.test('PictureCache stays within its byte budget', async (t) => {
  const budget = 80_000
  const pictures = new PictureCache([], budget)
  let rendered = 0
  for (let i = 0; i < 25; i++) {
    const png = await pictures.png(drawing(`message number ${i}`))
    rendered += png.length
    t.ok(pictures.stats.bytes <= budget, `after ${i + 1}: ${pictures.stats.bytes} bytes kept`)
  }
  t.ok(rendered > budget * 2, `more was rendered (${rendered} bytes) than is kept`)
  t.ok(pictures.stats.entries < 25, `the oldest were dropped (${pictures.stats.entries} kept)`)
})

t.test('PictureCache refuses a configured file that is not a font, when the app starts', async (t) => {
  const notAFont = new URL('../../package.json', import.meta.url).pathname
  t.throws(() => new PictureCache([notAFont]), { message: `${notAFont} is not a font file that can be read` })
})

t.test('PictureCache counts the PNGs its renderer has yet to return, however many are asked for', async (t) => {
  const pictures = new PictureCache([])
  const asked = Array.from({ length: 6 }, (_, i) => pictures.png(drawing(`queued ${i}`)))
  await new Promise((resolve) => setImmediate(resolve))
  t.equal(pictures.stats.rendering, 6, 'six sent to the renderer, drawn in turn')
  const pngs = await Promise.all(asked)
  t.equal(new Set(pngs).size, 6, 'then all six are rendered')
  t.equal(pictures.stats.rendering, 0)
})

