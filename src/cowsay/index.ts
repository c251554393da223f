/**
 * Cow rendering: text and options in, the text a terminal would show out. Nothing here knows
 * about HTTP.
 */
export { MODES, DEFAULT_OPTIONS } from './options.js'
export type { Mode, Action, CowOptions } from './options.js'
export { listCows, isCow } from './cows.js'
export { renderCow, renderCowAlone } from './render.js'
export { displayWidth } from './width.js'
