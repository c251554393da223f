import { DEFAULT_OPTIONS, type CowOptions } from '../cowsay/index.js'

/** A short, single-line version of the message for titles and link previews. */
export function summary (text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  const chars = Array.from(flat)
  return chars.length > max ? chars.slice(0, max - 1).join('') + '…' : flat
}

/** Who says it, as a title puts it: "A cow" for the default cow, else the cow's name, capitalised ("Tux"). */
const speaker = (cow: string): string => cow === DEFAULT_OPTIONS.cow ? 'A cow' : cow.charAt(0).toUpperCase() + cow.slice(1)

/** Who says what, in `max` characters of the message at most: "Tux thinks: Hello". */
const saying = (text: string, options: CowOptions, max: number): string =>
  `${speaker(options.cow)} ${options.action}s: ${summary(text, max) || '(empty)'}`

/** The page's heading, title and link-preview title: "Tux thinks: Hello". */
export const resultTitle = (text: string, options: CowOptions): string => saying(text, options, 60)

/** The pictures' alternative text (the <img> and Markdown embeds, og:image:alt): the title's words, more of the message. */
export const pictureAlt = (text: string, options: CowOptions): string => saying(text, options, 200)
