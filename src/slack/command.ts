import { Errors } from 'typebox/value'
import type { Action, CowOptions, Mode } from '../cowsay/index.js'
import { QUERY_RULES, ResultQuery } from '../schemas/result.js'
import { badRequest, type HttpError } from '../web/http-error.js'
import { DEFAULT_TEXT, checkMessage } from '../web/message.js'
import { cowOptions } from '../web/options.js'
import { quote } from '../web/quote.js'
import { unescapeSlack } from './escape.js'

/**
 * A slash command's text, read the way the terminal reads `cowsay`'s
 * arguments (Getopt::Std): options first, bundled or not (`-dn`, `-ftux`,
 * `-W30` or `-W 30`), up to the first word that is not one or up to `--`;
 * the rest is the message. The web's parameter names work as long options
 * (`--cow=tux`, `--width 30`). Every value then meets the web's own rules:
 * the same schema, the same catalogue lookup, the same message checks, and
 * so the same error messages (thrown as HttpError, for the caller to show).
 */

export type SlackCommand =
  | { kind: 'help' }
  | { kind: 'cows' }
  /** `options.cow` may be "random", as on the web: the caller picks the cow. */
  | { kind: 'draw', text: string, options: CowOptions }

/** cowsay's one-letter mode flags. */
export const MODE_FLAGS: Readonly<Record<string, Mode>> = {
  b: 'borg', d: 'dead', g: 'greedy', p: 'paranoid', s: 'stoned', t: 'tired', w: 'wired', y: 'youthful'
}

type Parameter = 'cow' | 'mode' | 'eyes' | 'tongue' | 'width' | 'nowrap'

/** cowsay's flags that take a value, and the web parameter each one sets. */
const VALUE_FLAGS: Readonly<Record<string, Parameter>> = { f: 'cow', e: 'eyes', T: 'tongue', W: 'width' }

const LONG_OPTIONS: ReadonlySet<string> = new Set<Parameter>(['cow', 'mode', 'eyes', 'tongue', 'width', 'nowrap'])

/** A word that asks to be read as an option; `-5` or a lone `-` are message text. */
const OPTION_WORD = /^--?[A-Za-z]/

/** What the user asked for, remembering how they spelled it, for error messages. */
type Given = Partial<Record<Parameter, { value: string, spelled: string }>>

/** The command's own name decides the default: `/cowthink` thinks. */
export const commandAction = (command: string): Action => /think$/i.test(command) ? 'think' : 'say'

class OptionReader {
  readonly given: Given = {}
  wants: 'help' | 'cows' | undefined

  constructor (readonly command: string, readonly words: readonly string[]) {}

  /** Reads the option word at `index`; returns how many words it used (its value may be the next one). */
  read (index: number): number {
    const word = this.words[index] ?? ''
    if (word.startsWith('--')) return this.#readLong(word, index)
    // By code point, so that "-d🐄" names the cow emoji, not half of it.
    const flags = Array.from(word.slice(1))
    for (const [at, flag] of flags.entries()) {
      const spelled = '-' + flag
      const mode = Object.hasOwn(MODE_FLAGS, flag) ? MODE_FLAGS[flag] : undefined
      const parameter = Object.hasOwn(VALUE_FLAGS, flag) ? VALUE_FLAGS[flag] : undefined
      if (mode !== undefined) this.#setMode(mode, spelled)
      else if (flag === 'n') this.given.nowrap = { value: '1', spelled }
      else if (flag === 'h') this.wants ??= 'help'
      else if (flag === 'l') this.wants ??= 'cows'
      else if (parameter !== undefined) {
        // As getopts: the value is the rest of this word, or else the next word.
        const rest = flags.slice(at + 1).join('')
        if (rest !== '') return this.#set(parameter, rest, spelled, 1)
        return this.#set(parameter, this.#valueAfter(index, spelled, parameter), spelled, 2)
      } else {
        throw this.#unknown(spelled)
      }
    }
    return 1
  }

