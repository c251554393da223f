import t, { type Test } from 'tap'
import { spawnSync } from 'node:child_process'
import { MODES, displayWidth, renderCow, type CowOptions } from '../../src/cowsay/index.js'
import { PERL_COWSAY, PERL_ENV, commandLine, perlCowsayAll, withOptions, type Case } from '../support/perl-cowsay.js'
import { quote } from '../support/quote.js'
import { whenInstalled } from '../support/tools.js'
import { WIDTHS_AGREED, WIDTHS_DISPUTED } from '../support/width-corpus.js'

/*
 * Byte-for-byte comparison with the real thing: Debian's /usr/games/cowsay 3.03 (a batch of
 * cases through one Perl, see test/support/perl-cowsay.ts), the message on standard input, under
 * a UTF-8 locale. Every Debian cow is compared in debian-cows.test.ts.
 *
 * Only messages where our rule and Perl's agree are compared here: text whose every grapheme
 * cluster is one column (ASCII, accented Latin precomposed or combining, Greek, Cyrillic) at any
 * width, and wide text (CJK, emoji) when it fits on one line or with -n. Where we deliberately
 * differ (wide text wrapped by columns, tabs after wide characters), test/cowsay asserts our rule.
 */

/** Every grapheme cluster one column wide and one Perl unit: identical at every width. */
const ONE_COLUMN_MESSAGES = [
  'moo',
  'Hello, world!',
  '',
  ' ',
  '      ',
  '\n',
  '\n\n\n',
  'a\n',
  'a\n\n',
  '\n\nleading newlines',
  'trailing newlines\n\n\n',
  '   leading spaces',
  'trailing spaces   ',
  'runs    of     spaces  and\t\ttabs',
  '\ttab first, tab\tinside',
  'one\ntwo\nthree',
  'paragraph one\n\nparagraph two\n\n\nparagraph three\n',
  'indented\n  continuation starts a paragraph\n \nand a line of one space too',
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et ' +
    'dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip.',
  'supercalifragilisticexpialidocious antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis',
  'x'.repeat(250),
  'a'.repeat(39),
  'a'.repeat(40),
  'a'.repeat(38) + ' b',
  'aaaa bbbbb cc dddddddd e',
  'Crème brûlée, façade, naïve, Ærøskøbing, Ångström, señor, Dvořák, Łódź',
  'Cre\u0300me bru\u0302le\u0301e, fac\u0327ade, nai\u0308ve, A\u030Angstro\u0308m, sen\u0303or',
  'Съешь же ещё этих мягких французских булок, да выпей чаю',
  'Ξεσκεπάζω την ψυχοφθόρα βδελυγμία',
  'non\u00A0breaking\u2003em space\u3000ideographic space'
]
const WIDTHS = [2, 3, 10, 40, 79, 200]

/** Wide clusters: compared where they fit on one line (Perl counts them as one column each). */
const WIDE_MESSAGES = [
  '你好，世界',
  '日本語のテキストです',
  '한국어 텍스트',
  '🐄 moo 🎉 party 😀',
  '❤ love',
  '中文 and ASCII mixed 🐄',
  'ｶﾀｶﾅ ＡＢＣ',
  '你好\n\n世界'
]
const WIDE_NOWRAP_MESSAGES = [
  '你好\n世界',
  '🐄🐄🐄\n🎉\n',
  'line one 中文\nline two, 日本語のテキスト, is longer than forty columns of text',
  // Only tabs before the first wide cluster: after one, Text::Tabs counts code points, we columns.
  '\t中文 after a tab\nascii\ttab, then 🐄'
]

function corpusCases (): Case[] {
  const cases: Case[] = []
  for (const text of ONE_COLUMN_MESSAGES) {
    for (const width of WIDTHS) cases.push([text, withOptions({ width })])
    cases.push([text, withOptions({ nowrap: true })])
  }
  for (const text of WIDE_MESSAGES) {
    const widest = Math.max(...text.split('\n').map(displayWidth))
    for (const width of WIDTHS) if (widest <= width - 1) cases.push([text, withOptions({ width })])
    cases.push([text, withOptions({ nowrap: true })])
  }
  for (const text of WIDE_NOWRAP_MESSAGES) cases.push([text, withOptions({ nowrap: true })])
  return cases
}

