import { Type, type TSchema } from 'typebox'
import { BOLD, COLOR_RULE, COLOR_SCHEMES, colorValue, readColor } from './color.js'
import { isCow, listCows } from './cows.js'
import { MAX_COWFILE_LENGTH, decodeCowFile, encodeCowFile } from './custom-cow.js'
import { InputError, quote } from './input-error.js'

/*
 * The option table: every option of a cow, declared once. The query schema and
 * its 400 messages, the canonical URL, reading a request, the form's fields,
 * the chat command's flags and usage, the JSON result's fields and the OpenAPI
 * document are all derived from OPTIONS; a new option is a new entry here (and
 * the code that uses its value).
 */

/** cowsay or cowthink: the verb of the path, not a query option. */
export const ACTIONS = ['say', 'think'] as const
export type Action = typeof ACTIONS[number]

/** cowsay's face modes, one per flag: -b -d -g -p -s -t -w -y. */
export const MODES = ['borg', 'dead', 'greedy', 'paranoid', 'stoned', 'tired', 'wired', 'youthful'] as const
export type Mode = typeof MODES[number]

/** The cow value that stands for "any": answered with a redirect to a concrete cow. */
export const RANDOM_COW = 'random'

/** How the form shows an option. */
export type Field =
  /** A list to pick from: `first` before the choices, `last` after them. */
  | { kind: 'select', choices: () => readonly string[], first?: Choice, last?: Choice, link?: { href: string, text: string } }
  /** A short text, shown empty (with the placeholder) while it is the default. */
  | { kind: 'text', maxLength: number, placeholder: string }
  | { kind: 'number', min: number, max: number }
  /** A box to tick; `label` is the text beside it. */
  | { kind: 'checkbox' }
  /** A long text, folded away while it is empty; `hint` says what goes in it. */
  | { kind: 'textarea', rows: number, hint: string }

interface Choice {
  value: string
  text: string
}

type OptionValue = string | number | boolean | null

export interface CowOption<Name extends string = string, Value extends OptionValue = OptionValue> {
  readonly name: Name
  /** The form's label. */
  readonly label: string
  /** What the option does, for the API document. */
  readonly description: string
  /** The rule a value must follow, as a 400 words it: "it must be ...". */
  readonly rule: string
  readonly default: Value
  /** The query parameter (a string; '' means not given). */
  readonly query: TSchema
  /** The value in a JSON result. */
  readonly result: TSchema
  /** A given value, already checked against `query`; throws InputError for what only the catalogue knows. */
  read (raw: string): Value
  /** The value as the canonical URL writes it. */
  write (value: Value): string
  /**
   * The command line: a flag letter that takes a value (`example` is what the
   * usage shows), a flag letter that takes none and `sets` a value, or one
   * letter per value, as cowsay's mode flags.
   */
  readonly cli: { flag: string, example: string } | { flag: string, sets: string } | { letters: Readonly<Record<string, string>> }
  /** What the chat command's usage says of it, after the flag. */
  readonly usage: string
  readonly field: Field
}

// Eyes and tongue are drawn into the cow: no control characters (a terminal
// escape in `eyes` would reach every curl user) and nothing XML cannot carry.
const PRINTABLE = '^[^\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029\\uFDD0-\\uFDEF\\uFFFE\\uFFFF]*$'

/** A yes-or-no parameter (`nowrap`, and `short` on /fortune): what it accepts, how it is read, the rule a 400 names. */
const TRUE_VALUES = new Set(['1', 'true', 'on'])
const FLAG_VALUES = ['1', 'true', 'on', '0', 'false', 'off', '']
export const FLAG_QUERY = Type.Union(FLAG_VALUES.map((value) => Type.Literal(value)))
export const isOn = (raw: string): boolean => TRUE_VALUES.has(raw)
export const FLAG_RULE = 'it must be 1, true or on (or 0, false, off)'

const cow: CowOption<'cow', string> = {
  name: 'cow',
  label: 'Cow',
  description: 'A cow from /cows, or "random".',
  rule: 'it must be a cow from /cows, or "random"',
  default: 'default',
  query: Type.String({ maxLength: 64 }),
  result: Type.String(),
  // The catalogue is a Map: names like "__proto__" or "../../etc/passwd" are simply unknown.
  read (raw) {
    if (raw !== RANDOM_COW && !isCow(raw)) {
      throw new InputError(`Unknown cow ${quote(raw)}: see /cows for the ${listCows().length} cows there are (or use "random")`, 'invalid', 'cow')
    }
    return raw
  },
  write: String,
  cli: { flag: 'f', example: 'tux' },
  usage: 'picks the cow (`-f random` any of them)',
  field: { kind: 'select', choices: listCows, last: { value: RANDOM_COW, text: '(a random cow)' }, link: { href: '/cows', text: 'See every cow' } }
}

