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
