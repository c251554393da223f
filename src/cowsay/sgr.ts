/*
 * Colour in drawings, both ways: styled spans are written as ANSI SGR escapes
 * for terminals (formatAnsi; the `color` option's colorize in color.ts uses it),
 * and any drawing's escapes, ours or a colour cow file's, are read back into
 * styled spans (parseAnsi) that the page, the SVG and the PNG draw cell by cell
 * (their palette: src/image/palette.ts). Nothing here knows about HTTP.
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
export const sameStyle = (a: Style, b: Style): boolean =>
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
export const rgbColor = (r: number, g: number, b: number): `#${string}` => `#${hex2(r)}${hex2(g)}${hex2(b)}`

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
