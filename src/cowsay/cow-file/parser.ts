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

/** The largest cow file we read, in bytes: Debian's largest is 1.7 KB, the npm package's 11 KB. */
export const MAX_COW_FILE_BYTES = 64 * 1024

/** The longest drawing a cow file may produce (UTF-16 code units), whatever the face. */
const MAX_DRAWING_LENGTH = 1024 * 1024

/** What a cow file is told when it is drawn: Perl cowsay's globals at that point. */
export interface CowFace {
  eyes: string
  tongue: string
  thoughts: string
  /** How many lines Perl read from standard input: `$.`. */
  messageLines: number
}

/** A cow file we could read, ready to draw with any face. */
export interface CowFile {
  /** The drawing: `$the_cow` after the file's statements have been evaluated. */
  draw (face: CowFace): string
}

/** Why a cow file is refused: the line (1-based; 0 for the file as a whole) and the reason. */
export class CowFileError extends Error {
  override name = 'CowFileError'
  constructor (readonly line: number, readonly reason: string) {
    super(line > 0 ? `line ${line}: ${reason}` : reason)
  }
}

type Part = string | { variable: string } | { eye: number }

type Expression =
  | { kind: 'text', parts: Part[] }
  | { kind: 'variable', name: string }
  | { kind: 'concat', items: Expression[] }
  | { kind: 'repeat', expression: Expression, count: number }
  | { kind: 'chop', name: string }

interface Statement {
  target: string
  append: boolean
  expression: Expression
  condition?: { name: string, truthy: boolean }
}

const LINE_NUMBER = '.'
const CHILD_STATUS = '?'
const THE_COW = 'the_cow'

/*
 * Variables Perl cowsay (or Perl) gives a value that a cow file could print: its settings and
 * paths, the message, the environment. A file that reads one (before setting it) is refused.
 */
const PROGRAM_VARIABLES = new Set(['version', 'progname', 'cowpath', 'pathsep', 'opts', 'borg', 'dead', 'greedy',
  'paranoid', 'stoned', 'tired', 'wired', 'young', 'message', 'balloon_lines', 'ARGV', 'INC', 'ENV', 'SIG', 'STDIN',
  'STDOUT', 'STDERR', 'ARGVOUT', '_'])

/** Words whose only purpose in a cow file would be to run something. */
const CALLS: Readonly<Record<string, string>> = {
  system: 'runs a command',
  exec: 'runs a command',
  qx: 'runs a command',
  fork: 'starts a process',
  open: 'opens a file or a command',
  sysopen: 'opens a file',
  unlink: 'deletes files',
  eval: 'runs code',
  require: 'loads code',
  use: 'loads code',
  do: 'runs code or a file',
  kill: 'sends signals',
  sub: 'defines code',
  BEGIN: 'runs code',
  END: 'runs code',
  print: 'writes output',
  printf: 'writes output',
  exit: 'ends the program',
  die: 'ends the program',
  chdir: 'changes directory',
  mkdir: 'creates directories',
  rename: 'renames files',
  readpipe: 'runs a command',
  syscall: 'calls the system',
  glob: 'reads the file system',
  local: 'changes Perl state'
}

const IDENTIFIER_START = /[A-Za-z_]/
const IDENTIFIER_CHAR = /\w/
const WHITESPACE = /[ \t\n\f]/

/**
 * Reads a cow file's bytes (or text already decoded, such as a `cowfile=` parameter's) and returns
 * a cow to draw, or throws CowFileError saying which line and why.
 */
export function readCowFile (input: Uint8Array | string): CowFile {
  const source = typeof input === 'string' ? checkText(input) : decodeUtf8(input)
  const program = new Parser(source).parseProgram()
  return { draw: face => evaluate(program, face) }
}

function checkText (text: string): string {
  const bytes = Buffer.byteLength(text, 'utf8')
  if (bytes > MAX_COW_FILE_BYTES) throw tooLarge(bytes)
  if (/\p{Cs}/u.test(text)) throw new CowFileError(lineAt(text, text.search(/\p{Cs}/u)), 'a lone surrogate: not valid Unicode')
  return normalize(text)
}

