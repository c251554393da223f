import t from 'tap'
import fc from 'fast-check'
import { COLOR_SCHEMES, NO_COLOR, auroraColor, colorValue, colorize, readColor, type ColorChoice } from '../../src/cowsay/color.js'
import { PALETTE, SURFACE, colorHex, contrast, nearestIndex } from '../../src/image/palette.js'
import { formatAnsi, parseAnsi, stripAnsi, type Span, type Style } from '../../src/cowsay/sgr.js'
import { DEFAULT_OPTIONS, listCows, renderCow } from '../../src/cowsay/index.js'
import { SEED, messageText } from '../support/arbitraries.js'

const ESC = '\u001B'
const style = (overrides: Partial<Style>): Style => ({ fg: null, bg: null, bold: false, ...overrides })
const EVERY_CHOICE: ColorChoice[] = [null, ...COLOR_SCHEMES].flatMap((scheme) => [false, true].map((bold) => ({ scheme, bold })))

t.test('readColor takes a scheme, bold, or both, and nothing else', async (t) => {
  const valid: Array<[string, ColorChoice, string]> = [
    ['', NO_COLOR, ''],
    ['rainbow', { scheme: 'rainbow', bold: false }, 'rainbow'],
    ['aurora', { scheme: 'aurora', bold: false }, 'aurora'],
    ['cyan', { scheme: 'cyan', bold: false }, 'cyan'],
    ['bold', { scheme: null, bold: true }, 'bold'],
    ['rainbow,bold', { scheme: 'rainbow', bold: true }, 'rainbow,bold'],
    ['bold,red', { scheme: 'red', bold: true }, 'red,bold']
  ]
  for (const [value, choice, canonical] of valid) {
    t.same(readColor(value), choice, JSON.stringify(value))
    t.equal(colorValue(choice), canonical, `${JSON.stringify(value)} is written ${canonical}`)
  }
  for (const scheme of COLOR_SCHEMES) t.same(readColor(scheme), { scheme, bold: false }, scheme)
  for (const value of ['purple', 'Rainbow', 'red,blue', 'bold,bold', 'rainbow,', ',bold', 'red bold', 'rainbow;bold', '__proto__', 'red,bold,red', ' red']) {
    t.equal(readColor(value), undefined, `${JSON.stringify(value)} is refused`)
  }
})

t.test('colorize never changes a character: without its escapes the drawing is the colourless one', async (t) => {
  const cows = listCows()
  for (const cow of cows) {
    const plain = renderCow('Hello 中文 🐄 world', { ...DEFAULT_OPTIONS, cow })
    for (const choice of EVERY_CHOICE) {
      const colored = colorize(plain, choice)
      if (stripAnsi(colored) !== plain) t.fail(`${cow} with ${colorValue(choice)}`)
    }
  }
  t.pass(`${cows.length} cows × ${EVERY_CHOICE.length} choices`)
  fc.assert(fc.property(messageText, fc.constantFrom(...EVERY_CHOICE), (text, choice) => {
    const plain = renderCow(text, DEFAULT_OPTIONS)
    return stripAnsi(colorize(plain, choice)) === plain
  }), { seed: SEED, numRuns: 100 })
})

t.test('no colour asked for: the drawing comes back untouched, without an escape', async (t) => {
  const plain = renderCow('moo', DEFAULT_OPTIONS)
  t.equal(colorize(plain, NO_COLOR), plain)
  t.notOk(colorize(plain, NO_COLOR).includes(ESC))
})

