import { graphemes } from './width.js'

/*
 * Colour in drawings, both ways: the `color` option turns a drawing into ANSI
 * SGR escapes for terminals (colorize), and any drawing's escapes, ours or a
 * colour cow file's, are read back into styled spans (parseAnsi) that the page,
 * the SVG and the PNG draw cell by cell. Nothing here knows about HTTP.
 *
 * What counts as an escape is defined once, by ESCAPE below: a CSI sequence
 * (ESC [ parameters intermediates final), or a lone ESC. stripAnsi removes
 * exactly those, so a coloured drawing without its escapes is the colourless
 * drawing byte for byte; only SGR (final `m`) changes the style, any other CSI
 * (cursor movement, erasing) is dropped, because a drawing is text on a grid.
 */

const ESC = '\u001B'
const ESCAPE = /\u001B(?:\[([0-?]*)[ -/]*([@-~]))?/g

/** A colour: an index into the 256-colour palette, or 24-bit as `#rrggbb`. */
export type Color = number | `#${string}`

/** What a run of text looks like; null colours are the surface's own (the terminal's default). */
export interface Style {
  fg: Color | null
  bg: Color | null
  bold: boolean
}

/** A run of text, without escapes, and its style. */
export interface Span {
  text: string
  style: Readonly<Style>
}

export const PLAIN: Readonly<Style> = Object.freeze({ fg: null, bg: null, bold: false })

const sameColor = (a: Color | null, b: Color | null): boolean => a === b
const sameStyle = (a: Style, b: Style): boolean =>
  sameColor(a.fg, b.fg) && sameColor(a.bg, b.bg) && a.bold === b.bold
export const isPlain = (style: Style): boolean => sameStyle(style, PLAIN)

/** The drawing without its escapes. */
export const stripAnsi = (text: string): string => text.includes(ESC) ? text.replace(ESCAPE, '') : text

/** Whether a drawing carries any escape at all. */
export const hasAnsi = (text: string): boolean => text.includes(ESC)

const byte = (value: string | undefined): number | undefined => {
  if (value === undefined || !/^\d{1,3}$/.test(value)) return undefined
  const n = Number(value)
  return n <= 255 ? n : undefined
}

const hex2 = (n: number): string => n.toString(16).padStart(2, '0')
const rgbColor = (r: number, g: number, b: number): `#${string}` => `#${hex2(r)}${hex2(g)}${hex2(b)}`

/**
 * An extended colour (after 38 or 48): `5;n` or `2;r;g;b` from the
 * semicolon-separated parameters, or their colon forms `5:n`, `2:r:g:b` and
 * `2::r:g:b` (ITU T.416, with an empty colour-space id). Returns the colour
 * (undefined when malformed) and how many more parameters it used.
 */
function extendedColor (parameter: string, rest: readonly string[]): { color: Color | undefined, used: number } {
  if (parameter.includes(':')) {
    const sub = parameter.split(':')
    if (sub[1] === '5') return { color: byte(sub[2]), used: 0 }
    if (sub[1] === '2') {
      const [r, g, b] = sub.length >= 6 ? sub.slice(3, 6) : sub.slice(2, 5)
      const channels = [byte(r), byte(g), byte(b)]
      return { color: channels.every((c) => c !== undefined) ? rgbColor(...channels as [number, number, number]) : undefined, used: 0 }
    }
    return { color: undefined, used: 0 }
  }
  if (rest[0] === '5') return { color: byte(rest[1]), used: 2 }
  if (rest[0] === '2') {
    const channels = [byte(rest[1]), byte(rest[2]), byte(rest[3])]
    return { color: channels.every((c) => c !== undefined) ? rgbColor(...channels as [number, number, number]) : undefined, used: 4 }
  }
  return { color: undefined, used: rest.length === 0 ? 0 : 1 }
}

/**
 * Applies one SGR sequence's parameters to a style, as xterm does: 0 (or
 * nothing) resets, 1 and 22 set and clear bold, 30–37 / 90–97 and 40–47 /
 * 100–107 pick the 16 colours, 38 and 48 the 256 or 24-bit ones, 39 and 49 go
 * back to the defaults. Other attributes (italic, underline, inverse, blink)
 * are not drawn, and a malformed colour leaves the style as it was.
 */
function applySgr (style: Style, parameters: string): Style {
  const next = { ...style }
  const list = parameters === '' ? ['0'] : parameters.split(';')
  for (let i = 0; i < list.length; i++) {
    const parameter = list[i] ?? ''
    const code = Number(parameter.split(':')[0] || '0')
    if (code === 38 || code === 48) {
      const { color, used } = extendedColor(parameter, list.slice(i + 1))
      i += used
      if (color !== undefined) next[code === 38 ? 'fg' : 'bg'] = color
    } else if (code === 0) {
      Object.assign(next, PLAIN)
    } else if (code === 1) {
      next.bold = true
    } else if (code === 22) {
      next.bold = false
    } else if (code >= 30 && code <= 37) {
      next.fg = code - 30
    } else if (code >= 90 && code <= 97) {
      next.fg = code - 90 + 8
    } else if (code === 39) {
      next.fg = null
    } else if (code >= 40 && code <= 47) {
      next.bg = code - 40
    } else if (code >= 100 && code <= 107) {
      next.bg = code - 100 + 8
    } else if (code === 49) {
      next.bg = null
    }
  }
  return next
}

/**
 * Reads a drawing into lines of styled spans, the escapes gone. The style
 * carries over line breaks, as in a terminal (a cow file may set a colour on
 * one line and reset it lines later). Adjacent text of one style is one span;
 * a line with nothing on it is an empty array.
 */
export function parseAnsi (drawing: string): Span[][] {
  const lines: Span[][] = []
  let style: Style = { ...PLAIN }
  for (const line of drawing.split('\n')) {
    const spans: Span[] = []
    const push = (text: string): void => {
      if (text === '') return
      const last = spans[spans.length - 1]
      if (last !== undefined && sameStyle(last.style, style)) last.text += text
      else spans.push({ text, style })
    }
    let from = 0
    for (const match of line.matchAll(ESCAPE)) {
      push(line.slice(from, match.index))
      from = match.index + match[0].length
      if (match[2] === 'm' && /^[\d;:]*$/.test(match[1] ?? '')) style = Object.freeze(applySgr(style, match[1] ?? ''))
    }
    push(line.slice(from))
    lines.push(spans)
  }
  return lines
}

const colorCodes = (color: Color, ground: 'fg' | 'bg'): string => {
  if (typeof color === 'string') {
    const [r, g, b] = [1, 3, 5].map((at) => parseInt(color.slice(at, at + 2), 16))
    return `${ground === 'fg' ? 38 : 48};2;${r};${g};${b}`
  }
  const base = ground === 'fg' ? 30 : 40
  if (color < 8) return String(base + color)
  if (color < 16) return String(base + 60 + color - 8)
  return `${ground === 'fg' ? 38 : 48};5;${color}`
}

/** The SGR parameters that set `style` from scratch (after a reset). */
const styleCodes = (style: Style): string[] => [
  ...(style.bold ? ['1'] : []),
  ...(style.fg === null ? [] : [colorCodes(style.fg, 'fg')]),
  ...(style.bg === null ? [] : [colorCodes(style.bg, 'bg')])
]

/** The escape that turns `from` into `to`: only what changes, with a reset first when something must be switched off. */
function transition (from: Style, to: Style): string {
  if (sameStyle(from, to)) return ''
  if (isPlain(to)) return `${ESC}[0m`
  const switchedOff = (from.bold && !to.bold) || (from.fg !== null && to.fg === null) || (from.bg !== null && to.bg === null)
  if (switchedOff || isPlain(from)) return `${ESC}[${(isPlain(from) ? [] : ['0']).concat(styleCodes(to)).join(';')}m`
  const changed = [
    ...(!from.bold && to.bold ? ['1'] : []),
    ...(to.fg !== null && !sameColor(from.fg, to.fg) ? [colorCodes(to.fg, 'fg')] : []),
    ...(to.bg !== null && !sameColor(from.bg, to.bg) ? [colorCodes(to.bg, 'bg')] : [])
  ]
  return `${ESC}[${changed.join(';')}m`
}

/**
 * Writes styled lines back as text with SGR escapes: a code only where the
 * style changes, and a reset at the end of every line that is not plain
 * there, so each line stands alone (pasted, or shown line by line).
 */
export function formatAnsi (lines: readonly Span[][]): string {
  return lines.map((spans) => {
    let current: Style = PLAIN
    let out = ''
    for (const span of spans) {
      out += transition(current, span.style) + span.text
      current = span.style
    }
    return out + transition(current, PLAIN)
  }).join('\n')
}

/* ---- The `color` option ---- */

/** The colour schemes of the `color` option, in the order the form and the help list them. */
export const COLOR_SCHEMES = ['rainbow', 'aurora', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan'] as const
type ColorScheme = typeof COLOR_SCHEMES[number]
/** Combines with a scheme (`rainbow,bold`) or stands alone. */
export const BOLD = 'bold'

/** What the `color` option asks for; no scheme and no bold is the colourless drawing. */
export interface ColorChoice {
  scheme: ColorScheme | null
  bold: boolean
}

export const NO_COLOR: Readonly<ColorChoice> = Object.freeze({ scheme: null, bold: false })

/** How a bad `color` value is explained: the allowed words and how they combine. */
export const COLOR_RULE = `it must be one of ${COLOR_SCHEMES.join(', ')}, optionally with ",${BOLD}" (for example rainbow,${BOLD}), or ${BOLD} alone`

/**
 * Reads a `color` value: a scheme, `bold`, or both separated by a comma, in
 * either order. Undefined when it is anything else (an unknown word, two
 * schemes, a word twice). The empty string is no colour.
 */
export function readColor (value: string): ColorChoice | undefined {
  if (value === '') return NO_COLOR
  let scheme: ColorScheme | null = null
  let bold = false
  for (const word of value.split(',')) {
    if (word === BOLD && !bold) bold = true
    else if ((COLOR_SCHEMES as readonly string[]).includes(word) && scheme === null) scheme = word as ColorScheme
    else return undefined
  }
  return { scheme, bold }
}

/** The canonical spelling of a choice: the scheme first, then `bold`; '' for none. */
export const colorValue = (choice: ColorChoice): string =>
  [...(choice.scheme === null ? [] : [choice.scheme]), ...(choice.bold ? [BOLD] : [])].join(',')

const isColored = (choice: ColorChoice): boolean => choice.scheme !== null || choice.bold

/** Neo-cowsay's --rainbow order: magenta, red, yellow, green, cyan, blue. */
const RAINBOW: readonly number[] = [5, 1, 3, 2, 6, 4]
const SINGLE: Readonly<Record<Exclude<ColorScheme, 'rainbow' | 'aurora'>, number>> = {
  red: 1, green: 2, yellow: 3, blue: 4, magenta: 5, cyan: 6
}

/**
 * Neo-cowsay's --aurora: red, green and blue follow sine waves a third of a
 * turn apart, sampled into the 6×6×6 colour cube. One step a character, slowly
 * (0.01 radian), so the colour drifts along the whole drawing. The channels
 * are kept to the cube's upper four levels (135 and up), where Neo-cowsay
 * reaches down to 0: its darkest blues are unreadable on a dark terminal.
 */
export function auroraColor (step: number): number {
  const level = (phase: number): number => 2 + Math.floor(4 * (Math.sin(0.01 * step + phase) * 127 + 128) / 256)
  return 16 + 36 * level(0) + 6 * level(2 * Math.PI / 3) + level(4 * Math.PI / 3)
}

const WHITESPACE = /^\s+$/u

/**
 * The drawing in the chosen colours, as text with SGR escapes: every visible
 * character gets the scheme's foreground (and bold), white space is left as it
 * was, and so is any background a colour cow set. Rainbow takes the next of
 * its six hues at every character, starting again on each line; aurora walks
 * its gradient along the whole drawing; a single colour is the same
 * everywhere. Escapes take no column and the drawing's characters are left as
 * they are: stripAnsi(colorize(d, c)) === stripAnsi(d).
 */
export function colorize (drawing: string, choice: ColorChoice): string {
  if (!isColored(choice)) return drawing
  let step = 0
  const lines = parseAnsi(drawing).map((spans) => {
    const out: Span[] = []
    let column = 0
    for (const span of spans) {
      for (const character of graphemes(span.text)) {
        let style = span.style
        if (!WHITESPACE.test(character)) {
          const fg = choice.scheme === null
            ? style.fg
            : choice.scheme === 'rainbow'
              ? RAINBOW[column % RAINBOW.length] ?? null
              : choice.scheme === 'aurora' ? auroraColor(step) : SINGLE[choice.scheme]
          style = { fg, bg: style.bg, bold: style.bold || choice.bold }
        }
        const last = out[out.length - 1]
        if (last !== undefined && sameStyle(last.style, style)) last.text += character
        else out.push({ text: character, style })
        column++
        step++
      }
    }
    return out
  })
  return formatAnsi(lines)
}

/* ---- Colours as pictures draw them ---- */

/**
 * The 16 basic colours as the page, the SVG and the PNG show them. A terminal
 * uses its own theme; ours is tuned for the dark surface coloured drawings are
 * shown on (see SURFACE): every colour the `color` option produces has a
 * contrast of at least 4.5:1 there. Black stays black, as cow files that paint
 * with it expect.
 */
const BASIC_COLORS: readonly string[] = [
  '#000000', '#ff6b6b', '#5fd068', '#e5c07b', '#6cb6ff', '#d291e4', '#4fc8d6', '#d0d0d0',
  '#7f848e', '#ff8f8f', '#8ae68f', '#ffe08a', '#9ccfff', '#e8b0f5', '#86e3ee', '#ffffff'
]

const CUBE_LEVELS = [0, 95, 135, 175, 215, 255]

/** xterm's 256 colours: the 16 above, the 6×6×6 cube, then 24 greys. */
export const PALETTE: readonly string[] = Object.freeze([
  ...BASIC_COLORS,
  ...Array.from({ length: 216 }, (_, i) => rgbColor(CUBE_LEVELS[Math.floor(i / 36)] ?? 0, CUBE_LEVELS[Math.floor(i / 6) % 6] ?? 0, CUBE_LEVELS[i % 6] ?? 0)),
  ...Array.from({ length: 24 }, (_, i) => rgbColor(8 + 10 * i, 8 + 10 * i, 8 + 10 * i))
])

/** The surface coloured drawings are drawn on, and its default ink: a dark terminal. */
export const SURFACE = Object.freeze({ background: '#1f2430', foreground: '#f3efe3' })

/** A colour as `#rrggbb`. */
export const colorHex = (color: Color): string => typeof color === 'string' ? color : PALETTE[color] ?? SURFACE.foreground

const channels = (hex: string): [number, number, number] => [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16)) as [number, number, number]

/** The palette entry nearest to a 24-bit colour (for places that can only name the 256). */
export function nearestIndex (color: Color): number {
  if (typeof color === 'number') return color
  const [r, g, b] = channels(color)
  let best = 0
  let bestDistance = Infinity
  // From 16: the basic colours are themed, the cube and the greys are exact.
  for (let index = 16; index < PALETTE.length; index++) {
    const [pr, pg, pb] = channels(PALETTE[index] ?? '#000000')
    const distance = (pr - r) ** 2 + (pg - g) ** 2 + (pb - b) ** 2
    if (distance < bestDistance) { best = index; bestDistance = distance }
  }
  return best
}

/** WCAG relative luminance of `#rrggbb`. */
function luminance (hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  }) as [number, number, number]
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** WCAG contrast ratio of two colours, from 1 to 21. */
export function contrast (a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (light + 0.05) / (dark + 0.05)
}