function tooLarge (bytes: number): CowFileError {
  return new CowFileError(0, `the file is ${bytes} bytes; a cow file may have at most ${MAX_COW_FILE_BYTES}`)
}

/** Refuses what is not well-formed UTF-8 (surrogates and overlong forms included), as firstInvalidUtf8 does. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

function decodeUtf8 (bytes: Uint8Array): string {
  if (bytes.length > MAX_COW_FILE_BYTES) throw tooLarge(bytes.length)
  // The native decoder first: every file of the catalogue is read at start, and a byte loop
  // is slow before the JIT warms up; the loop below only finds the line of what it refused.
  try {
    return normalize(STRICT_UTF8.decode(bytes))
  } catch (error) {
    if (error instanceof CowFileError) throw error
  }
  const invalid = firstInvalidUtf8(bytes)
  const line = bytes.subarray(0, invalid === -1 ? bytes.length : invalid).reduce((lines, byte) => byte === 0x0A ? lines + 1 : lines, 1)
  throw new CowFileError(line, 'not valid UTF-8')
}

/** Byte offset of the first byte that is not well-formed UTF-8, or -1. */
function firstInvalidUtf8 (bytes: Uint8Array): number {
  let index = 0
  while (index < bytes.length) {
    const byte = bytes[index]
    if (byte < 0x80) { index++; continue }
    const [length, min, max] = byte >= 0xC2 && byte <= 0xDF
      ? [2, 0x80, 0x7FF]
      : byte >= 0xE0 && byte <= 0xEF ? [3, 0x800, 0xFFFF] : byte >= 0xF0 && byte <= 0xF4 ? [4, 0x10000, 0x10FFFF] : [0, 0, 0]
    if (length === 0 || index + length > bytes.length) return index
    let codePoint = byte & (0xFF >> (length + 1))
    for (let next = 1; next < length; next++) {
      const continuation = bytes[index + next]
      if ((continuation & 0xC0) !== 0x80) return index
      codePoint = (codePoint << 6) | (continuation & 0x3F)
    }
    if (codePoint < min || codePoint > max || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) return index
    index += length
  }
  return -1
}

/** A byte-order mark and CRLF line ends (files edited on Windows) are read as Perl on Linux would wish. */
function normalize (text: string): string {
  if (text.includes('\0')) throw new CowFileError(lineAt(text, text.indexOf('\0')), 'a NUL character: this is a binary file, not a cow file')
  return text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n')
}

function lineAt (text: string, index: number): number {
  let line = 1
  for (let at = 0; at < index; at++) if (text.charCodeAt(at) === 0x0A) line++
  return line
}

/** Line numbers of a text's offsets, found by binary search over its newlines. */
class LineIndex {
  private readonly newlines: number[] = []

  constructor (text: string) {
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) this.newlines.push(at)
  }

  lineOf (index: number): number {
    let low = 0
    let high = this.newlines.length
    while (low < high) {
      const middle = (low + high) >> 1
      if (this.newlines[middle] < index) low = middle + 1
      else high = middle
    }
    return low + 1
  }
}

class Parser {
  private position = 0
  /** After the newline at `heredocLineEnd`, reading resumes at `heredocResume` (past the bodies). */
  private heredocLineEnd = -1
  private heredocResume = -1
  private eyeCount = 0
  /** The longest each variable can be, to refuse a file that would draw something enormous. */
  private readonly bounds = new Map<string, number>([['eyes', 4], ['tongue', 4], ['thoughts', 1], [LINE_NUMBER, 4], [CHILD_STATUS, 1]])
  private readonly assigned = new Set<string>()
  private readonly lines: LineIndex

  constructor (private readonly source: string) {
    this.lines = new LineIndex(source)
  }