function faceCases (): Case[] {
  const texts = ['moo', 'a message long enough to need two lines\n\nand a paragraph']
  const faces: Array<Partial<CowOptions>> = [
    { action: 'think' },
    { action: 'think', width: 10 },
    { action: 'think', nowrap: true },
    { eyes: 'ab', tongue: 'xy' },
    { eyes: 'abc', tongue: 'xyz' },
    { eyes: '$$', tongue: '$' },
    { eyes: '🐄🐄', tongue: '😀' },
    { eyes: 'é', tongue: 'ü' },
    ...MODES.map(mode => ({ mode, eyes: 'ab', tongue: 'xy' })),
    { mode: 'greedy', action: 'think' }
  ]
  return texts.flatMap(text => faces.map((face): Case => [text, withOptions(face)]))
}

/** A deterministic PRNG (mulberry32), so that a failure can be replayed. */
function mulberry32 (seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6D2B79F5) >>> 0
    let mixed = Math.imul(state ^ (state >>> 15), state | 1)
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61)
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296
  }
}

const ASCII_ALPHABET = {
  letters: [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,;:!?\'"()-_/\\*&%$#@+=<>[]{}|~`^'],
  separators: [' ', ' ', ' ', ' ', ' ', '  ', '\n', '\n\n', '\t', ' \n', '\n ', '\n\n\n']
}
/** Still one column a cluster: accented Latin (both forms), Greek, Cyrillic, Unicode spaces. */
const ONE_COLUMN_ALPHABET = {
  letters: [...'aeiouçñßøæåéèüöΩπλσάήЖжщёыЯ-,.!?', 'e\u0301', 'o\u0308', 'a\u0300\u0323', 'n\u0303'],
  separators: [' ', ' ', ' ', '\u00A0', '\u2003', '\n', '\n\n', '\t', '\n ']
}

function generatedCases (count: number, seed: number, alphabet: typeof ASCII_ALPHABET): Case[] {
  const random = mulberry32(seed)
  const integer = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1))
  const pick = <T>(items: readonly T[]): T => items[integer(0, items.length - 1)]
  const { letters, separators } = alphabet
  const word = (): string => Array.from({ length: random() < 0.1 ? integer(10, 45) : integer(1, 9) }, () => pick(letters)).join('')

  return Array.from({ length: count }, (): Case => {
    let text = random() < 0.15 ? pick(separators) : ''
    const words = integer(0, 40)
    for (let index = 0; index < words; index++) text += (index > 0 ? pick(separators) : '') + word()
    if (random() < 0.15) text += pick(separators)
    return [text, withOptions({
      width: random() < 0.1 ? 200 : integer(2, 80),
      nowrap: random() < 0.1,
      action: random() < 0.2 ? 'think' : 'say'
    })]
  })
}

function parity (): void {
  const compare = async (t: Test, cases: Case[]): Promise<void> => {
    const perl = await perlCowsayAll(cases)
    cases.forEach((testCase, index) => t.equal(renderCow(...testCase), perl[index], commandLine(testCase)))
  }

  t.test('messages: ASCII, Latin, Greek, Cyrillic at every width; wide text where it fits; -n', t => compare(t, corpusCases()))

  t.test('faces: cowthink, -e, -T and every mode', t => compare(t, faceCases()))

  t.test('generated messages of random ASCII words, widths and flags (seed 0xC0FFEE)', t =>
    compare(t, generatedCases(200, 0xC0FFEE, ASCII_ALPHABET)))

  t.test('generated messages of random one-column Unicode words (seed 0xBEEF)', t =>
    compare(t, generatedCases(100, 0xBEEF, ONE_COLUMN_ALPHABET)))

  t.test('display widths: glibc says what test/support/width-corpus.ts claims', async t => {
    const texts = [...WIDTHS_AGREED.map(([text]) => text), ...WIDTHS_DISPUTED.map(({ text }) => text)]
    const script = 'use Text::CharWidth qw(mbswidth); binmode STDIN, ":utf8"; ' +
      'local $/ = "\\0"; while (my $s = <STDIN>) { chomp $s; print mbswidth($s), "\\n" }'
    const result = spawnSync('perl', ['-e', script], { input: texts.join('\0') + '\0', env: PERL_ENV, encoding: 'utf8' })
    t.equal(result.status, 0, result.stderr)
    const glibc = result.stdout.trim().split('\n').map(Number)
    WIDTHS_AGREED.forEach(([text, columns], index) => t.equal(glibc[index], columns, `${quote(text)} agreed`))
    WIDTHS_DISPUTED.forEach(({ text, glibc: expected }, index) =>
      t.equal(glibc[WIDTHS_AGREED.length + index], expected, `${quote(text)} disputed`))
  })
}

whenInstalled(t, [PERL_COWSAY], parity)
