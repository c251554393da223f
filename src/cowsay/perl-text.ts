/**
 * The two pieces of Perl string semantics the balloon port depends on, kept apart because
 * JavaScript looks the same and behaves differently.
 */

/**
 * Perl's `\s` on character strings (Perl 5.36). JavaScript's `\s` differs: it has U+FEFF and
 * lacks U+0085.
 */
export const PERL_WHITESPACE = '[\\t\\n\\x0B\\f\\r \\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]'

const perlWhitespace = new RegExp(`^${PERL_WHITESPACE}`, 'u')

/** Whether `s` starts with a character Perl's `\s` matches. */
export function startsWithPerlWhitespace (s: string): boolean {
  return perlWhitespace.test(s)
}

/**
 * Perl's `split(PATTERN, STRING)`: like String#split, except that trailing empty fields are
 * dropped (leading ones are kept), so splitting '' gives no field at all.
 */
export function perlSplit (s: string, separator: RegExp | string): string[] {
  const fields = s.split(separator)
  while (fields.length > 0 && fields[fields.length - 1] === '') fields.pop()
  return fields
}
