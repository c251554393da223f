import t from 'tap'
import { drawBalloon } from '../../src/cowsay/balloon.js'

t.test('drawBalloon frames lines as cowsay 3.03 does', async t => {
  const rows: Array<[name: string, lines: string[], action: 'say' | 'think', expected: string]> = [
    ['no line is an empty balloon', [], 'say', ' __\n<  >\n --\n'],
    ['an empty line too', [''], 'say', ' __\n<  >\n --\n'],
    ['one line', ['moo'], 'say', ' _____\n< moo >\n -----\n'],
    ['two lines', ['a', 'bb'], 'say', ' ____\n/ a  \\\n\\ bb /\n ----\n'],
    ['three lines', ['a', 'bb', 'c'], 'say', ' ____\n/ a  \\\n| bb |\n\\ c  /\n ----\n'],
    ['empty lines in the middle are padded', ['a', '', 'b'], 'say', ' ___\n/ a \\\n|   |\n\\ b /\n ---\n'],
    ['think, empty', [], 'think', ' __\n(  )\n --\n'],
    ['think, one line', ['hmm'], 'think', ' _____\n( hmm )\n -----\n'],
    ['think, three lines', ['a', 'bb', 'c'], 'think', ' ____\n( a  )\n( bb )\n( c  )\n ----\n'],
    ['trailing spaces count', ['a '], 'say', ' ____\n< a  >\n ----\n']
  ]
  for (const [name, lines, action, expected] of rows) t.equal(drawBalloon(lines, action), expected, name)
})

t.test('drawBalloon pads by display columns', async t => {
  const rows: Array<[name: string, lines: string[], expected: string]> = [
    ['CJK is two columns a character', ['中文', 'ab'], ' ______\n/ 中文 \\\n\\ ab   /\n ------\n'],
    ['a combining accent takes no column', ['cafe\u0301', 'ab'], ' ______\n/ cafe\u0301 \\\n\\ ab   /\n ------\n'],
    ['a ZWJ family is two columns', ['👨‍👩‍👧', 'abc'], ' _____\n/ 👨‍👩‍👧  \\\n\\ abc /\n -----\n']
  ]
  for (const [name, lines, expected] of rows) t.equal(drawBalloon(lines, 'say'), expected, name)
})
