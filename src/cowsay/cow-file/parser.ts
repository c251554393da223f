/* The parser: the statements of the small part of Perl that cow files are written in (see index.ts). */
import { Interpolator } from './interpolator.js'
import { CALLS, CHILD_STATUS, CowFileError, LINE_NUMBER, PROGRAM_VARIABLES, THE_COW, type Expression, type Statement } from './program.js'
import { IDENTIFIER_CHAR, IDENTIFIER_START, LineIndex, WHITESPACE, checkDrawable } from './text.js'

/** The longest drawing a cow file may produce (UTF-16 code units), whatever the face. */
const MAX_DRAWING_LENGTH = 1024 * 1024

export class Parser {
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
