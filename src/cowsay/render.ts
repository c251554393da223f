import { NO_COLOR, colorize, readColor } from './ansi.js'
import { drawBalloon } from './balloon.js'
import { drawCow } from './cows.js'
import { faceFor } from './faces.js'
import { balloonLines } from './message.js'
import type { CowOptions } from './options.js'

/**
 * What `printf %s "$text" | cowsay` (or cowthink) prints with the flags `options` stands for:
 * the balloon, then the cow, ending with a newline. With a colour, what Neo-cowsay's --rainbow,
 * --aurora or --bold would print: the same characters with SGR escapes among them (stripAnsi
 * gives the colourless drawing back). The balloon is measured on the text, never on escapes.
 */
export function renderCow (text: string, options: CowOptions): string {
  const lines = balloonLines(text, options.width, options.nowrap)
  const drawing = drawBalloon(lines, options.action) + drawCow(options.cow, options.action, faceFor(options))
  return colorize(drawing, readColor(options.color) ?? NO_COLOR)
}
