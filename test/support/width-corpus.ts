/*
 * Display widths: ours (string-width 8) against Debian cowsay's (Text::CharWidth::mbswidth, i.e.
 * glibc 2.36 wcwidth summed over code points). test/cowsay/width.test.ts checks our side,
 * test/parity/perl-parity.test.ts asks Perl for the glibc side, so neither column can drift.
 */

/** Where both agree: what people type. */
export const WIDTHS_AGREED: ReadonlyArray<readonly [text: string, columns: number]> = [
  ['hello', 5],
  ['café', 4],
  ['cafe\u0301', 4],
  ['e\u0301\u0301', 1],
  ['Ærøskøbing', 10],
  ['Z\u0351\u0362a\u0322l\u0328go', 5],
  ['Привет, мир', 11],
  ['Καλημέρα κόσμε', 14],
  ['中文', 4],
  ['日本語のテキスト', 16],
  ['한국어', 6],
  ['ｱｲｳ', 3],
  ['ＡＢＣ', 6],
  ['\u3000', 2],
  ['🐄', 2],
  ['🎉', 2],
  ['😀', 2],
  ['🐄 moo 🎉', 9],
  ['❤', 1],
  ['★', 1],
  ['→', 1],
  ['½', 1],
  ['\u200B', 0],
  ['\uE000', 1],
  ['\u1100\u1161', 2],
  // A flag agrees by accident: glibc counts each regional indicator as 1.
  ['🇫🇷', 2]
]

/** Where they do not, and why ours is the one a terminal draws (or the only sane one). */
export const WIDTHS_DISPUTED: ReadonlyArray<{ text: string, ours: number, glibc: number, why: string }> = [
  { text: '❤️', ours: 2, glibc: 1, why: 'VS16 asks for emoji presentation; glibc counts U+2764 alone' },
  { text: '1️⃣', ours: 2, glibc: 1, why: 'a keycap sequence is one emoji' },
  { text: '👍🏽', ours: 2, glibc: 4, why: 'a skin tone modifier joins its emoji' },
  { text: '👨‍👩‍👧', ours: 2, glibc: 6, why: 'a ZWJ sequence is drawn as one emoji' },
  { text: '🫨', ours: 2, glibc: -1, why: 'Unicode 15: glibc 2.36 knows Unicode 14 and calls it unprintable' },
  { text: '\u2028', ours: 1, glibc: -1, why: 'glibc calls the line separator unprintable' },
  { text: '\u00AD', ours: 0, glibc: 1, why: 'string-width treats the soft hyphen as invisible (Cf)' },
  { text: '\u0600', ours: 0, glibc: 1, why: 'string-width treats Arabic number signs (Cf) as invisible' },
  { text: '\u1161', ours: 1, glibc: 0, why: 'a lone Hangul vowel jamo; after a leading jamo both say 2 for the pair' },
  { text: '☰', ours: 2, glibc: 1, why: 'Unicode 16 made the trigrams wide' },
  { text: '㉈', ours: 1, glibc: 2, why: 'circled number on black square: ambiguous width, string-width narrow' }
]
