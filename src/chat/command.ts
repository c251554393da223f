import { Check } from 'typebox/value'
import {
  DEFAULT_TEXT, InputError, OPTION_LIST, checkMessage, quote, readOptions,
  type Action, type CowOption, type CowOptions, type Field, type OptionName
} from '../cowsay/index.js'
import { databaseNames, databaseSize, fortuneNumbered, isDatabase, listDatabases } from '../fortunes/index.js'

/**
 * A chat command's text, read the way the terminal reads `cowsay`'s
 * arguments (Getopt::Std): options first, bundled or not (`-dn`, `-ftux`,
 * `-W30` or `-W 30`), up to the first word that is not one or up to `--`;
 * the rest is the message. The option table's names work as long options
 * (`--cow=tux`, `--width 30`), its flags as short ones. Every value then meets
 * the web's own rules: the same schema, the same catalogue lookup, the same
 * message checks, and so the same error messages (thrown as InputError, for
 * the caller to show).
 */

export type TypedCommand =
  | { kind: 'help' }
  | { kind: 'cows' }
  /**
   * `options.cow` may be "random", as on the web: the caller picks the cow. With `fortune`, a
   * fortune is drawn instead of `text` (the caller picks it, where it is random).
   */
  | { kind: 'draw', text: string, options: CowOptions, fortune?: FortuneChoice }

/** Which fortune a command asks for: any, one of a database, or one by its address. */
export type FortuneChoice = { database?: string, index?: number }

const RANDOM_FORTUNE = 'random'

/**
 * The chat commands' one option beyond the option table, since it says what is drawn rather than
 * how: `--fortune` draws `fortune | cowsay -n` instead of a message, as `/fortune` does on the
 * web. Declared once: the typed commands' long option, the usage line, Discord's `fortune`
 * option and its choices come from here, so every platform has it.
 */
export const FORTUNE_OPTION = {
  name: 'fortune',
  description: 'Draw a fortune instead of a message: random, a database (riddles) or one fortune (riddles/13)',
  usage: 'draws a fortune instead of a message: `--fortune=riddles` one of a database, `--fortune=riddles/13` that one',
  default: RANDOM_FORTUNE,
  field: { kind: 'select', choices: () => listDatabases().map(({ name }) => name), first: { value: RANDOM_FORTUNE, text: 'a random fortune' } },
  /** A value as typed (`random`, `riddles`, `riddles/13`); an unknown database or fortune is an InputError saying what exists. */
  read (raw: string): FortuneChoice {
    if (raw === '' || raw === RANDOM_FORTUNE) return {}
    const [database = '', index, ...more] = raw.split('/')
    if (!isDatabase(database)) throw new InputError(`Unknown fortune database ${quote(database, 64)}: there are ${databaseNames()}`)
    if (index === undefined) return { database }
    const found = more.length === 0 ? fortuneNumbered(database, index) : undefined
    if (found === undefined) throw new InputError(`No fortune ${quote(index, 16)} in ${database}: it holds ${databaseSize(database)}, ${database}/1 to ${database}/${databaseSize(database)}`)
    return { database, index: found.index }
  }
} as const satisfies { name: string, description: string, usage: string, default: string, field: Field, read: (raw: string) => FortuneChoice }

/** A one-letter flag: the option it sets, and the value it sets when it takes none. */
interface Flag {
  option: CowOption<OptionName>
  sets?: string
}

/** Every flag of the option table, by letter. */
const FLAGS = new Map<string, Flag>()
for (const option of OPTION_LIST) {
  const { cli } = option
  if ('letters' in cli) for (const [letter, value] of Object.entries(cli.letters)) FLAGS.set(letter, { option, sets: value })
  else FLAGS.set(cli.flag, 'sets' in cli ? { option, sets: cli.sets } : { option })
}
const LONG_OPTIONS = new Map(OPTION_LIST.map((option) => [option.name, option]))

/** A word that asks to be read as an option; `-5` or a lone `-` are message text. */
const OPTION_WORD = /^--?[A-Za-z]/

/** What the user asked for, remembering how they spelled it, for error messages. */
type Given = Partial<Record<OptionName, { value: string, spelled: string }>>

/** The command's own name decides the default: `/cowthink` thinks. */
const commandAction = (command: string): Action => /think$/i.test(command) ? 'think' : 'say'

/** An option set by one letter per value (the modes) can be set once: a link has room for one. */
const setsByLetter = (option: CowOption): boolean => 'letters' in option.cli

class OptionReader {
  readonly given: Given = {}
  wants: 'help' | 'cows' | undefined
  fortune: FortuneChoice | undefined

  constructor (readonly command: string, readonly words: readonly string[]) {}