  #readLong (word: string, index: number): number {
    const equals = word.indexOf('=')
    const name = word.slice(2, equals === -1 ? undefined : equals)
    const spelled = '--' + name
    if (name === 'help') {
      this.wants ??= 'help'
      return 1
    }
    if (!LONG_OPTIONS.has(name)) throw this.#unknown(spelled)
    const parameter = name as Parameter
    if (equals !== -1) return this.#set(parameter, word.slice(equals + 1), spelled, 1)
    if (parameter === 'nowrap') return this.#set(parameter, '1', spelled, 1)
    return this.#set(parameter, this.#valueAfter(index, spelled, parameter), spelled, 2)
  }

  #unknown (spelled: string): HttpError {
    return badRequest(`Unknown option ${quote(spelled)}: "${this.command} help" lists the options; put -- before a message that starts with -`)
  }

  #valueAfter (index: number, spelled: string, parameter: Parameter): string {
    const value = this.words[index + 1]
    if (value === undefined) throw badRequest(`Option ${spelled} needs a value: ${QUERY_RULES[parameter]}`)
    return value
  }

  #set (parameter: Parameter, value: string, spelled: string, used: number): number {
    if (parameter === 'mode') this.#setMode(value, spelled)
    // Otherwise the last one wins, as in the terminal.
    else this.given[parameter] = { value, spelled }
    return used
  }

  /** The terminal lets mode flags fight (the last in -bdgpstwy order wins); a link has room for one. */
  #setMode (mode: string, spelled: string): void {
    const earlier = this.given.mode
    if (earlier !== undefined && earlier.value !== mode) {
      throw badRequest(`Choose one mode: ${earlier.spelled} (${earlier.value}) and ${spelled} (${mode}) were both given`)
    }
    this.given.mode = { value: mode, spelled }
  }
}

/** The options as the web's query would carry them, checked by the web's schema. */
function toQuery (given: Given): ResultQuery {
  // Values stay strings, as in a query string: the schema's rules (width's
  // pattern included) are written for them.
  // An empty value means "not given" in a query string (the form sends every
  // field), but an option typed with nothing after it is a mistake.
  const query: Record<string, string> = {}
  for (const [parameter, { value, spelled }] of Object.entries(given) as Array<[Parameter, { value: string, spelled: string }]>) {
    if (value === '' && parameter !== 'nowrap') throw badRequest(`Invalid option ${spelled} "": ${QUERY_RULES[parameter]}`)
    query[parameter] = value
  }
  const [problem] = Errors(ResultQuery, query)
  if (problem !== undefined) {
    const parameter = problem.instancePath.replace(/^\//, '') as Parameter
    const { value, spelled } = given[parameter] ?? { value: '', spelled: parameter }
    throw badRequest(`Invalid option ${spelled} ${quote(value)}: ${QUERY_RULES[parameter] ?? problem.message}`)
  }
  return query as ResultQuery
}

/**
 * Reads a slash command. `text` is the field as Slack sends it (with `&`, `<`
 * and `>` encoded); `command` is the command's name, such as "/cowthink".
 */
export function parseCommand (command: string, text: string): SlackCommand {
  const typed = unescapeSlack(text)
  const whole = typed.trim()
  if (whole === '' || whole === 'help') return { kind: 'help' }
  if (whole === 'cows') return { kind: 'cows' }

  const matches = [...typed.matchAll(/\S+/g)]
  const words = matches.map((match) => match[0])
  let action = commandAction(command)
  let index = 0
  if (action === 'say' && words[0] === 'think') {
    action = 'think'
    index = 1
  }
  const reader = new OptionReader(command, words)
  while (index < words.length) {
    const word = words[index] ?? ''
    if (word === '--') { index++; break }
    if (!OPTION_WORD.test(word)) break
    index += reader.read(index)
  }
  if (reader.wants !== undefined) return { kind: reader.wants }

  const options = cowOptions(toQuery(reader.given), action)
  // The message keeps its own spacing and line breaks (they matter with -n).
  const rest = index < matches.length ? typed.slice(matches[index]?.index) : ''
  return { kind: 'draw', text: rest === '' ? DEFAULT_TEXT : checkMessage(rest), options }
}
