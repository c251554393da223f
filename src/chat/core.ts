import { Check } from 'typebox/value'
import {
  DEFAULT_TEXT, InputError, MAX_TEXT_LENGTH, OPTION_LIST, RANDOM_COW, checkMessage, listCows, pickRandomCow, quote, readOptions,
  type Action, type CowOption, type OptionName
} from '../cowsay/index.js'
import { overstrike } from '../cowsay/overstrike.js'
import { fortuneAt, randomFortune, type Fortune } from '../fortunes/index.js'
import { canonicalPath, fortunePath } from '../results/canonical.js'
import { drawingLabel, type DrawingCache } from '../results/drawings.js'
import type { PictureCache } from '../results/pictures.js'
import { FORTUNE_OPTION, readCommandText, readFortuneOptions, type FortuneChoice, type TypedCommand } from './command.js'

/**
 * The chat core: what a chat command asks for, read once whatever the
 * platform, and the answer, before any platform writes it in its format.
 * Everything about options comes from the domain's option table.
 */

/**
 * What the chat core answers a command with, before any platform's format:
 * each adapter writes these in its own markup and JSON.
 */
export type ChatAnswer =
  /**
   * A cow for the whole channel. `drawing` is colourless; `ansi` is the same drawing with its
   * SGR escapes when it has colour (a `color` option or a colour cow), for platforms that show them.
   */
  | { kind: 'cow', drawing: string, ansi: string | null, permalink: string, picture: () => Promise<Buffer>, pictureLink: () => PictureLink, alt: string }
  /** Usage, for the user alone: Markdown with **bold** and `code` spans, which each platform writes its way. */
  | { kind: 'usage', markdown: string }
  /** The cows' names, for the user alone, and the gallery's address. */
  | { kind: 'cows', cows: readonly string[], gallery: string }
  /** A mistake, in the web's words, for the user alone. */
  | { kind: 'mistake', message: string }

/** The picture's URL and pixel size, for platforms that fetch it themselves (Telegram, oEmbed-like cards). */
interface PictureLink {
  url: string
  width: number
  height: number
}

/** The commands every platform registers, and what each does. */
export const CHAT_COMMANDS: Readonly<Record<string, Action>> = { cowsay: 'say', cowthink: 'think' }

export type ChatRequest =
  | { kind: 'help', command: string }
  | Exclude<TypedCommand, { kind: 'help' }>
  | { kind: 'mistake', message: string }

