/* The `color` option: its words, how a value is read and spelled, and the drawing it colours. */
import { formatAnsi, parseAnsi, sameStyle, type Span } from './sgr.js'
import { graphemes } from './width.js'

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
