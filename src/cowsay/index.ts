/**
 * Cow rendering: text and options in, the text a terminal would show out. Nothing here knows
 * about HTTP.
 */
export {
  ACTIONS, MODES, DEFAULT_OPTIONS, FLAG_QUERY, FLAG_RULE, OPTION_LIST, RANDOM_COW,
  isOn, optionParameters, pickRandomCow, readOptions
} from './options.js'
export type { Mode, Action, CowOptions, CowOption, Field, OptionName } from './options.js'
export { InputError, quote } from './input-error.js'
export { DEFAULT_TEXT, MAX_TEXT_LENGTH, checkMessage } from './message.js'
export { listCows, isCow, cowSource, useCowPath, COW_SOURCES } from './cows.js'
export type { CowSource } from './cows.js'
export { MAX_COWFILE_LENGTH, MAX_LINK_LENGTH, encodeCowFile } from './custom-cow.js'
export { renderCow, renderCowAlone } from './render.js'
export { displayWidth } from './width.js'
