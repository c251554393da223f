/*
 * Our reader of cow files. Perl cowsay `do`es a cow file: whatever Perl is in it runs. We never
 * run anything: we read the small part of Perl that real cow files are written in and refuse the
 * rest, naming the line and the reason (never quoting the file, which may be a stranger's).
 *
 * What is understood, because Debian's, the npm package's and the converters' cows use it:
 *  - `#` comments, blank lines, `use utf8;` (the file is read as UTF-8 anyway);
 *  - statements `$name = EXPR;` and `$name .= EXPR;`, optionally followed by `if (COND)` or
 *    `unless (COND)` where COND is `$name` or `!$name` (Perl truth: undef, '' and '0' are false);
 *  - EXPR: "double-quoted" and 'single-quoted' strings, `$name`, whole numbers, `chop($name)`,
 *    `A . B`, `A x N`, parentheses, and the heredoc `<<EOC`, `<<"EOC"`, `<<'EOC'` (any
 *    identifier, any number of them on a line, as Perl reads them);
 *  - the broken spellings `$the_cow = << EOC;` and `$the_cow << EOC;` (npm's ibm, yasuna_08),
 *    which Perl itself cannot parse, read as the heredoc their authors meant;
 *  - in double-quoted text: the escapes \t \n \r \f \b \a \e \0.. \x.. \x{..} \N{U+..} \cX, any
 *    other backslashed character as itself; `$name`, `${name}`, `$ name` (Perl skips the space),
 *    `$.` (the number of message lines Perl read: Debian's calvin prints it), `$?` (0); `@name`,
 *    `@+` and `@-`, arrays that are empty when a cow is drawn, as nothing (Debian's calvin again),
 *    a lone `@` as itself;
 *  - `$eyes`, `$tongue`, `$thoughts` from the face, and the npm package's `$eye`: its first
 *    occurrence is the left eye, the next the right one, and so on; as in that package, it ends
 *    after `eye` (`$eye_$eye` is two eyes and a `_`, where Perl would read a variable `$eye_`).
 *
 * Colour: an escape character may only start a complete SGR sequence (ESC [ digits ; : m) within
 * one string, so that colour cows work and nothing else (cursor moves, titles, clipboard writes)
 * can reach a terminal. No other control character but tab and newline may be drawn.
 *
 * One deliberate difference: Perl without `use utf8` prints a non-ASCII cow double-encoded under
 * a UTF-8 locale; we draw the characters the file holds. Debian's 47 cows draw ASCII only.
 */
import { evaluate } from './evaluate.js'
import { Parser } from './parser.js'
import type { CowFile } from './program.js'
import { checkText, decodeUtf8 } from './text.js'

export { CowFileError, type CowFace, type CowFile } from './program.js'
export { MAX_COW_FILE_BYTES } from './text.js'

/**
 * Reads a cow file's bytes (or text already decoded, such as a `cowfile=` parameter's) and returns
 * a cow to draw, or throws CowFileError saying which line and why.
 */
export function readCowFile (input: Uint8Array | string): CowFile {
  const source = typeof input === 'string' ? checkText(input) : decodeUtf8(input)
  const program = new Parser(source).parseProgram()
  return { draw: face => evaluate(program, face) }
}