  parseProgram (): Statement[] {
    const statements: Statement[] = []
    for (;;) {
      this.skipSpace()
      if (this.atEnd()) break
      const statement = this.parseStatement()
      if (statement !== undefined) statements.push(statement)
    }
    if (!this.assigned.has(THE_COW)) throw new CowFileError(0, 'the file never sets $the_cow, the drawing')
    return statements
  }

  private parseStatement (): Statement | undefined {
    const char = this.peek()
    if (char === '`') this.fail('backticks run a command')
    if (char === '$') return this.parseAssignment()
    if (char === ';') { this.position++; return undefined }
    if (char !== undefined && IDENTIFIER_START.test(char)) {
      const word = this.readIdentifier()
      if (word === 'use') {
        this.skipSpace()
        if (this.readIdentifier() === 'utf8') {
          this.endStatement()
          return undefined
        }
        this.fail('`use` loads code: only `use utf8;` is allowed')
      }
      const call = CALLS[word]
      this.fail(call !== undefined ? `\`${word}\` ${call}` : `\`${word}\` is not something a cow file may do`)
    }
    this.fail(`unexpected ${this.unexpected()}: a cow file may only set $variables`)
  }

  private parseAssignment (): Statement {
    const line = this.line()
    this.position++ // $
    const target = this.readName('an assignment')
    this.skipSpace()
    let append = false
    if (this.source.startsWith('.=', this.position)) {
      append = true
      this.position += 2
    } else if (this.source.startsWith('<<', this.position) && target === THE_COW) {
      // `$the_cow << EOC;`: a shift in Perl, a heredoc to its author.
    } else if (this.peek() === '=' && this.source[this.position + 1] !== '=' && this.source[this.position + 1] !== '~') {
      this.position++
    } else {
      this.fail(`only \`$${target} = ...\` and \`$${target} .= ...\` are allowed here`)
    }
    const expression = this.parseExpression()
    this.skipSpace()
    let condition: Statement['condition']
    const word = this.peekIdentifier()
    if (word === 'if' || word === 'unless') {
      this.position += word.length
      condition = this.parseCondition(word === 'if')
    }
    this.endStatement()

    const bound = this.bound(expression) + (append ? this.bounds.get(target) ?? 0 : 0)
    const previous = condition === undefined ? 0 : this.bounds.get(target) ?? 0
    if (Math.max(bound, previous) > MAX_DRAWING_LENGTH) {
      throw new CowFileError(line, `$${target} could grow past ${MAX_DRAWING_LENGTH} characters`)
    }
    this.bounds.set(target, Math.max(bound, previous))
    this.assigned.add(target)
    return { target, append, expression, condition }
  }

  private parseCondition (truthy: boolean): NonNullable<Statement['condition']> {
    this.skipSpace()
    const parenthesized = this.peek() === '('
    if (parenthesized) { this.position++; this.skipSpace() }
    let negate = false
    if (this.peek() === '!') { negate = true; this.position++; this.skipSpace() }
    if (this.peek() !== '$') this.fail('a condition may only test a variable: `if ($name)` or `unless ($name)`')
    this.position++
    const name = this.readName('a condition')
    this.checkReadable(name)
    this.skipSpace()
    if (parenthesized) {
      if (this.peek() !== ')') this.fail('a condition may only test a variable: `if ($name)` or `unless ($name)`')
      this.position++
    }
    return { name, truthy: truthy !== negate }
  }

  private endStatement (): void {
    this.skipSpace()
    if (this.atEnd()) return
    if (this.peek() !== ';') this.fail(`expected \`;\` at the end of the statement, found ${this.unexpected()}`)
    this.position++
  }

  private parseExpression (): Expression {
    const items = [this.parseRepeat()]
    for (;;) {
      this.skipSpace()
      if (this.peek() !== '.' || this.source[this.position + 1] === '=') break
      this.position++
      items.push(this.parseRepeat())
    }
    return items.length === 1 ? items[0] : { kind: 'concat', items }
  }

