import { InputError } from './input-error.js'
import { perlSplit } from './perl-text.js'
import { expandTabs } from './tabs.js'
import { fill } from './wrap.js'

/**
 * The lines that go into the balloon, as Debian's cowsay 3.03 computes them from
 * `printf %s "$TEXT" | cowsay [-n] [-W width]`.
 *
 * We model the message arriving on standard input, not as an argument, because only stdin works
 * with -n. Perl reads it as lines split after each '\n' and chomps them, so one trailing newline
 * disappears and '' is no line at all (checked against /usr/games/cowsay: 'a\n' and 'a' are the
 * same balloon, 'a\n\n' is 'a ' because the remaining newline becomes a space, '' and '\n' are
 * both the empty balloon `<  >`). As an argument, `cowsay $'a\n'` would keep that first newline
 * too, as a trailing space; otherwise both ways give the same balloon.
 *  - without -n, the chomped lines are joined with '\n', filled (./wrap.ts) and split on '\n',
 *    Perl's split dropping trailing empty fields;
 *  - with -n, each line is kept as it is, tabs expanded (./tabs.ts).
 */
export function balloonLines (text: string, width: number, nowrap: boolean): string[] {
  const lines = stdinLines(text)
  if (nowrap) return lines.map(expandTabs)
  return perlSplit(fill(lines.join('\n'), width), '\n')
}

/** How many lines Perl read from standard input for `text` (its `$.`, which a cow may print). */
export function messageLineCount (text: string): number {
  return stdinLines(text).length
}

/** `chomp(@message = <STDIN>)` */
function stdinLines (text: string): string[] {
  if (text === '') return []
  const lines = text.split('\n')
  if (text.endsWith('\n')) lines.pop()
  return lines
}

/** Longest message, in Unicode code points after decoding. */
export const MAX_TEXT_LENGTH = 1000

/** What the cow says when no text is given, as the original service did. */
export const DEFAULT_TEXT = 'moo'

const hex = (codePoint: number): string => 'U+' + codePoint.toString(16).toUpperCase().padStart(4, '0')

// C0 controls except tab and newline, DEL, and C1 controls (ESC included): a link
// must not be able to send terminal escape sequences to someone using curl.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u
// Noncharacters cannot appear in XML and have no business in a message.
const NONCHARACTER = /[\uFDD0-\uFDEF\uFFFE\uFFFF]|[\u{1FFFE}\u{1FFFF}\u{2FFFE}\u{2FFFF}\u{3FFFE}\u{3FFFF}\u{4FFFE}\u{4FFFF}\u{5FFFE}\u{5FFFF}\u{6FFFE}\u{6FFFF}\u{7FFFE}\u{7FFFF}\u{8FFFE}\u{8FFFF}\u{9FFFE}\u{9FFFF}\u{AFFFE}\u{AFFFF}\u{BFFFE}\u{BFFFF}\u{CFFFE}\u{CFFFF}\u{DFFFE}\u{DFFFF}\u{EFFFE}\u{EFFFF}\u{FFFFE}\u{FFFFF}\u{10FFFE}\u{10FFFF}]/u

function codePointLength (text: string): number {
  let length = 0
  for (const _ of text) length++
  return length
}

/**
 * Checks a decoded message and returns it normalised: CRLF and lone CR become LF
 * (browsers submit textarea line breaks as CRLF).
 */
export function checkMessage (decoded: string): string {
  const text = decoded.replace(/\r\n?/g, '\n')
  const length = codePointLength(text)
  if (length > MAX_TEXT_LENGTH) {
    throw new InputError(`Message too long: ${length} characters; the limit is ${MAX_TEXT_LENGTH}`, 'too long', 'text')
  }
  const control = CONTROL.exec(text)
  if (control !== null) {
    throw new InputError(`Message contains the control character ${hex(control[0].codePointAt(0) ?? 0)}; only newline and tab are allowed`, 'invalid', 'text')
  }
  const nonCharacter = NONCHARACTER.exec(text)
  if (nonCharacter !== null) {
    throw new InputError(`Message contains ${hex(nonCharacter[0].codePointAt(0) ?? 0)}, which is not a character`, 'invalid', 'text')
  }
  if (/\p{Cs}/u.test(text)) {
    throw new InputError('Message contains a lone surrogate; it is not valid Unicode', 'invalid', 'text')
  }
  return text
}