export const MODE_LETTERS: Readonly<Record<string, Mode>> = {
  b: 'borg', d: 'dead', g: 'greedy', p: 'paranoid', s: 'stoned', t: 'tired', w: 'wired', y: 'youthful'
}

const mode: CowOption<'mode', Mode | null> = {
  name: 'mode',
  label: 'Mode',
  description: 'A face that overrides eyes (and the tongue for dead and stoned).',
  rule: `it must be one of ${MODES.join(', ')}`,
  default: null,
  query: Type.Enum([...MODES, '']),
  result: Type.Union([Type.Enum([...MODES]), Type.Null()]),
  read: (raw) => raw as Mode,
  write: String,
  cli: { letters: MODE_LETTERS },
  usage: 'a face',
  field: { kind: 'select', choices: () => MODES, first: { value: '', text: '(no mode)' } }
}

/** Eyes and tongue: drawn into the cow, so one or two printable characters. */
const faceOption = <Name extends string>(name: Name, spec: { label: string, default: string, flag: string, example: string, placeholder: string }): CowOption<Name, string> => ({
  name,
  label: spec.label,
  description: 'One or two characters.',
  rule: 'it must be 1 or 2 characters, not control characters',
  default: spec.default,
  query: Type.String({ maxLength: 2, pattern: PRINTABLE }),
  result: Type.String(),
  read: (raw) => raw,
  write: String,
  cli: { flag: spec.flag, example: spec.example },
  usage: `the ${name}, 1 or 2 characters`,
  field: { kind: 'text', maxLength: 2, placeholder: spec.placeholder }
})

const MIN_WIDTH = 2
const MAX_WIDTH = 200
const DEFAULT_WIDTH = 40

const width: CowOption<'width', number> = {
  name: 'width',
  label: 'Wrap width',
  description: `Wrap column, as cowsay -W (default ${DEFAULT_WIDTH}): a whole number from ${MIN_WIDTH} to ${MAX_WIDTH}.`,
  rule: `it must be a whole number from ${MIN_WIDTH} to ${MAX_WIDTH}`,
  default: DEFAULT_WIDTH,
  // Written out as digits, MIN_WIDTH to MAX_WIDTH (or empty: not given). A number
  // type would let ajv's coercion through with "Infinity", "0x10" or "2e2".
  query: Type.String({ pattern: '^(?:[2-9]|[1-9][0-9]|1[0-9]{2}|200)?$' }),
  result: Type.Integer(),
  read: Number,
  write: String,
  cli: { flag: 'W', example: '30' },
  usage: `the wrap column, ${MIN_WIDTH} to ${MAX_WIDTH} (default ${DEFAULT_WIDTH})`,
  field: { kind: 'number', min: MIN_WIDTH, max: MAX_WIDTH }
}

const nowrap: CowOption<'nowrap', boolean> = {
  name: 'nowrap',
  label: 'Keep my line breaks (no wrapping)',
  description: 'Keep the lines as given (cowsay -n).',
  rule: FLAG_RULE,
  default: false,
  query: FLAG_QUERY,
  result: Type.Boolean(),
  read: isOn,
  write: () => '1',
  cli: { flag: 'n', sets: '1' },
  usage: 'keeps your line breaks',
  field: { kind: 'checkbox' }
}

/** Every value `color` takes as the canonical URL writes it: bold alone, then each scheme plain and bold. */
const COLOR_VALUES: readonly string[] = [BOLD, ...COLOR_SCHEMES.flatMap((scheme) => [scheme, `${scheme},${BOLD}`])]
const SCHEMES = COLOR_SCHEMES.join('|')

/**
 * One option for colour and weight: `rainbow`, `bold` or `rainbow,bold`,
 * rather than a second `bold` parameter. Bold only means something as part of
 * how the text is coloured, so one value says it all: one canonical spelling
 * (scheme first), one form field, one chat flag, one field in the JSON; the
 * comma needs no escaping in a URL and reads like Neo-cowsay's flags combined.
 */