  /** Reads the option word at `index`; returns how many words it used (its value may be the next one). */
  read (index: number): number {
    const word = this.words[index] ?? ''
    if (word.startsWith('--')) return this.#readLong(word, index)
    // By code point, so that "-d🐄" names the cow emoji, not half of it.
    const letters = Array.from(word.slice(1))
    for (const [at, letter] of letters.entries()) {
      const spelled = '-' + letter
      const flag = FLAGS.get(letter)
      if (letter === 'h') this.wants ??= 'help'
      else if (letter === 'l') this.wants ??= 'cows'
      else if (flag === undefined) throw this.#unknown(spelled)
      else if (flag.sets !== undefined) this.#set(flag.option, flag.sets, spelled)
      else {
        // As getopts: the value is the rest of this word, or else the next word.
        const rest = letters.slice(at + 1).join('')
        if (rest !== '') return this.#set(flag.option, rest, spelled, 1)
        return this.#set(flag.option, this.#valueAfter(index, spelled, flag.option), spelled, 2)
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
    // A value only after "=": the next word is the message's (and with a fortune, a mistake).
    if (name === FORTUNE_OPTION.name) {
      this.fortune = FORTUNE_OPTION.read(equals === -1 ? '' : word.slice(equals + 1))
      return 1
    }
    const option = LONG_OPTIONS.get(name as OptionName)
    if (option === undefined) throw this.#unknown(spelled)
    if (equals !== -1) return this.#set(option, word.slice(equals + 1), spelled, 1)
    if ('sets' in option.cli) return this.#set(option, option.cli.sets, spelled, 1)
    return this.#set(option, this.#valueAfter(index, spelled, option), spelled, 2)
  }

  #unknown (spelled: string): InputError {
    return new InputError(`Unknown option ${quote(spelled)}: "${this.command} help" lists the options; put -- before a message that starts with -`)
  }

  #valueAfter (index: number, spelled: string, option: CowOption): string {
    const value = this.words[index + 1]
    if (value === undefined) throw new InputError(`Option ${spelled} needs a value: ${option.rule}`)
    return value
  }

  #set (option: CowOption<OptionName>, value: string, spelled: string, used = 1): number {
    // The terminal lets mode flags fight (the last in -bdgpstwy order wins); a link has room for one.
    const earlier = this.given[option.name]
    if (setsByLetter(option) && earlier !== undefined && earlier.value !== value) {
      throw new InputError(`Choose one ${option.name}: ${earlier.spelled} (${earlier.value}) and ${spelled} (${value}) were both given`)
    }
    // Otherwise the last one wins, as in the terminal.
    this.given[option.name] = { value, spelled }
    return used
  }
}

/** The options as the web's query would carry them, each checked by its option's schema. */
function toQuery (given: Given): Record<string, string> {
  // Values stay strings, as in a query string: the schemas' rules (width's
  // pattern included) are written for them. An empty value means "not given"
  // in a query string (the form sends every field), but an option typed with
  // nothing after it is a mistake, unless the empty value is one the option takes.
  const query: Record<string, string> = {}
  for (const option of OPTION_LIST) {
    const entry = given[option.name]
    if (entry === undefined) continue
    const { value, spelled } = entry
    if ((value === '' && !('sets' in option.cli)) || !Check(option.query, value)) {
      throw new InputError(`Invalid option ${spelled} ${quote(value)}: ${option.rule}`)
    }
    query[option.name] = value
  }
  return query
}

/**
 * Reads a command's text as the user typed it (each platform undoes its own
 * escaping first); `command` is the command's name, such as "/cowthink",
 * which decides the action and names the command in messages.
 */
export function readCommandText (command: string, typed: string): TypedCommand {
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

  const query = toQuery(reader.given)
  // The message keeps its own spacing and line breaks (they matter with -n).
  const rest = index < matches.length ? typed.slice(matches[index]?.index) : ''
  if (reader.fortune === undefined) return { kind: 'draw', text: rest === '' ? DEFAULT_TEXT : checkMessage(rest), options: readOptions(query, action) }
  return { kind: 'draw', text: '', options: readFortuneOptions(query, action, rest), fortune: reader.fortune }
}

/**
 * A fortune's options, as the web reads them: its line breaks kept unless `--nowrap=0`. A message
 * beside it is a mistake: which of the two would the cow say?
 */
export function readFortuneOptions (query: Readonly<Record<string, string>>, action: Action, message: string): CowOptions {
  if (message.trim() !== '') throw new InputError(`--${FORTUNE_OPTION.name} draws a fortune: leave out the message (or the fortune)`)
  return readOptions({ nowrap: '1', ...query }, action)
}