t.test('every coloured line ends plain, and white space is never wrapped in escapes', async (t) => {
  const plain = renderCow('a few words\n\nand a second paragraph', { ...DEFAULT_OPTIONS, cow: 'tux' })
  for (const choice of EVERY_CHOICE.filter((c) => c.scheme !== null || c.bold)) {
    const colored = colorize(plain, choice)
    const lines = colored.split('\n')
    t.ok(lines.every((line) => !line.includes(ESC) || line.endsWith(`${ESC}[0m`)), `${colorValue(choice)}: each line resets`)
    t.notMatch(colored, /\u001B\[[\d;]*m +\u001B\[0m/, `${colorValue(choice)}: no escape around a space alone`)
    t.same(parseAnsi(colored).map((spans) => spans.filter((span) => /^\s+$/.test(span.text)).every((span) => span.style.fg === null)), lines.map(() => true))
  }
})

t.test('rainbow: each character the next of six hues, as Neo-cowsay, again from the first on every line', async (t) => {
  const colored = colorize('abcdefgh\n  xyz\n', { scheme: 'rainbow', bold: false })
  const [first, second] = parseAnsi(colored)
  // magenta, red, yellow, green, cyan, blue, then magenta again.
  t.same(first?.map((span) => [span.text, span.style.fg]), [['a', 5], ['b', 1], ['c', 3], ['d', 2], ['e', 6], ['f', 4], ['g', 5], ['h', 1]])
  // The spaces take their turn: x is the third character of its line.
  t.same(second?.map((span) => [span.text, span.style.fg]), [['  ', null], ['x', 3], ['y', 2], ['z', 6]])
  t.equal(colored.split('\n')[0], `${ESC}[35ma${ESC}[31mb${ESC}[33mc${ESC}[32md${ESC}[36me${ESC}[34mf${ESC}[35mg${ESC}[31mh${ESC}[0m`)
})

t.test('a character is a grapheme: an emoji sequence or an accented letter takes one hue, whole', async (t) => {
  const [line] = parseAnsi(colorize('👨‍👩‍👧e\u0301x', { scheme: 'rainbow', bold: false }))
  t.same(line?.map((span) => [span.text, span.style.fg]), [['👨‍👩‍👧', 5], ['e\u0301', 1], ['x', 3]])
})

t.test('aurora: a 256-colour gradient along the whole drawing, not restarting per line', async (t) => {
  const text = 'x'.repeat(300) + '\n' + 'x'.repeat(300) + '\n'
  const lines = parseAnsi(colorize(text, { scheme: 'aurora', bold: false }))
  const colors = lines.flatMap((spans) => spans.flatMap((span) => Array.from(span.text, () => span.style.fg)))
  t.equal(colors.length, 600)
  t.ok(colors.every((c) => typeof c === 'number' && c >= 16 && c <= 231), 'colours of the 6×6×6 cube')
  t.ok(new Set(colors).size >= 8, `it moves: ${new Set(colors).size} colours`)
  t.not(lines[1]?.[0]?.style.fg, lines[0]?.[0]?.style.fg, 'the second line goes on where the first stopped')
  // Smooth: neighbours differ in at most one level of each channel.
  const levels = (index: number): number[] => [Math.floor((index - 16) / 36), Math.floor((index - 16) / 6) % 6, (index - 16) % 6]
  for (let i = 1; i < colors.length; i++) {
    const [a, b] = [levels(colors[i - 1] as number), levels(colors[i] as number)]
    if (a.some((level, channel) => Math.abs(level - (b[channel] ?? 0)) > 1)) t.fail(`a jump at character ${i}`)
  }
  t.match(colorize('x', { scheme: 'aurora', bold: false }), /^\u001B\[38;5;\d+mx\u001B\[0m$/)
})

t.test('single colours are the terminal\'s own 31–36, so its theme decides the shade; bold is 1', async (t) => {
  const codes = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36 } as const
  for (const [scheme, code] of Object.entries(codes) as Array<[keyof typeof codes, number]>) {
    t.equal(colorize('<a b>', { scheme, bold: false }), `${ESC}[${code}m<a${ESC}[0m ${ESC}[${code}mb>${ESC}[0m`, scheme)
    t.equal(colorize('ab', { scheme, bold: true }), `${ESC}[1;${code}mab${ESC}[0m`, `${scheme},bold`)
  }
  t.equal(colorize('ab', { scheme: null, bold: true }), `${ESC}[1mab${ESC}[0m`, 'bold alone')
})

t.test('the option recolours a colour cow\'s characters and keeps its backgrounds', async (t) => {
  const cow = `${ESC}[48;5;208m  ${ESC}[38;2;1;2;3mab${ESC}[49m c\n`
  const [line] = parseAnsi(colorize(cow, { scheme: 'red', bold: false }))
  t.same(line, [
    { text: '  ', style: style({ bg: 208 }) },
    { text: 'ab', style: style({ fg: 1, bg: 208 }) },
    // White space is left as the cow had it (a foreground on a space shows nothing).
    { text: ' ', style: style({ fg: '#010203' }) },
    { text: 'c', style: style({ fg: 1 }) }
  ])
  t.equal(stripAnsi(colorize(cow, { scheme: 'rainbow', bold: true })), '  ab c\n')
  const [bolded] = parseAnsi(colorize(cow, { scheme: null, bold: true }))
  t.same(bolded?.[1], { text: 'ab', style: style({ fg: '#010203', bg: 208, bold: true }) }, 'bold alone keeps the cow\'s colours')
})

t.test('parseAnsi reads 16-colour, 256-colour and 24-bit SGR, in both syntaxes', async (t) => {
  const cases: Array<[string, string, Style]> = [
    ['basic foreground', '\u001B[31mx', style({ fg: 1 })],
    ['bright foreground', '\u001B[97mx', style({ fg: 15 })],
    ['basic background', '\u001B[44mx', style({ bg: 4 })],
    ['bright background', '\u001B[101mx', style({ bg: 9 })],
    ['bold', '\u001B[1mx', style({ bold: true })],
    ['bold, then normal intensity', '\u001B[1;22mx', style({})],
    ['combined', '\u001B[1;31;42mx', style({ fg: 1, bg: 2, bold: true })],
    ['256 foreground', '\u001B[38;5;208mx', style({ fg: 208 })],
    ['256 background, colon form', '\u001B[48:5:17mx', style({ bg: 17 })],
    ['24-bit foreground', '\u001B[38;2;255;135;0mx', style({ fg: '#ff8700' })],
    ['24-bit background after other codes', '\u001B[1;48;2;1;2;3;33mx', style({ fg: 3, bg: '#010203', bold: true })],
    ['24-bit, colon form with a colour space', '\u001B[38:2::10:20:30mx', style({ fg: '#0a141e' })],
    ['24-bit, colon form without', '\u001B[38:2:10:20:30mx', style({ fg: '#0a141e' })],
    ['default foreground', '\u001B[31;44m\u001B[39mx', style({ bg: 4 })],
    ['default background', '\u001B[31;44m\u001B[49mx', style({ fg: 1 })],
    ['reset', '\u001B[31;1m\u001B[0mx', style({})],
    ['empty reset', '\u001B[31m\u001B[mx', style({})],
    ['a colour out of range is ignored', '\u001B[32m\u001B[38;5;256mx', style({ fg: 2 })],
    ['a truncated colour is ignored', '\u001B[38;2;1;2mx', style({})],
    ['italic, underline, inverse are not drawn', '\u001B[3;4;7mx', style({})],
    ['other CSI sequences change nothing', '\u001B[31m\u001B[2K\u001B[10;5Hx', style({ fg: 1 })]
  ]
  for (const [name, input, expected] of cases) {
    t.same(parseAnsi(input), [[{ text: 'x', style: expected }]], name)
    t.equal(stripAnsi(input), 'x', `${name}: stripped`)
  }
})

t.test('parseAnsi: styles carry over lines, runs of one style are one span, stray ESCs vanish', async (t) => {
  t.same(parseAnsi('\u001B[31mab\ncd\u001B[0m e\n'), [
    [{ text: 'ab', style: style({ fg: 1 }) }],
    [{ text: 'cd', style: style({ fg: 1 }) }, { text: ' e', style: style({}) }],
    []
  ])
  t.same(parseAnsi('a\u001B[31m\u001B[0mb'), [[{ text: 'ab', style: style({}) }]], 'an escape that changes nothing splits nothing')
  t.same(parseAnsi('a\u001Bb\u001B'), [[{ text: 'ab', style: style({}) }]])
  t.equal(stripAnsi('a\u001Bb\u001B[0'), 'ab[0', 'an unfinished sequence loses only its ESC')
  t.same(parseAnsi(''), [[]])
})

t.test('formatAnsi writes back what parseAnsi reads', async (t) => {
  const color = fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 255 }), fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255))
    .map(([r, g, b]) => `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}` as const))
  const span = fc.record({ text: fc.string({ minLength: 1, maxLength: 4 }).map((s) => s.replace(/[\u001B\n]/g, 'x')), style: fc.record({ fg: color, bg: color, bold: fc.boolean() }) })
  const lines = fc.array(fc.array(span, { maxLength: 6 }), { minLength: 1, maxLength: 4 })
  // The same text and styles, with neighbours of one style merged.
  const normal = (input: Span[][]): Array<Array<[string, Style]>> => input.map((spans) => spans.reduce<Array<[string, Style]>>((out, { text, style }) => {
    const last = out[out.length - 1]
    if (last !== undefined && JSON.stringify(last[1]) === JSON.stringify(style)) last[0] += text
    else out.push([text, { ...style }])
    return out
  }, []))
  fc.assert(fc.property(lines, (input) => {
    const written = formatAnsi(input)
    return JSON.stringify(normal(parseAnsi(written))) === JSON.stringify(normal(input)) &&
      stripAnsi(written) === input.map((spans) => spans.map((s) => s.text).join('')).join('\n')
  }), { seed: SEED, numRuns: 300 })
  t.pass('300 random drawings written and read back')
})

