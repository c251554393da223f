import t, { type Test } from 'tap'
import { DEBIAN_CJK_FONT } from '../../src/config.js'
import { testConfig } from '../support/config.js'
import { DEFAULT_OPTIONS, renderCow } from '../../src/cowsay/index.js'
import { SURFACE, colorHex } from '../../src/image/palette.js'
import { colorize } from '../../src/cowsay/color.js'
import { parseAnsi } from '../../src/cowsay/sgr.js'
import { displayWidth } from '../../src/cowsay/width.js'
import { BUNDLED_FONTS, fontChain } from '../../src/image/fonts.js'
import { CARD_SIZE, MAX_PNG_PIXELS, MAX_PNG_SIDE, MIN_CARD_SCALE, PNG_SCALE, cardLayout, drawingPng, outlinedSvg, pngSize } from '../../src/image/png.js'
import { CARD_MARGIN } from '../../src/image/png-size.js'
import { svgSize } from '../../src/image/svg.js'
import { hasTool, installedAt } from '../support/tools.js'
import { PNG_SIGNATURE, cellBox, decodePng, differences, externalReferences, inkIn, inside, parseSvg, pixelsOf } from '../support/pictures.js'

const fonts = fontChain([...BUNDLED_FONTS, ...testConfig().imageFonts])
const CJK_FONT = installedAt(DEBIAN_CJK_FONT, 'CJK needs Noto Sans CJK: apt-get install fonts-noto-cjk')

const drawingOf = (text: string, options: Partial<typeof DEFAULT_OPTIONS> = {}): string[] =>
  renderCow(text, { ...DEFAULT_OPTIONS, ...options }).replace(/\n$/, '').split('\n')

/** Tests that need the CJK font: skipped with the install hint locally, failed in CI. */
const withCjkFont = (t: Test): boolean => hasTool(t, CJK_FONT)

async function picture (lines: string[]) {
  const { png, size } = await drawingPng(lines, fonts)
  return { png, size, decoded: decodePng(png), natural: svgSize(lines) }
}

t.test('drawingPng gives a real PNG of the announced size, with ink where the message is', async (t) => {
  const messages: Record<string, string> = { ASCII: 'Hello, world', CJK: '中文字', emoji: '🐄🎉' }
  for (const [name, message] of Object.entries(messages)) {
    if (name === 'CJK' && !withCjkFont(t)) continue
    const lines = drawingOf(message)
    const { png, size, decoded, natural } = await picture(lines)
    t.same(png.subarray(0, 8), PNG_SIGNATURE, `${name}: the PNG signature`)
    t.same({ width: decoded.width, height: decoded.height }, size, `${name}: decodes to the size it announced`)
    t.same(size, pngSize(natural), `${name}: the size pngSize predicts`)
    t.same(size, { width: natural.width * PNG_SCALE, height: natural.height * PNG_SCALE }, `${name}: twice the SVG`)
    const messageBox = cellBox(decoded, natural, 1, 2, displayWidth(message))
    t.ok(inkIn(decoded, messageBox) > 50, `${name}: the message is drawn`)
    t.ok(inkIn(decoded) > inkIn(decoded, messageBox) + 1000, `${name}: and the cow`)
    t.equal(inkIn(decoded, { left: 0, top: 0, right: decoded.width, bottom: 30 }), 0, `${name}: the padding is empty`)
  }
})

t.test('the bundled and configured fonts really draw CJK and emoji: different characters, different glyphs', async (t) => {
  const pairs: Array<[string, string]> = [['🐄', '🎉'], ['👨‍👩‍👧', '🇫🇷'], ['é', 'ñ'], ['中', '文'], ['ア', '한']]
  for (const [first, second] of pairs) {
    if (/\p{Script=Han}|\p{Script=Katakana}/u.test(first) && !withCjkFont(t)) continue
    const a = await picture(drawingOf(first))
    const b = await picture(drawingOf(second))
    const box = cellBox(a.decoded, a.natural, 1, 2, displayWidth(first))
    t.ok(inkIn(a.decoded, box) > 20, `${first} is drawn`)
    t.ok(differences(a.decoded, b.decoded).length > 20, `${first} and ${second} look different`)
  }
})

t.test('no glyph moves the grid: whatever is drawn stays in its own cells', async (t) => {
  for (const glyph of ['中', 'ア', '🐄', '👨‍👩‍👧', '❤️', 'e\u0301', '𓀀']) {
    if (/\p{Script=Han}|\p{Script=Katakana}/u.test(glyph) && !withCjkFont(t)) continue
    const width = displayWidth(glyph)
    // nowrap keeps the spaces as given (wrapping would collapse them).
    const withGlyph = await picture(drawingOf(`ab${glyph}cd`, { nowrap: true }))
    const withSpace = await picture(drawingOf(`ab${' '.repeat(width)}cd`, { nowrap: true }))
    t.same(withGlyph.size, withSpace.size, `${glyph}: the same picture size as ${width} spaces`)
    // "< abXcd >": the glyph starts at column 4 of line 1.
    const box = cellBox(withGlyph.decoded, withGlyph.natural, 1, 4, width)
    const changed = differences(withGlyph.decoded, withSpace.decoded)
    t.ok(changed.length > 20, `${glyph}: drawn`)
    const outside = changed.filter((pixel) => !inside(pixel, { left: box.left - 1, top: box.top - 1, right: box.right + 1, bottom: box.bottom + 1 }))
    t.same(outside, [], `${glyph}: every changed pixel is inside its ${width} cell(s)`)
  }
})

