import { Errors } from 'typebox/value'
import { listCows, MODES, type Action, type CowOptions } from '../cowsay/index.js'
import { QUERY_RULES, ResultQuery } from '../schemas/result.js'
import { parseCommand } from '../slack/command.js'
import { escapeSlack } from '../slack/escape.js'
import { canonicalPath } from '../web/canonical.js'
import { drawingLabel } from '../web/drawing-label.js'
import { HttpError } from '../web/http-error.js'
import { DEFAULT_TEXT, MAX_TEXT_LENGTH, checkMessage } from '../web/message.js'
import { RANDOM_COW, cowOptions, pickRandomCow } from '../web/options.js'
import type { PictureCache } from '../web/pictures.js'
import { quote } from '../web/quote.js'
import type { DrawingCache } from '../web/results.js'
import type { ChatAnswer } from './platform.js'

/**
 * The chat core: what a chat command asks for, read once whatever the
 * platform, and the answer, before any platform writes it in its format.
 */

/** The commands every platform registers, and what each does. */
export const CHAT_COMMANDS: Readonly<Record<string, Action>> = { cowsay: 'say', cowthink: 'think' }

export type ChatRequest =
  | { kind: 'help', command: string }
  | { kind: 'cows' }
  /** `options.cow` may be "random", as on the web: answering picks the cow. */
  | { kind: 'draw', text: string, options: CowOptions }
  | { kind: 'mistake', message: string }

const actionOf = (command: string): Action | undefined => {
  const name = command.replace(/^\//, '').toLowerCase()
  return Object.hasOwn(CHAT_COMMANDS, name) ? CHAT_COMMANDS[name] : undefined
}

const notOurs = (command: string): ChatRequest =>
  ({ kind: 'mistake', message: `${quote(command, 32)} is not a command of this app: it answers ${Object.keys(CHAT_COMMANDS).map((name) => '/' + name).join(' and ')}` })

/** The user's mistakes become an answer; anything else is a bug and stays an exception. */
function mistakeOf (error: unknown): ChatRequest {
  if (error instanceof HttpError && error.statusCode < 500) return { kind: 'mistake', message: error.message }
  throw error
}

/**
 * A command typed as text (Slack, Mattermost, Teams): cowsay's own arguments.
 * A command of another name may ask for help, but draws nothing: a cow is
 * never drawn under a name this app does not answer to (say, `/rm`).
 * `ours` says a platform that has no command names (Teams' @mention) is asking.
 */
export function readCommandLine (command: string, typed: string, ours = actionOf(command) !== undefined): ChatRequest {
  let read: ReturnType<typeof parseCommand>
  try {
    read = parseCommand(command, escapeSlack(typed))
  } catch (error) {
    return ours ? mistakeOf(error) : notOurs(command)
  }
  if (read.kind === 'help') return { kind: 'help', command }
  if (!ours) return notOurs(command)
  return read
}

/** The command's options as the web's query would carry them, checked by the web's schema. */
function toQuery (given: Readonly<Record<string, string | number | boolean>>): ResultQuery {
  const query: Record<string, string> = {}
  for (const [name, value] of Object.entries(given)) {
    if (!Object.hasOwn(QUERY_RULES, name) || name === 'text' || name === 'action') throw new HttpError(400, `Unknown option ${quote(name, 32)}`)
    query[name] = typeof value === 'boolean' ? (value ? '1' : '0') : String(value)
  }
  const [problem] = Errors(ResultQuery, query)
  if (problem !== undefined) {
    const name = problem.instancePath.replace(/^\//, '')
    throw new HttpError(400, `Invalid option ${name} ${quote(query[name] ?? '')}: ${QUERY_RULES[name] ?? problem.message}`)
  }
  return query as ResultQuery
}

/**
 * A command whose options come filled in (Discord's slash commands): the
 * message as given, and the options under the web's names. "help" and "cows"
 * as the whole message answer as they do for a typed command.
 */
export function readCommandOptions (command: string, message: string, given: Readonly<Record<string, string | number | boolean>>): ChatRequest {
  const action = actionOf(command)
  if (action === undefined) return notOurs(command)
  const whole = message.trim()
  if (whole === 'help') return { kind: 'help', command: '/' + command }
  if (whole === 'cows') return { kind: 'cows' }
  try {
    return { kind: 'draw', text: message === '' ? DEFAULT_TEXT : checkMessage(message), options: cowOptions(toQuery(given), action) }
  } catch (error) {
    return mistakeOf(error)
  }
}

export interface ChatContext {
  drawings: DrawingCache
  pictures: PictureCache
  /** The origin links point to (PUBLIC_URL, or the request's). */
  site: string
}

function usage (command: string, site: string): string {
  const think = actionOf(command) === 'think'
  return [
    think
      ? `**${command} hmm** posts a cow thinking it in this channel.`
      : `**${command} hello world** posts a cow saying it in this channel; **${command} think hmm** makes it think.`,
    'Options come before the text, as in the terminal:',
    `• \`-f tux\` picks the cow (\`-f random\` any of them; \`${command} cows\` lists them)`,
    '• ' + MODES.map((mode) => `\`-${mode[0]}\` ${mode}`).join(', '),
    '• `-e ^^` eyes and `-T U` tongue, 1 or 2 characters each',
    '• `-W 30` wrap column, 2 to 200 (default 40); `-n` keeps your line breaks',
    '• the web\'s names work too: `--cow=tux --mode=dead --eyes=^^ --tongue=U --width=30 --nowrap`',
    `• \`--\` ends the options: \`${command} -- -n is not an option here\``,
    `Up to ${MAX_TEXT_LENGTH} characters. Every cow gets a link to its page on ${site}.`
  ].join('\n')
}

export function answerRequest (request: ChatRequest, { drawings, pictures, site }: ChatContext): ChatAnswer {
  switch (request.kind) {
    case 'help': return { kind: 'usage', markdown: usage(request.command, site) }
    case 'cows': return { kind: 'cows', cows: listCows(), gallery: site + '/cows' }
    case 'mistake': return request
    case 'draw': {
      // As on the web, "random" becomes a concrete cow, so the link shows the same one.
      const options = request.options.cow === RANDOM_COW ? { ...request.options, cow: pickRandomCow() } : request.options
      const drawing = drawings.draw(request.text, options)
      return {
        kind: 'cow',
        drawing: drawing.output,
        coloured: false,
        permalink: site + canonicalPath(request.text, options),
        picture: () => pictures.png(drawing),
        alt: drawingLabel(request.text, options)
      }
    }
  }
}

/**
 * Cow names for what someone has typed so far, best first: the name itself,
 * then names that start with it, then names with a word (after `-` or `_`)
 * that does, then names that merely contain it; shorter names first within
 * each, then alphabetically. "random" is a name too. With nothing typed,
 * the default cow and "random" lead.
 */
export function matchCows (typed: string, limit: number): string[] {
  const wanted = typed.trim().toLowerCase()
  const names = [...listCows(), RANDOM_COW]
  const rank = (name: string): number => {
    if (wanted === '') return name === 'default' ? 0 : name === RANDOM_COW ? 1 : 4
    if (name === wanted) return 0
    if (name.startsWith(wanted)) return 1
    if (name.split(/[-_]/).some((word) => word.startsWith(wanted))) return 2
    return name.includes(wanted) ? 3 : -1
  }
  return names
    .map((name) => ({ name, rank: rank(name.toLowerCase()) }))
    .filter(({ rank }) => rank !== -1)
    .sort((a, b) => a.rank - b.rank || (wanted === '' ? 0 : a.name.length - b.name.length) || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map(({ name }) => name)
}
