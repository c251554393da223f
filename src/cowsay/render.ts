import { drawBalloon } from './balloon.js'
import { drawCow } from './cows.js'
import { faceFor } from './faces.js'
import { balloonLines } from './message.js'
import { DEFAULT_OPTIONS, type CowOptions } from './options.js'

/**
 * What `printf %s "$text" | cowsay` (or cowthink) prints with the flags `options` stands for:
 * the balloon, then the cow, ending with a newline.
 */
export function renderCow (text: string, options: CowOptions): string {
  const lines = balloonLines(text, options.width, options.nowrap)
  return drawBalloon(lines, options.action) + drawCow(options.cow, options.action, faceFor(options))
}

/** A cow on its own, as a gallery shows it: no balloon, the default face (the thought trail stays). */
export function renderCowAlone (cow: string): string {
  return drawCow(cow, 'say', faceFor(DEFAULT_OPTIONS))
}