t.test('a character no font has is drawn as an empty box in its cell', async (t) => {
  const first = await picture(drawingOf('x𓀀y'))
  const second = await picture(drawingOf('x𓀁y'))
  t.same(differences(first.decoded, second.decoded), [], 'two unknown characters look the same: the box')
  t.ok(inkIn(first.decoded, cellBox(first.decoded, first.natural, 1, 3)) > 20, 'the box is drawn')
  t.match(outlinedSvg(drawingOf('x𓀀y'), fonts).svg, /<rect [^>]*fill="none"/)
})

t.test('the PNG is drawn from a self-contained SVG of outlines: no font is looked up', async (t) => {
  const { svg } = outlinedSvg(drawingOf('moo 中 🐄'), fonts)
  const document = parseSvg(svg)
  t.same(externalReferences(document), [], 'only references to its own glyphs')
  t.equal(document.getElementsByTagName('text').length, 0, 'no text left to lay out')
  t.ok(document.getElementsByTagName('use').length > 20, 'glyphs are used where they appear')
})

t.test('the longest, widest and tallest messages give bounded pictures', async (t) => {
  const lorem = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore. '
  const cases: Array<[string, string, Partial<typeof DEFAULT_OPTIONS>]> = [
    ['1,000 characters at width 200', lorem.repeat(10).slice(0, 1000), { width: 200 }],
    ['1,000 characters at width 2', 'a'.repeat(1000), { width: 2 }],
    ['1,000 emoji at width 200', '🐄'.repeat(1000), { width: 200 }],
    ['1,000 tabs without wrapping', '\t'.repeat(999) + 'x', { nowrap: true }]
  ]
  for (const [name, text, options] of cases) {
    const lines = drawingOf(text, options)
    const { size, decoded } = await picture(lines)
    t.same({ width: decoded.width, height: decoded.height }, size, `${name}: ${size.width}x${size.height}`)
    t.ok(Math.max(size.width, size.height) <= MAX_PNG_SIDE, `${name}: no side over ${MAX_PNG_SIDE}`)
    t.ok(size.width * size.height <= MAX_PNG_PIXELS, `${name}: at most ${MAX_PNG_PIXELS} pixels`)
    // Inside the card's edge. Scaled to a tenth (1,000 tabs), text is a faint grey.
    const card = { left: 3, top: 3, right: decoded.width - 3, bottom: decoded.height - 3 }
    t.ok(inkIn(decoded, card, 245) > 100, `${name}: something is drawn`)
  }
})

t.test('pngSize scales twice up, and down past the limits', async (t) => {
  t.same(pngSize({ width: 300, height: 200 }), { width: 600, height: 400 })
  t.same(pngSize({ width: 100, height: 20000 }), { width: 40, height: 8192 }, 'a tall picture fits the side limit')
  const big = pngSize({ width: 3000, height: 3000 })
  t.ok(big.width * big.height <= MAX_PNG_PIXELS && big.width * big.height > MAX_PNG_PIXELS * 0.99, 'a big one fits the pixel limit')
  t.equal(big.width, big.height, 'keeping its proportions')
})

t.test('a coloured PNG shows each cell in the colour its escapes name, on the dark surface', async (t) => {
  const E = '\u001B'
  // "< ab >" in rainbow, bold, and a line of two backgrounds.
  const lines = colorize(drawingOf('ab').join('\n'), { scheme: 'rainbow', bold: true }).split('\n')
  lines.push(`${E}[48;5;208m    ${E}[48;2;30;120;200m    ${E}[0m`)
  const { decoded, natural } = await picture(lines)
  const spans = parseAnsi(lines[1] ?? '')[0] ?? []
  const [a, b] = ['a', 'b'].map((text) => spans.find((span) => span.text === text))
  const inCell = (column: number, hex: string): number => pixelsOf(decoded, hex, cellBox(decoded, natural, 1, column))
  t.ok(inCell(2, colorHex(a?.style.fg ?? 0)) > 30, `"a" is drawn in ${colorHex(a?.style.fg ?? 0)}`)
  t.equal(inCell(2, colorHex(b?.style.fg ?? 0)), 0, `and not in b's ${colorHex(b?.style.fg ?? 0)}`)
  t.ok(inCell(3, colorHex(b?.style.fg ?? 0)) > 30, `"b" is drawn in ${colorHex(b?.style.fg ?? 0)}`)
  const row = lines.length - 1
  const orange = cellBox(decoded, natural, row, 0, 4)
  const blue = cellBox(decoded, natural, row, 4, 4)
  const area = (box: typeof orange): number => (box.right - box.left - 2) * (box.bottom - box.top - 2)
  const shrink = (box: typeof orange): typeof orange => ({ left: box.left + 1, top: box.top + 1, right: box.right - 1, bottom: box.bottom - 1 })
  t.equal(pixelsOf(decoded, '#ff8700', shrink(orange), 2), area(orange), 'a 256-colour background fills its cells')
  t.equal(pixelsOf(decoded, '#1e78c8', shrink(blue), 2), area(blue), 'a 24-bit background fills its cells')
  t.ok(pixelsOf(decoded, SURFACE.background, { left: 4, top: 4, right: 30, bottom: 30 }, 2) > 500, 'the card is the dark surface')
})

