import { NO_COLOR, colorize, readColor } from './color.js'
import { drawBalloon } from './balloon.js'
import { drawCow } from './cows.js'
import { customCow } from './custom-cow.js'
import { faceFor } from './faces.js'
import { balloonLines, messageLineCount } from './message.js'
import { DEFAULT_OPTIONS, type Action, type CowOptions } from './options.js'

/** Perl cowsay's $thoughts: the trail from the balloon to the cow. */
const THOUGHTS: Readonly<Record<Action, string>> = { say: '\\', think: 'o' }

/**
 * What `printf %s "$text" | cowsay` (or cowthink) prints with the flags `options` stands for:
 * the balloon, then the cow, ending with a newline. With a colour, what Neo-cowsay's --rainbow,
 * --aurora or --bold would print: the same characters with SGR escapes among them (stripAnsi
 * gives the colourless drawing back). The balloon is measured on the text, never on escapes.
 */
export function renderCow (text: string, options: CowOptions): string {
  const lines = balloonLines(text, options.width, options.nowrap)
  const face = { ...faceFor(options), thoughts: THOUGHTS[options.action], messageLines: messageLineCount(text) }
  const cow = options.cowfile === null ? drawCow(options.cow, face) : customCow(options.cowfile).draw(face)
  return colorize(drawBalloon(lines, options.action) + cow, readColor(options.color) ?? NO_COLOR)
}

/** A cow on its own, as a gallery shows it: no balloon, the default face (the thought trail stays). */
export function renderCowAlone (cow: string): string {
  return drawCow(cow, { ...faceFor(DEFAULT_OPTIONS), thoughts: THOUGHTS.say, messageLines: 1 })
}
