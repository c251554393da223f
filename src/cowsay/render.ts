import { drawBalloon } from './balloon.js'
import { drawCow } from './cows.js'
import { faceFor } from './faces.js'
import { balloonLines, messageLineCount } from './message.js'
import type { Action, CowOptions } from './options.js'

/** Perl cowsay's $thoughts: the trail from the balloon to the cow. */
const THOUGHTS: Readonly<Record<Action, string>> = { say: '\\', think: 'o' }

/**
 * What `printf %s "$text" | cowsay` (or cowthink) prints with the flags `options` stands for:
 * the balloon, then the cow, ending with a newline.
 */
export function renderCow (text: string, options: CowOptions): string {
  const lines = balloonLines(text, options.width, options.nowrap)
  const face = { ...faceFor(options), thoughts: THOUGHTS[options.action], messageLines: messageLineCount(text) }
  return drawBalloon(lines, options.action) + drawCow(options.cow, face)
}
