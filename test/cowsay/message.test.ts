import t from 'tap'
import { balloonLines } from '../../src/cowsay/message.js'
import { quote } from '../support/quote.js'

// What `printf %s TEXT | /usr/games/cowsay` puts in the balloon (checked against Perl).
t.test('the message is read like standard input, then filled', async t => {
  const rows: Array<[text: string, expected: string[]]> = [
    ['', []],
    ['\n', []],
    [' ', []],
    ['   \t  ', []],
    ['moo', ['moo']],
    ['moo\n', ['moo']],
    ['moo\n\n', ['moo ']],
    ['moo\n\n\n', ['moo']],
    ['\n\nlead', ['', '', 'lead']],
    ['one\ntwo', ['one two']],
    ['one\n\ntwo', ['one', '', 'two']],
    ['one\n  two', ['one', '', 'two']],
    ['  leading', [' leading']],
    ['trailing  ', ['trailing ']],
    ['runs   of\t\tspace', ['runs of space']]
  ]
  for (const [text, expected] of rows) t.same(balloonLines(text, 40, false), expected, quote(text))
})

t.test('nowrap keeps the lines as given, tabs expanded to 8-column stops', async t => {
  const rows: Array<[text: string, expected: string[]]> = [
    ['', []],
    ['\n', ['']],
    ['a\n\n', ['a', '']],
    ['  two  spaces  ', ['  two  spaces  ']],
    ['x'.repeat(60), ['x'.repeat(60)]],
    ['a\tb', ['a       b']],
    ['\tb', ['        b']],
    ['12345678\tb', ['12345678        b']],
    ['a\t\tb', ['a               b']],
    ['cafe\u0301\tx', ['cafe\u0301    x']],
    // Our rule: a tab after CJK reaches the next real 8-column stop. Text::Tabs counts code points,
    // so Perl pads '中' with 7 spaces and 'x' lands in column 9.
    ['中\tx', ['中      x']],
    ['🐄\tx', ['🐄      x']]
  ]
  for (const [text, expected] of rows) t.same(balloonLines(text, 10, true), expected, quote(text))
})
