/**
 * Cow rendering: text and options in, the text a terminal would show out. Nothing here knows
 * about HTTP.
 */
export { MODES, DEFAULT_OPTIONS } from './options.js'
export type { Mode, Action, CowOptions } from './options.js'
export { listCows, isCow, cowSource, useCowPath, COW_SOURCES } from './cows.js'
export type { CowSource } from './cows.js'
export { readCowFile, CowFileError, MAX_COW_FILE_BYTES } from './cow-file.js'
export { renderCow } from './render.js'
export { displayWidth } from './width.js'
