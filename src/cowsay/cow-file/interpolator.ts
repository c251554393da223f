/* The interpolator: Perl's double-quoted strings and heredoc bodies, read into parts (see index.ts). */
import { CHILD_STATUS, CowFileError, LINE_NUMBER, type Expression, type Part } from './program.js'
import { IDENTIFIER_START, WHITESPACE, checkDrawable, type LineIndex } from './text.js'

const PLAIN_RUN = /[^\\$@]+/y
const PLAIN_RUN_QUOTED = /[^\\$@"]+/y

/** Perl's double-quoted interpolation, over a heredoc's body or a string after its opening quote. */
export class Interpolator {
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
