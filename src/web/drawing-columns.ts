import { displayWidth } from '../cowsay/index.js'

/** Drawings are sized by the tens of columns: narrowest, step and widest class. */
export const COLUMN_STEP = 10
export const MIN_COLUMNS = 40
export const MAX_COLUMNS = 240

/**
 * The CSS class that tells the stylesheet how many columns a drawing needs, so
 * that its font can shrink to fit the box on a phone instead of scrolling.
 * A class rather than a style attribute: the Content-Security-Policy forbids
 * inline styles. Rounded up to a step of ten, so the stylesheet has a rule for
 * each class; anything wider than the widest class scrolls.
 */
export function columnsClass (drawing: string): string {
  let widest = 0
  for (const line of drawing.split('\n')) widest = Math.max(widest, displayWidth(line))
  const columns = Math.min(MAX_COLUMNS, Math.max(MIN_COLUMNS, Math.ceil(widest / COLUMN_STEP) * COLUMN_STEP))
  return `cols-${columns}`
}
