import t from 'tap'
import { join } from 'node:path'
import { build } from '../helper.js'
import { decodePng, elements, parseSvg, pixelsOf } from '../support/pictures.js'

/*
 * Colour cows (test/fixtures/cows, in the converters' format) from an operator's COWPATH, drawn
 * by the page, the SVG and the PNG through the one ANSI module: 256-colour and 24-bit
 * backgrounds, and foreground strokes.
 */

const COLOUR_COWS = join(import.meta.dirname, '../fixtures/cows')

t.test('a colour cow: its escapes in plain text, its colours in the page, the SVG and the PNG', async t => {
  const app = await build(t, { cowPath: [COLOUR_COWS] })
  const get = async (url: string): Promise<{ status: number, body: string, raw: Buffer }> => {
    const response = await app.inject({ url })
    return { status: response.statusCode, body: response.body, raw: response.rawPayload }
  }

  const text = await get('/say/moo?cow=colour-256&format=text')
  t.equal(text.status, 200)
  t.match(text.body, '\u001B[48;5;218m  ', 'plain text keeps the escapes, as Perl prints them')

  const page = await get('/say/moo?cow=colour-256')
  t.match(page.body, /<span class="ansi-b218">/, 'the page draws a 256-colour background as a classed span')
  t.notMatch(page.body, /\u001B/, 'no escape reaches the page')

  const rows: Array<[cow: string, colour: string, what: string]> = [
    ['colour-256', '#ffafd7', 'the pink nose (256-colour 218)'],
    ['colour-truecolor', '#ff5e4d', 'the 24-bit sunset'],
    ['colour-foreground', '#ff8000', 'the 24-bit orange udder stroke']
  ]
  for (const [cow, colour, what] of rows) {
    const svg = parseSvg((await get(`/say/moo?cow=${cow}&format=svg`)).body)
    const painted = [...elements(svg, 'rect'), ...elements(svg, 'tspan'), ...elements(svg, 'text')].filter(element => element.getAttribute('fill') === colour)
    t.ok(painted.length > 0, `${cow}, SVG: ${what}`)
    const png = await get(`/say/moo?cow=${cow}&format=png`)
    t.equal(png.status, 200)
    t.ok(pixelsOf(decodePng(png.raw), colour, undefined, 8) > 0, `${cow}, PNG: ${what}`)
  }
})