const actionOf = (command: string): Action | undefined => {
  const name = command.replace(/^\//, '').toLowerCase()
  return Object.hasOwn(CHAT_COMMANDS, name) ? CHAT_COMMANDS[name] : undefined
}

const notOurs = (command: string): ChatRequest =>
  ({ kind: 'mistake', message: `${quote(command, 32)} is not a command of this app: it answers ${Object.keys(CHAT_COMMANDS).map((name) => '/' + name).join(' and ')}` })

/** The user's mistakes become an answer in the web's words; anything else is a bug and stays an exception. */
function mistakeOf (error: unknown): ChatRequest {
  if (error instanceof InputError) return { kind: 'mistake', message: error.message }
  throw error
}

/**
 * A command typed as text (Slack, Mattermost, Teams), as the user typed it:
 * cowsay's own arguments. A command of another name may ask for help, but
 * draws nothing: a cow is never drawn under a name this app does not answer
 * to (say, `/rm`). `ours` is for a platform without command names (Teams'
 * @mention), where whoever is mentioned is this app.
 */
export function readCommandLine (command: string, typed: string, ours = actionOf(command) !== undefined): ChatRequest {
  let read: TypedCommand
  try {
    read = readCommandText(command, typed)
  } catch (error) {
    return ours ? mistakeOf(error) : notOurs(command)
  }
  if (read.kind === 'help') return { kind: 'help', command }
  return ours ? read : notOurs(command)
}

/** An option's value as a platform with typed options sends it (Discord): a string, a whole number or a boolean. */
export type GivenValue = string | number | boolean

const OPTIONS_BY_NAME = new Map<string, CowOption<OptionName>>(OPTION_LIST.map((option) => [option.name, option]))

/**
 * A command whose options come filled in (Discord's slash commands): the
 * message as given, never read for flags, and the options under the table's
 * names, each checked by its own schema. "help" and "cows" as the whole
 * message answer as they do for a typed command.
 */
export function readCommandOptions (command: string, message: string, given: Readonly<Record<string, GivenValue>>): ChatRequest {
  const action = actionOf(command)
  if (action === undefined) return notOurs('/' + command)
  const whole = message.trim()
  if (whole === 'help') return { kind: 'help', command: '/' + command }
  if (whole === 'cows') return { kind: 'cows' }
  try {
    const query: Record<string, string> = {}
    let fortune: FortuneChoice | undefined
    for (const [name, value] of Object.entries(given)) {
      if (name === FORTUNE_OPTION.name) {
        fortune = FORTUNE_OPTION.read(String(value))
        continue
      }
      const option = OPTIONS_BY_NAME.get(name)
      if (option === undefined) throw new InputError(`Unknown option ${quote(name, 32)}`)
      // As a query string would carry it: booleans as the table's flag value or nothing.
      const raw = typeof value === 'boolean' ? (value && 'sets' in option.cli ? option.cli.sets : '') : String(value)
      if (!Check(option.query, raw)) throw new InputError(`Invalid option ${name} ${quote(raw)}: ${option.rule}`)
      query[name] = raw
    }
    if (fortune !== undefined) return { kind: 'draw', text: '', options: readFortuneOptions(query, action, message), fortune }
    return { kind: 'draw', text: message === '' ? DEFAULT_TEXT : checkMessage(message), options: readOptions(query, action) }
  } catch (error) {
    return mistakeOf(error)
  }
}

/** One line of usage per option of the table: its flags, its long name, what it does. */
function optionUsage ({ name, cli, usage }: CowOption): string {
  if ('letters' in cli) {
    const letters = Object.entries(cli.letters)
    return '• ' + letters.map(([letter, value]) => `\`-${letter}\` ${value}`).join(', ') + ` (\`--${name}=${letters[0]?.[1] ?? ''}\`): ${usage}`
  }
  if ('sets' in cli) return `• \`-${cli.flag}\` (\`--${name}\`) ${usage}`
  return `• \`-${cli.flag} ${cli.example}\` (\`--${name}=${cli.example}\`) ${usage}`
}

/**
 * The command's usage on one line, as chat apps show it while it is typed (Slack's usage hint,
 * Mattermost's autocomplete hint): slack/manifest.yml and mattermost/slash-commands.json carry it,
 * and a test holds them to it.
 */
export function usageHint (action: Action): string {
  const flags = OPTION_LIST.map(({ name, cli }) =>
    'letters' in cli ? `[-${Object.keys(cli.letters).join('')}]` : 'sets' in cli ? `[-${cli.flag}]` : `[-${cli.flag} ${name}]`)
  return [...(action === 'say' ? ['[think]'] : []), ...flags, 'message | help | cows'].join(' ')
}

/** Usage in Markdown (**bold**, `code`), for `help`, `-h` or no text; `command` as the platform calls it. */
function usage (command: string, site: string): string {
  return [
    actionOf(command) === 'think'
      ? `**${command} hmm** posts a cow thinking it in this channel.`
      : `**${command} hello world** posts a cow saying it in this channel; **${command} think hmm** makes it think.`,
    'Options come before the text, as in the terminal, and can be bundled (`-dn`, `-W30`):',
    ...OPTION_LIST.map(optionUsage),
    `• \`--${FORTUNE_OPTION.name}\` ${FORTUNE_OPTION.usage}`,
    '• `' + command + ' cows` lists the cows',
    '• `--` ends the options: `' + command + ' -- -n is not an option here`',
    `Up to ${MAX_TEXT_LENGTH} characters. Every cow gets a link to its page on ${site}.`
  ].join('\n')
}

export interface ChatContext {
  drawings: DrawingCache
  pictures: PictureCache
  /** The origin links point to (PUBLIC_URL, or the request's). */
  site: string
}

export function answerRequest (request: ChatRequest, { drawings, pictures, site }: ChatContext): ChatAnswer {
  switch (request.kind) {
    case 'help': return { kind: 'usage', markdown: usage(request.command, site) }
    case 'cows': return { kind: 'cows', cows: listCows(), gallery: site + '/cows' }
    case 'mistake': return request
    case 'draw': {
      // As on the web, "random" becomes a concrete cow, so the link shows the same one.
      const options = request.options.cow === RANDOM_COW ? { ...request.options, cow: pickRandomCow() } : request.options
      // A fortune is picked here too, and its link is the fortune's own.
      const fortune = request.fortune === undefined ? undefined : pickFortune(request.fortune)
      const text = fortune?.text ?? request.text
      const drawing = drawings.draw(text, options)
      return {
        kind: 'cow',
        drawing: drawing.output,
        ansi: drawing.shown === drawing.output ? null : drawing.shown,
        permalink: site + (fortune === undefined ? canonicalPath(text, options) : fortunePath(fortune, options)),
        picture: () => pictures.png(drawing),
        pictureLink: () => ({ url: site + (fortune === undefined ? canonicalPath(text, options, 'png') : fortunePath(fortune, options, 'png')), ...pictures.pngSize(drawing) }),
        alt: drawingLabel(overstrike(text), options)
      }
    }
  }
}

/** The fortune a command asked for: that one, or one at random (of a database). */
function pickFortune ({ database, index }: FortuneChoice): Fortune {
  const fortune = index === undefined || database === undefined ? randomFortune({ database }) : fortuneAt(database, index)
  if (fortune === undefined) throw new Error(`no fortune for ${String(database)}/${String(index)}, which the command reader accepted`)
  return fortune
}

/**
 * Values for what someone has typed so far into an option, best first: the
 * value itself, then values that start with it, then values with a word
 * (after `-` or `_`) that does, then values that merely contain it; shorter
 * first within each, then alphabetically. With nothing typed, the option's
 * default and the list's extras (such as "random") lead.
 */
export function completions (values: readonly string[], typed: string, limit: number, first: readonly string[] = []): string[] {
  const wanted = typed.trim().toLowerCase()
  const rank = (value: string): number => {
    if (wanted === '') return first.includes(value) ? first.indexOf(value) : first.length
    const name = value.toLowerCase()
    if (name === wanted) return 0
    if (name.startsWith(wanted)) return 1
    if (name.split(/[-_]/).some((word) => word.startsWith(wanted))) return 2
    return name.includes(wanted) ? 3 : -1
  }
  return values
    .map((value) => ({ value, rank: rank(value) }))
    .filter(({ rank }) => rank !== -1)
    .sort((a, b) => a.rank - b.rank || (wanted === '' ? 0 : a.value.length - b.value.length) || a.value.localeCompare(b.value))
    .slice(0, limit)
    .map(({ value }) => value)
}
