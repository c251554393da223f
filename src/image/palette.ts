import { rgbColor, type Color } from '../cowsay/sgr.js'

/* Colours as pictures draw them: the page, the SVG and the PNG. */

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