  private parseRepeat (): Expression {
    let expression = this.parseTerm()
    for (;;) {
      this.skipSpace()
      if (this.peek() !== 'x' || this.source[this.position + 1] === '=' ||
        IDENTIFIER_START.test(this.source[this.position + 1] ?? '')) break
      this.position++
      this.skipSpace()
      const digits = /^\d{1,6}/.exec(this.source.slice(this.position, this.position + 7))
      if (digits === null) this.fail('`x` must be followed by a whole number')
      this.position += digits[0].length
      expression = { kind: 'repeat', expression, count: Number(digits[0]) }
    }
    return expression
  }

  private parseTerm (): Expression {
    this.skipSpace()
    const char = this.peek()
    if (char === '"') {
      this.position++
      return this.parseInterpolated('"')
    }
    if (char === "'") return this.parseSingleQuoted()
    if (char === '<' && this.source.startsWith('<<', this.position)) return this.parseHeredoc()
    if (char === '$') {
      this.position++
      const name = this.readName('an expression')
      this.checkReadable(name)
      return { kind: 'variable', name }
    }
    if (char === '(') {
      this.position++
      const expression = this.parseExpression()
      this.skipSpace()
      if (this.peek() !== ')') this.fail(`expected \`)\`, found ${this.unexpected()}`)
      this.position++
      return expression
    }
    if (char !== undefined && /\d/.test(char)) {
      const digits = /^\d+/.exec(this.source.slice(this.position))?.[0] ?? ''
      this.position += digits.length
      return { kind: 'text', parts: [digits] }
    }
    if (char === '`') this.fail('backticks run a command')
    if (char !== undefined && IDENTIFIER_START.test(char)) {
      const word = this.readIdentifier()
      if (word === 'chop') return this.parseChop()
      const call = CALLS[word]
      this.fail(call !== undefined ? `\`${word}\` ${call}` : `\`${word}\` is not something a cow file may do`)
    }
    this.fail(`expected a string or a variable, found ${this.unexpected()}`)
  }

  private parseChop (): Expression {
    this.skipSpace()
    const parenthesized = this.peek() === '('
    if (parenthesized) { this.position++; this.skipSpace() }
    if (this.peek() !== '$') this.fail('`chop` takes a variable: `chop($name)`')
    this.position++
    const name = this.readName('chop')
    this.checkReadable(name)
    this.skipSpace()
    if (parenthesized) {
      if (this.peek() !== ')') this.fail('`chop` takes a variable: `chop($name)`')
      this.position++
    }
    this.assigned.add(name)
    return { kind: 'chop', name }
  }

  private parseSingleQuoted (): Expression {
    const line = this.line()
    this.position++ // '
    let text = ''
    for (;;) {
      const char = this.source[this.position]
      if (char === undefined) throw new CowFileError(line, 'a quoted string is never closed')
      this.position++
      if (char === "'") break
      if (char === '\\' && (this.peek() === "'" || this.peek() === '\\')) {
        text += this.source[this.position++]
      } else {
        text += char
      }
    }
    checkDrawable(text, line)
    return { kind: 'text', parts: [text] }
  }