const color: CowOption<'color', string> = {
  name: 'color',
  label: 'Colour',
  description: `ANSI colours in plain text, and the same colours on the page and in the pictures: ${COLOR_SCHEMES.join(', ')}, each optionally with ",${BOLD}" (for example rainbow,${BOLD}), or ${BOLD} alone. Rainbow gives each character the next of six hues, restarting each line; aurora is a 256-colour gradient along the drawing.`,
  rule: COLOR_RULE,
  default: '',
  // Either order, each word once; the canonical URL writes the scheme first.
  query: Type.String({ maxLength: 32, pattern: `^(?:(?:${SCHEMES})(?:,${BOLD})?|${BOLD}(?:,(?:${SCHEMES}))?)?$` }),
  result: Type.String({ description: 'The colour option as the canonical URL writes it; empty for none.' }),
  read (raw) {
    const choice = readColor(raw)
    if (choice === undefined) throw new InputError(`Unknown colour ${quote(raw)}: ${COLOR_RULE}`)
    return colorValue(choice)
  },
  write: String,
  cli: { flag: 'c', example: 'rainbow' },
  usage: `colours the cow: ${COLOR_SCHEMES.join(', ')}, with ,${BOLD} or ${BOLD} alone`,
  field: { kind: 'select', choices: () => COLOR_VALUES, first: { value: '', text: 'none' } }
}

/*
 * Your own cow, in the link (./custom-cow.ts): the cow file's text, compressed, in base64url; a
 * form sends the text itself. It wins over `cow`, which is then ignored (readOptions), so that
 * one drawing has one URL.
 */
const cowfile: CowOption<'cowfile', string | null> = {
  name: 'cowfile',
  label: 'Use my own cow',
  description: `Your own cow file, drawn instead of \`cow\`: its UTF-8 text compressed with raw DEFLATE (RFC 1951), in unpadded base64url (RFC 4648 §5), at most ${MAX_COWFILE_LENGTH} characters; or the text itself. Read safely (never run): see docs/cows.md.`,
  rule: `it must be a cow file's text, or one compressed with raw DEFLATE in unpadded base64url, at most ${MAX_COWFILE_LENGTH} characters`,
  default: null,
  // The text itself may come from the form; its own limit (64 KiB) is checked when it is read.
  query: Type.String({ maxLength: 65536 }),
  result: Type.Union([Type.String(), Type.Null()]),
  read: decodeCowFile,
  write: (text) => encodeCowFile(text ?? ''),
  cli: { flag: 'F', example: 'ZYxBCsAgDATvecVeBf_U' },
  usage: 'your own cow, as a link\'s `cowfile=` carries it',
  field: { kind: 'textarea', rows: 8, hint: 'Paste a .cow file (the $the_cow = <<EOC; … EOC kind). It is read, never run, and travels in the link.' }
}

/** Every option, in the order the canonical URL lists them. */
const OPTIONS = [
  cow,
  mode,
  faceOption('eyes', { label: 'Eyes', default: 'oo', flag: 'e', example: '^^', placeholder: 'oo' }),
  faceOption('tongue', { label: 'Tongue', default: '  ', flag: 'T', example: 'U', placeholder: '' }),
  width,
  nowrap,
  cowfile,
  color
] as const

type Options = typeof OPTIONS[number]
export type OptionName = Options['name']

/** Everything a drawing depends on besides the text. */
export type CowOptions = { action: Action } & { -readonly [O in Options as O['name']]: O['default'] }

/** Any option of the table, for code that goes through all of them. */
export const OPTION_LIST: ReadonlyArray<CowOption<OptionName>> = OPTIONS as unknown as ReadonlyArray<CowOption<OptionName>>

/** What `cowsay` does with no flags. */
export const DEFAULT_OPTIONS: Readonly<CowOptions> = Object.freeze({
  action: 'say',
  ...Object.fromEntries(OPTION_LIST.map((option) => [option.name, option.default]))
} as CowOptions)

/** Whether a query value counts as given: the form sends every field, so '' is "not given". */
const isGiven = (raw: unknown): raw is string => typeof raw === 'string' && raw !== ''

/**
 * The options a request asks for, from values already checked against each
 * option's `query` schema: what is not given is the default. The cow may be
 * RANDOM_COW; the caller picks one (pickRandomCow) and redirects.
 */
export function readOptions (query: Readonly<Record<string, unknown>>, action: Action): CowOptions {
  const options: Record<string, OptionValue> = { action }
  // Your own cow wins over a named one: the form always sends a cow, and a link names one drawing.
  const ignored = isGiven(query[cowfile.name]) ? cow.name : undefined
  for (const option of OPTION_LIST) {
    const raw = query[option.name]
    options[option.name] = isGiven(raw) && option.name !== ignored ? option.read(raw) : option.default
  }
  return options as CowOptions
}

/** The options that differ from the defaults, as the canonical URL writes them, in the table's order. */
export function optionParameters (options: CowOptions): Array<[OptionName, string]> {
  const parameters: Array<[OptionName, string]> = []
  for (const option of OPTION_LIST) {
    const value = options[option.name]
    if (value !== option.default) parameters.push([option.name, option.write(value)])
  }
  return parameters
}

export function pickRandomCow (random: () => number = Math.random): string {
  const cows = listCows()
  return cows[Math.floor(random() * cows.length)] ?? cow.default
}