t.test('the palette: xterm\'s cube and greys, our 16 basic colours, all readable on the dark surface', async (t) => {
  t.equal(PALETTE.length, 256)
  t.same([PALETTE[16], PALETTE[208], PALETTE[231], PALETTE[232], PALETTE[255]], ['#000000', '#ff8700', '#ffffff', '#080808', '#eeeeee'])
  t.equal(colorHex(208), '#ff8700')
  t.equal(colorHex('#123456'), '#123456')
  // Every colour the option produces, on the surface coloured drawings are shown on.
  const produced = new Set<number>([1, 2, 3, 4, 5, 6])
  for (let step = 0; step < 700; step++) produced.add(auroraColor(step))
  for (const index of produced) {
    const ratio = contrast(colorHex(index), SURFACE.background)
    t.ok(ratio >= 4.5, `colour ${index} (${colorHex(index)}) has ${ratio.toFixed(2)}:1`)
  }
  t.ok(contrast(SURFACE.foreground, SURFACE.background) >= 7, 'the default ink')
})

t.test('nearestIndex finds the closest of the 256 for a 24-bit colour', async (t) => {
  t.equal(nearestIndex('#ff8700'), 208)
  t.equal(nearestIndex('#fe8801'), 208)
  t.equal(nearestIndex('#000000'), 16)
  t.equal(nearestIndex('#7f7f7f'), 244)
  t.equal(nearestIndex(42), 42)
})
