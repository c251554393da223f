import t from 'tap'
import { fill, wrap } from '../../src/cowsay/wrap.js'

// Expected values for one-column text were produced by Perl's own Text::Wrap 2021.0814
// (`$columns = W; wrap('', '', $text)` / `fill(...)`), so these rows are Perl's behaviour.
t.test('wrap matches Text::Wrap on one-column text', async t => {
  const rows: Array<[text: string, columns: number, expected: string]> = [
    ['hello world', 40, 'hello world'],
    ['hello world', 6, 'hello\nworld'],
    ['hello world', 12, 'hello world'],
    ['hello ', 40, 'hello '],
    // The break consumed last is appended at the end, even past the line's limit.
    ['hello ', 6, 'hello '],
    ['word ', 5, 'word '],
    // $huge = 'wrap': a word longer than the line is cut at columns - 1.
    ['abcdefgh', 4, 'abc\ndef\ngh'],
    ['a'.repeat(39), 40, 'a'.repeat(39)],
    ['a'.repeat(40), 40, 'a'.repeat(39) + '\na'],
    // A leading break with a word too long for the line gives an empty first line.
    [' hello world', 4, '\nhel\nlo\nwor\nld'],
    ['ab cd', 2, 'a\nb\nc\nd'],
    ['a b c d e f', 3, 'a\nb\nc\nd\ne\nf'],
    ['aaa bbb ccc', 8, 'aaa bbb\nccc'],
    ['aaa bbb ccc', 4, 'aaa\nbbb\nccc'],
    ['aaaa bbbbb', 11, 'aaaa bbbbb'],
    ['aaaa bbbbbb', 11, 'aaaa\nbbbbbb'],
    ['aaaa bbbbb cc', 11, 'aaaa bbbbb\ncc'],
    ['', 10, ''],
    [' ', 10, '']
  ]
  for (const [text, columns, expected] of rows) {
    t.equal(wrap(text, columns), expected, `${JSON.stringify(text)} at ${columns}`)
  }
})

t.test('fill matches Text::Wrap: paragraphs, white space, Perl split', async t => {
  const rows: Array<[text: string, columns: number, expected: string]> = [
    ['one\ntwo', 40, 'one two'],
    ['one\n\ntwo', 40, 'one\n\ntwo'],
    ['one\n  two', 40, 'one\n\ntwo'],
    ['one\t\ttwo   three', 40, 'one two three'],
    ['\n\nlead', 40, '\n\nlead'],
    ['trail\n\n\n', 40, 'trail'],
    ['trail\n', 40, 'trail '],
    ['  indented', 40, ' indented'],
    ['   ', 40, ''],
    ['', 40, ''],
    ['a\n \n \nb', 40, 'a\n\nb'],
    ['p1 aaa bbb\n\np2 ccc ddd', 8, 'p1 aaa\nbbb\n\np2 ccc\nddd'],
    // Perl's \s: NBSP, EM SPACE and NEL are white space, U+FEFF is not (JavaScript says the opposite).
    ['x\u00A0y\u2003z\u0085w\uFEFFv', 40, 'x y z w\uFEFFv']
  ]
  for (const [text, columns, expected] of rows) {
    t.equal(fill(text, columns), expected, `${JSON.stringify(text)} at ${columns}`)
  }
})

// Where Perl counts code points (with their marks) per line, we count columns: these rows are
// our rule, deliberately not Perl's.
t.test('wrap measures display columns and never splits a grapheme cluster', async t => {
  const family = '👨‍👩‍👧'
  const flag = '🇫🇷'
  const rows: Array<[name: string, text: string, columns: number, expected: string]> = [
    // Perl puts four of these (8 columns) on a line of width 5.
    ['CJK wraps by columns', '中文字符测试', 5, '中文\n字符\n测试'],
    ['CJK words wrap at the space', '你好 世界 朋友', 10, '你好 世界\n朋友'],
    ['a wide character wider than the line still goes through, one a line', '中文', 2, '中\n文'],
    ['half a wide character never fits in the remaining column', 'a中b', 3, 'a\n中\nb'],
    ['a ZWJ family is 2 columns', `${family}${family}${family}`, 5, `${family}${family}\n${family}`],
    ['a ZWJ family is never split, even alone on a short line', family, 2, family],
    ['a flag is never split', `${flag}${flag}`, 3, `${flag}\n${flag}`],
    ['combining marks stay on their letter', 'e\u0301e\u0301e\u0301e\u0301', 3, 'e\u0301e\u0301\ne\u0301e\u0301'],
    ['a stack of combining marks is one column', 'Z\u0351\u0362a\u0322l\u0328go', 5, 'Z\u0351\u0362a\u0322l\u0328g\no'],
    ['single-code-point emoji are 2 columns', '🐄🐄🐄 moo', 6, '🐄🐄\n🐄\nmoo']
  ]
  for (const [name, text, columns, expected] of rows) {
    const wrapped = wrap(text, columns)
    t.equal(wrapped, expected, name)
    t.notMatch(wrapped, /\uFFFD|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/, `${name}: no broken surrogate`)
  }
})

t.test('wrap always terminates, whatever the width', async t => {
  for (const columns of [2, 1, 0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
    const wrapped = wrap('a long message 中文 👨‍👩‍👧 that has to wrap somewhere', columns)
    t.ok(wrapped.length > 0, `columns ${columns}`)
  }
})