  /** Reads `<<ID`, `<<"ID"`, `<<'ID'` (and `<< ID`); the body starts on the next line. */
  private parseHeredoc (): Expression {
    const line = this.line()
    this.position += 2
    if (this.peek() === '~') this.fail('indented heredocs (<<~) are not supported')
    const spaced = /^[ \t]*/.exec(this.source.slice(this.position))?.[0] ?? ''
    this.position += spaced.length
    const quote = this.peek() === '"' || this.peek() === "'" ? this.peek() : undefined
    if (quote !== undefined) this.position++
    if (!IDENTIFIER_START.test(this.peek() ?? '')) this.fail('a heredoc needs a name such as EOC right after <<')
    const terminator = this.readIdentifier()
    if (quote !== undefined) {
      if (this.peek() !== quote) this.fail('the heredoc\'s name is not closed with its quote')
      this.position++
    }

    const lineEnd = this.source.indexOf('\n', this.position)
    let bodyStart = this.heredocResume !== -1 && this.heredocLineEnd === lineEnd ? this.heredocResume : lineEnd + 1
    if (lineEnd === -1) bodyStart = this.source.length
    let at = bodyStart
    let bodyEnd: number
    for (;;) {
      if (at >= this.source.length) throw new CowFileError(line, `the heredoc is never closed: no line "${terminator}" ends it`)
      let end = this.source.indexOf('\n', at)
      if (end === -1) end = this.source.length
      if (this.source.slice(at, end) === terminator) {
        bodyEnd = at
        at = end + 1
        break
      }
      at = end + 1
    }
    this.heredocLineEnd = lineEnd
    this.heredocResume = Math.min(at, this.source.length)

    const bodyLine = this.lines.lineOf(bodyStart)
    if (quote === "'") {
      const body = this.source.slice(bodyStart, bodyEnd)
      checkDrawable(body, bodyLine)
      return { kind: 'text', parts: [body] }
    }
    return this.interpolator(bodyStart, bodyEnd).parse(undefined)
  }

  /** A double-quoted string, the opening quote already read. */
  private parseInterpolated (close: '"'): Expression {
    const interpolator = this.interpolator(this.position, this.source.length)
    const expression = interpolator.parse(close)
    const end = interpolator.end
    if (this.heredocLineEnd >= this.position && this.heredocLineEnd < end) this.fail('a string may not run across a heredoc\'s body')
    this.position = end
    return expression
  }

  private interpolator (start: number, end: number): Interpolator {
    return new Interpolator(this.source, start, end, this.lines, () => this.eyeCount++, (name, at) => this.checkReadable(name, this.lines.lineOf(at)))
  }

  private checkReadable (name: string, line = this.line()): void {
    if (PROGRAM_VARIABLES.has(name) && !this.assigned.has(name)) {
      throw new CowFileError(line, `reads $${name}, a variable of the cowsay program, which a cow file may not see`)
    }
  }

  private bound (expression: Expression): number {
    switch (expression.kind) {
      case 'text': return expression.parts.reduce<number>((sum, part) =>
        sum + (typeof part === 'string' ? part.length : 'eye' in part ? 2 : this.bounds.get(part.variable) ?? 0), 0)
      case 'variable': return this.bounds.get(expression.name) ?? 0
      case 'concat': return expression.items.reduce((sum, item) => sum + this.bound(item), 0)
      case 'repeat': return this.bound(expression.expression) * expression.count
      case 'chop': return 2
    }
  }

  /** A variable name after `$`: an identifier, or `{identifier}`. */
  private readName (where: string): string {
    let name: string
    if (this.peek() === '{') {
      this.position++
      name = IDENTIFIER_START.test(this.peek() ?? '') ? this.readIdentifier() : ''
      if (name === '' || this.peek() !== '}') this.fail(`\${...} in ${where} may only hold a variable name`)
      this.position++
    } else {
      if (!IDENTIFIER_START.test(this.peek() ?? '')) this.fail(`expected a variable name after $ in ${where}`)
      name = this.readIdentifier()
    }
    const next = this.peek()
    if (next === '[' || next === '{' || this.source.startsWith('::', this.position) || this.source.startsWith('->', this.position)) {
      this.fail(`$${name} is used as an array, a hash or a package: only plain variables are allowed`)
    }
    return name
  }

  private readIdentifier (): string {
    const start = this.position
    while (IDENTIFIER_CHAR.test(this.peek() ?? '')) this.position++
    return this.source.slice(start, this.position)
  }

  private peekIdentifier (): string {
    return /^[A-Za-z_]\w*/.exec(this.source.slice(this.position, this.position + 64))?.[0] ?? ''
  }

