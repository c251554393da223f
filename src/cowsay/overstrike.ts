/*
 * Backspace overstrike, as old terminals and `fortune` use it: `_\bX` underlines X on a printer,
 * `*__\b\bUN*` prints `*UN*` on a screen. Two of Debian's fortunes carry it. Perl cowsay passes
 * the bytes through and measures each backspace as -1 column (glibc's wcwidth, summed), which is
 * where a terminal's cursor goes: the text output keeps the bytes, so that its balloon lines up
 * on a terminal as Perl's does; pages and pictures show what that terminal shows.
 */

const BACKSPACE = '\b'
// An escape sequence is one token, so that a backspace never lands inside one.
const TOKENS = /\u001B\[[0-9;]*m|[\s\S]/gu

/** How many backspaces `text` holds: each takes a column back. */
export const backspaces = (text: string): number => text.split(BACKSPACE).length - 1

/** What a screen shows of `text`: each backspace takes back the character before it, which the next one replaces. SGR escapes are kept. */
export function overstrike (text: string): string {
  if (!text.includes(BACKSPACE)) return text
  return text.split('\n').map((line) => {
    const shown: string[] = []
    for (const token of line.match(TOKENS) ?? []) {
      if (token !== BACKSPACE) {
        shown.push(token)
        continue
      }
      for (let at = shown.length - 1; at >= 0; at--) {
        if (!shown[at]?.startsWith('\u001B')) {
          shown.splice(at, 1)
          break
        }
      }
    }
    return shown.join('')
  }).join('\n')
}
