import { displayWidth } from './width.js'

const TAB_STOP = 8

/**
 * Expands tabs to 8-column stops, as cowsay -n does with Text::Tabs::expand.
 *
 * Text::Tabs counts code points that are not combining marks, so after a CJK character or an
 * emoji Perl's tab lands one column past the stop for each wide character before it. We count
 * display columns, so a tab always lands on a real 8-column stop; for text of one-column
 * characters the result is the same.
 */
export function expandTabs (line: string): string {
  if (!line.includes('\t')) return line
  let expanded = ''
  let column = 0
  line.split('\t').forEach((piece, index) => {
    if (index > 0) {
      const pad = TAB_STOP - column % TAB_STOP
      expanded += ' '.repeat(pad)
      column += pad
    }
    expanded += piece
    column += displayWidth(piece)
  })
  return expanded
}