  /** Skips white space and comments; a newline that opened heredocs jumps past their bodies. */
  private skipSpace (): void {
    for (;;) {
      const char = this.peek()
      if (char === '\n' && this.position === this.heredocLineEnd) {
        this.position = this.heredocResume
        this.heredocLineEnd = -1
        this.heredocResume = -1
      } else if (char !== undefined && WHITESPACE.test(char)) {
        this.position++
      } else if (char === '#') {
        const end = this.source.indexOf('\n', this.position)
        this.position = end === -1 ? this.source.length : end
      } else {
        return
      }
    }
  }

  private peek (): string | undefined {
    return this.source[this.position]
  }

  private atEnd (): boolean {
    return this.position >= this.source.length
  }

  private line (): number {
    return this.lines.lineOf(this.position)
  }

  private unexpected (): string {
    const char = this.peek()
    if (char === undefined) return 'the end of the file'
    const codePoint = char.codePointAt(0) ?? 0
    return /[!-~]/.test(char) ? `\`${char}\`` : `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`
  }

  private fail (reason: string): never {
    throw new CowFileError(this.line(), reason)
  }
}

const PLAIN_RUN = /[^\\$@]+/y
const PLAIN_RUN_QUOTED = /[^\\$@"]+/y

/** Perl's double-quoted interpolation, over a heredoc's body or a string after its opening quote. */
class Interpolator {
  private position: number
  private readonly parts: Part[] = []
  private literal = ''
  private literalLine: number

  /** Reads `text` from `start` to `end` (or to the closing quote). */
  constructor (
    private readonly text: string,
    private readonly start: number,
    private readonly limit: number,
    private readonly lines: LineIndex,
    private readonly nextEye: () => number,
    private readonly checkReadable: (name: string, at: number) => void
  ) {
    this.position = start
    this.literalLine = lines.lineOf(start)
  }

  /** Where parse() stopped: past the closing quote, or at the end. */
  get end (): number {
    return this.position
  }

  private char (at = this.position): string | undefined {
    return at < this.limit ? this.text[at] : undefined
  }

  parse (close: '"' | undefined): Expression {
    for (;;) {
      const char = this.char()
      if (char === undefined) {
        if (close !== undefined) throw new CowFileError(this.lines.lineOf(this.start), 'a quoted string is never closed')
        break
      }
      if (char === close) { this.position++; break }
      if (char === '\\') this.escape()
      else if (char === '$') this.scalar()
      else if (char === '@') this.array()
      else this.literalRun(close)
    }
    this.flush()
    return { kind: 'text', parts: this.parts }
  }

  /** Takes every plain character up to the next `\\`, `$`, `@` (or closing quote) at once. */
  private literalRun (close: '"' | undefined): void {
    const run = close === undefined ? PLAIN_RUN : PLAIN_RUN_QUOTED
    run.lastIndex = this.position
    const end = Math.min(this.position + (run.exec(this.text)?.[0].length ?? 1), this.limit)
    this.literal += this.text.slice(this.position, end)
    this.position = end
  }

  private escape (): void {
    this.position++
    const char = this.char()
    if (char === undefined) this.fail('a backslash at the very end')
    this.position++
    const simple: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f', b: '\b', a: '\x07', e: '\x1b' }
    if (char in simple) { this.literal += simple[char]; return }
    if (/[0-7]/.test(char)) {
      const digits = char + (/^[0-7]{0,2}/.exec(this.slice(this.position, this.position + 2))?.[0] ?? '')
      this.position += digits.length - 1
      this.codePoint(parseInt(digits, 8))
      return
    }
    if (char === 'x') {
      if (this.char() === '{') {
        const found = this.text.indexOf('}', this.position)
        const end = found >= this.limit ? -1 : found
        const hex = end === -1 ? '' : this.slice(this.position + 1, end).trim()
        if (!/^[0-9A-Fa-f]{1,6}$/.test(hex)) this.fail('\\x{...} must hold a hexadecimal number')
        this.position = end + 1
        this.codePoint(parseInt(hex, 16))
      } else {
        const hex = /^[0-9A-Fa-f]{0,2}/.exec(this.slice(this.position, this.position + 2))?.[0] ?? ''
        this.position += hex.length
        this.codePoint(hex === '' ? 0 : parseInt(hex, 16))
      }
      return
    }
    if (char === 'N') {
      const named = /^\{U\+([0-9A-Fa-f]{1,6})\}/.exec(this.slice(this.position, this.position + 10))
      if (named === null) this.fail('only \\N{U+hex} is supported, not named characters')
      this.position += named[0].length
      this.codePoint(parseInt(named[1], 16))
      return
    }
    if (char === 'c') {
      const control = this.char()
      if (control === undefined || !/[ -~]/.test(control)) this.fail('\\c must be followed by a character')
      this.position++
      this.codePoint(control.toUpperCase().charCodeAt(0) ^ 64)
      return
    }
    if (/[luLUQEF]/.test(char)) this.fail(`the case modifier \\${char} is not supported`)
    if (char === 'o') this.fail('\\o{...} is not supported')
    // Perl passes any other escaped character through: \\ \$ \@ \" and also \q or \乂.
    const codePoint = this.text.codePointAt(this.position - 1) ?? 0
    const whole = String.fromCodePoint(codePoint)
    this.position += whole.length - 1
    this.literal += whole
  }

  private codePoint (value: number): void {
    if (value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) this.fail(`U+${value.toString(16).toUpperCase()} is not a character`)
    this.literal += String.fromCodePoint(value)
  }

  private scalar (): void {
    const start = this.position
    this.position++
    // Perl skips white space after an interpolated `$`: "5$ each" prints "5" and the value of $each.
    while (WHITESPACE.test(this.char() ?? '')) this.position++
    const char = this.char()
    if (char === undefined || char === '"') {
      this.position = start
      this.fail('a `$` with no variable name after it: write \\$ for a dollar sign')
    }
    if (char === LINE_NUMBER || char === CHILD_STATUS) {
      this.position++
      this.part({ variable: char }, start)
      return
    }
    let name: string
    if (char === '{') {
      const match = /^\{\s*([A-Za-z_]\w*)\s*\}/.exec(this.slice(this.position, this.position + 80))
      // eslint-disable-next-line no-template-curly-in-string -- Perl's ${...}, named in the message
      if (match === null) this.fail('${...} may only hold a variable name: anything else would run code')
      name = match[1]
      this.position += match[0].length
    } else if (IDENTIFIER_START.test(char)) {
      name = /^[A-Za-z_]\w*/.exec(this.slice(this.position))?.[0] ?? ''
      this.position += name.length
      this.checkPlain(name, '$')
    } else if (/\d/.test(char)) {
      this.fail(`$${char} is a regular-expression match variable, which depends on the running program`)
    } else {
      this.fail(`a \`$\` followed by ${/[!-~]/.test(char) ? `\`${char}\`` : 'that character'}: Perl reads a special variable there; write \\$ for a dollar sign`)
    }
    if (name.startsWith('eye') && !name.startsWith('eyes')) {
      // npm's convention, which ends `$eye` wherever `eye` does: `$eye_$eye` (tux), `$eyeY$eye` (vader).
      this.position -= name.length - 'eye'.length
      this.part({ eye: this.nextEye() }, start)
      return
    }
    this.checkReadable(name, start)
    this.part({ variable: name }, start)
  }

  private array (): void {
    const next = this.char(this.position + 1) ?? ''
    const after = this.char(this.position + 2) ?? ''
    if (next === '{' || (next === '$' && /[\w{$:]/.test(after))) this.fail(`@${next}... would run code or read a variable's array: write \\@ for an at sign`)
    if (next === ':' && this.char(this.position + 2) === ':') this.fail('@:: names a package: write \\@ for an at sign')
    // @+ and @- hold the offsets of the last match, of which a named cow's get_cow has none, and
    // @$ is one more empty array (npm's cake and explosion).
    const name = /^(?:[A-Za-z_]\w*|\d+|[+$-])/.exec(this.slice(this.position + 1))?.[0]
    if (name === undefined) {
      this.literal += '@'
      this.position++
      return
    }
    this.position += 1 + name.length
    this.checkPlain(name, '@')
    this.checkReadable(name, this.position)
    // No cow file can fill an array, so Perl interpolates an empty one: nothing (Debian's calvin).
  }

  /** `$name[`, `$name{`, `$name->`, `$name::` and the old `$name'x` are subscripts or packages. */
  private checkPlain (name: string, sigil: string): void {
    const rest = this.slice(this.position, this.position + 3)
    if (/^(?:\[|\{|->[[{]|::|'[A-Za-z_])/.test(rest)) {
      this.fail(`${sigil}${name} is followed by a subscript or a package name: write \\${rest[0]} after ${sigil}{${name}} or escape it`)
    }
  }

  private part (part: Part, start: number): void {
    this.flush(start)
    this.parts.push(part)
    this.literalLine = this.lineAt(this.position)
  }

  private flush (at = this.position): void {
    if (this.literal === '') return
    checkDrawable(this.literal, this.literalLine)
    this.parts.push(this.literal)
    this.literal = ''
    this.literalLine = this.lineAt(at)
  }

  private lineAt (index: number): number {
    return this.lines.lineOf(index)
  }

  /** Like String#slice, never past the end of what this reads. */
  private slice (from: number, to?: number): string {
    return this.text.slice(from, Math.min(to ?? this.limit, this.limit))
  }

  private fail (reason: string): never {
    throw new CowFileError(this.lineAt(this.position), reason)
  }
}

const SGR = /^\x1b\[[0-9;:]*m/

/**
 * What a piece of the drawing may hold: no control character but tab and newline, and ESC only
 * as the start of a complete colour sequence, so a cow can colour a terminal and do nothing else.
 */
const UNDRAWABLE = /[\x00-\x08\x0B-\x1F\x7F-\x9F]/

function checkDrawable (text: string, firstLine: number): void {
  // Most text has no control character at all: one native scan says so.
  if (!UNDRAWABLE.test(text)) return
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code === 0x1B) {
      const sequence = SGR.exec(text.slice(index, index + 64))
      if (sequence !== null) { index += sequence[0].length - 1; continue }
      throw new CowFileError(firstLine + lineAt(text, index) - 1,
        'an escape that is not a complete colour sequence (ESC [ ... m) in one string')
    }
    if ((code < 0x20 && code !== 0x09 && code !== 0x0A) || (code >= 0x7F && code <= 0x9F)) {
      throw new CowFileError(firstLine + lineAt(text, index) - 1,
        `the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}; only tab, newline and colour sequences may be drawn`)
    }
  }
}

function evaluate (program: readonly Statement[], face: CowFace): string {
  const variables = new Map<string, string>([
    ['eyes', face.eyes], ['tongue', face.tongue], ['thoughts', face.thoughts],
    [LINE_NUMBER, String(face.messageLines)], [CHILD_STATUS, '0']
  ])
  const eyes = Array.from(face.eyes)
  const value = (expression: Expression): string => {
    switch (expression.kind) {
      case 'text': return expression.parts.map(part => typeof part === 'string'
        ? part
        : 'eye' in part ? eyes[part.eye % 2] ?? '' : variables.get(part.variable) ?? '').join('')
      case 'variable': return variables.get(expression.name) ?? ''
      case 'concat': return expression.items.map(value).join('')
      case 'repeat': return value(expression.expression).repeat(expression.count)
      case 'chop': {
        const characters = Array.from(variables.get(expression.name) ?? '')
        const last = characters.pop() ?? ''
        variables.set(expression.name, characters.join(''))
        return last
      }
    }
  }
  for (const { target, append, expression, condition } of program) {
    if (condition !== undefined) {
      const current = variables.get(condition.name)
      const truth = current !== undefined && current !== '' && current !== '0'
      if (truth !== condition.truthy) continue
    }
    const result = value(expression)
    variables.set(target, append ? (variables.get(target) ?? '') + result : result)
  }
  return variables.get(THE_COW) ?? ''
}
