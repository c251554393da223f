import type { Action } from './options.js'
import { displayWidth } from './width.js'

interface Borders {
  first: [string, string]
  middle: [string, string]
  last: [string, string]
  only: [string, string]
}

const SPEECH: Borders = { first: ['/', '\\'], middle: ['|', '|'], last: ['\\', '/'], only: ['<', '>'] }
const THOUGHT: Borders = { first: ['(', ')'], middle: ['(', ')'], last: ['(', ')'], only: ['(', ')'] }

/**
 * cowsay 3.03's construct_balloon: lines padded with spaces to the widest, framed, between a
 * border of underscores and one of hyphens two wider than the text. No lines at all still
 * draws one empty line, `<  >`. Widths are terminal columns, as Debian's mbswidth patch measures.
 */
export function drawBalloon (lines: readonly string[], action: Action): string {
  const borders = action === 'think' ? THOUGHT : SPEECH
  const widths = lines.map(displayWidth)
  const textWidth = widths.reduce((max, width) => Math.max(max, width), 0)
  const row = ([left, right]: [string, string], index: number): string =>
    `${left} ${lines[index] ?? ''}${' '.repeat(textWidth - (widths[index] ?? 0))} ${right}\n`

  let balloon = ` ${'_'.repeat(textWidth + 2)}\n`
  if (lines.length < 2) {
    balloon += row(borders.only, 0)
  } else {
    balloon += row(borders.first, 0)
    for (let index = 1; index < lines.length - 1; index++) balloon += row(borders.middle, index)
    balloon += row(borders.last, lines.length - 1)
  }
  return balloon + ` ${'-'.repeat(textWidth + 2)}\n`
}