/** The smallest box around the pixels darker than the card's backdrop: where the drawing's paper is. */
function paperBox (picture: ReturnType<typeof decodePng>): { left: number, top: number, right: number, bottom: number } {
  let left = picture.width; let top = picture.height; let right = 0; let bottom = 0
  for (let y = 0; y < picture.height; y++) {
    for (let x = 0; x < picture.width; x++) {
      // The paper is lighter than the backdrop (#e8e4d8): its red channel is above 0xf0.
      if ((picture.data[(y * picture.width + x) * 4] ?? 0) > 0xf0) {
        left = Math.min(left, x); right = Math.max(right, x + 1); top = Math.min(top, y); bottom = Math.max(bottom, y + 1)
      }
    }
  }
  return { left, top, right, bottom }
}

t.test('the link-preview card: 1200x630, the drawing centred and as large as fits', async (t) => {
  for (const [name, lines] of Object.entries({ 'a short message': drawingOf('moo'), 'tux, portrait': drawingOf('Hello, world!', { cow: 'tux' }), 'a wide line': drawingOf('a'.repeat(70), { width: 80 }) })) {
    const { png, size } = await drawingPng(lines, fonts, 'card')
    const decoded = decodePng(png)
    t.same([decoded.width, decoded.height, size.width, size.height], [CARD_SIZE.width, CARD_SIZE.height, CARD_SIZE.width, CARD_SIZE.height], `${name}: 1200x630`)
    const box = paperBox(decoded)
    t.ok(Math.abs(box.left - (CARD_SIZE.width - box.right)) <= 2 && Math.abs(box.top - (CARD_SIZE.height - box.bottom)) <= 2, `${name}: centred (${JSON.stringify(box)})`)
    const touches = Math.min(box.left, box.top)
    t.ok(touches >= CARD_MARGIN - 1 && touches <= CARD_MARGIN + 4, `${name}: as large as fits, the margin on its tighter side (${touches} px)`)
    t.ok(inkIn(decoded, box) > 2000, `${name}: drawn`)
  }
  const small = await drawingPng(drawingOf('moo'), fonts)
  t.ok(small.size.width < CARD_SIZE.width && small.size.height < CARD_SIZE.height, '?format=png keeps the picture at its own size')
})

t.test('the card of the largest messages crops rather than shrinks below a readable size', async (t) => {
  const longest = 'Lorem ipsum dolor sit amet '.repeat(37)
  const drawings = {
    '1,000 characters at width 40': drawingOf(longest),
    '1,000 characters at width 200': drawingOf(longest, { width: 200 }),
    '1,000 characters at width 2': drawingOf(longest, { width: 2 }),
    'a 1,000-character line, no wrap': drawingOf('x'.repeat(1000), { nowrap: true })
  }
  for (const [name, lines] of Object.entries(drawings)) {
    const layout = cardLayout(svgSize(lines))
    t.ok(layout.scale >= MIN_CARD_SCALE, `${name}: characters drawn at ${(16 * layout.scale).toFixed(1)} px`)
    t.ok(layout.cropped.right || layout.cropped.bottom, `${name}: cropped`)
    if (layout.cropped.bottom) t.equal(layout.y, CARD_MARGIN, `${name}: its first lines are kept`)
    if (layout.cropped.right) t.equal(layout.x, CARD_MARGIN, `${name}: the start of its lines is kept`)
  }
  const lines = drawings['1,000 characters at width 40']
  const { png } = await drawingPng(lines, fonts, 'card')
  const decoded = decodePng(png)
  t.same([decoded.width, decoded.height], [CARD_SIZE.width, CARD_SIZE.height])
  const layout = cardLayout(svgSize(lines))
  // The first line of text, row 1 of the drawing (row 0 is the balloon's top), columns 2 to 22.
  const firstLine = {
    left: Math.floor(layout.x + (20 + 2 * 16 * 1233 / 2048) * layout.scale),
    right: Math.ceil(layout.x + (20 + 22 * 16 * 1233 / 2048) * layout.scale),
    top: Math.floor(layout.y + (20 + 19) * layout.scale),
    bottom: Math.ceil(layout.y + (20 + 2 * 19) * layout.scale)
  }
  t.ok(inkIn(decoded, firstLine) > 200, 'the message\'s first line is on the card')
  const { scale } = cardLayout(svgSize(drawingOf('moo')))
  t.ok(scale > 2, `a short message is drawn large (x${scale.toFixed(2)})`)
})
