import { DEFAULT_OPTIONS, type CowOptions } from '../cowsay/index.js'

/**
 * What a screen reader says for a drawing: who says what, as words, instead of
 * three hundred punctuation characters. JSON and XML results carry it as
 * `label`, which is what the live preview announces.
 */
export function drawingLabel (text: string, options: Pick<CowOptions, 'cow' | 'action'>): string {
  const who = options.cow === DEFAULT_OPTIONS.cow ? 'cow' : options.cow
  return `The ${who} ${options.action}s: ${text}`
}
