import { DEFAULT_OPTIONS, type CowOptions } from '../cowsay/index.js'

/** A short, single-line version of the message for titles and link previews. */
export function summary (text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  const chars = Array.from(flat)
  return chars.length > max ? chars.slice(0, max - 1).join('') + '…' : flat
}

/** Who says it, as a title puts it: "A cow" for the default cow, else the cow's name, capitalised ("Tux"). */
const speaker = (cow: string): string => cow === DEFAULT_OPTIONS.cow ? 'A cow' : cow.charAt(0).toUpperCase() + cow.slice(1)

/** The page's heading, title and link-preview title: "Tux thinks: Hello". */
export const resultTitle = (text: string, options: CowOptions): string =>
  `${speaker(options.cow)} ${options.action}s: ${summary(text, 60) || '(empty)'}`
