import { readCommandLine, type ChatAnswer, type ChatRequest } from '../core.js'
import { fence } from '../markdown.js'
import { isJsonObject, readJsonBody } from '../platform.js'

/**
 * Google Chat's events for an app with an HTTP endpoint (the Chat API's
 * interaction events), and the message the app answers with synchronously.
 * Pure.
 */

export interface GoogleChatEvent {
  type: string
  /** RFC 3339: when it happened. */
  eventTime: string
  /** The user who acted: the only one a private answer is shown to. */
  user: string | undefined
  message: {
    /** `spaces/…/messages/…`: unique, for refusing replays. */
    name: string
    /** What followed the app's @mention or slash command. */
    argumentText: string
    /** The slash command's name (`/cowsay`) when one was used. */
    command: string | undefined
  } | undefined
}

export type ReadEvent = { ok: true, event: GoogleChatEvent } | { ok: false, problem: string }

/** The name of the slash command a message used, from its annotation. */
function slashCommandName (message: Record<string, unknown>): string | undefined {
  if (!isJsonObject(message.slashCommand) || !Array.isArray(message.annotations)) return undefined
  for (const annotation of message.annotations) {
    if (isJsonObject(annotation) && annotation.type === 'SLASH_COMMAND' && isJsonObject(annotation.slashCommand) && typeof annotation.slashCommand.commandName === 'string') {
      return annotation.slashCommand.commandName
    }
  }
  return undefined
}

export function readEvent (body: Buffer): ReadEvent {
  const json = readJsonBody(body)
  if (!json.ok) return json
  const parsed = json.value
  if (!isJsonObject(parsed) || typeof parsed.type !== 'string' || typeof parsed.eventTime !== 'string') return { ok: false, problem: 'The body is not a Chat event (no type or eventTime)' }
  const user = isJsonObject(parsed.user) && typeof parsed.user.name === 'string' ? parsed.user.name : undefined
  const event: GoogleChatEvent = { type: parsed.type, eventTime: parsed.eventTime, user, message: undefined }
  if (parsed.type !== 'MESSAGE') return { ok: true, event }
  const { message } = parsed
  if (!isJsonObject(message) || typeof message.name !== 'string') return { ok: false, problem: 'The MESSAGE event has no message name' }
  const text = typeof message.argumentText === 'string' ? message.argumentText : typeof message.text === 'string' ? message.text : ''
  return { ok: true, event: { ...event, message: { name: message.name, argumentText: text, command: slashCommandName(message) } } }
}

/**
 * What a message asks: after a slash command, that command's arguments; after
 * an @mention or in a direct message, cowsay's arguments as after /cowsay (the
 * app is whoever was mentioned).
 */
export function readMessageRequest ({ argumentText, command }: NonNullable<GoogleChatEvent['message']>): ChatRequest {
  return command === undefined ? readCommandLine('@Cowsay', argumentText.trim(), true) : readCommandLine(command, argumentText.trim())
}

/** A Chat message as the app answers with it; `privateMessageViewer` shows it to that user alone. */
type GoogleChatMessage = { text: string, privateMessageViewer?: { name: string } } | Record<string, never>

/** Google Chat's limit for a message's text. */
const MESSAGE_LIMIT = 4096

/**
 * Google Chat's mentions (`<users/all>` notifies everyone) get a zero-width
 * space after the `<`, as every platform's @channel does: a drawing quotes
 * what the user typed, and no answer may notify anyone.
 */
const noMentions = (text: string): string => text.replace(/<(?=users\/)/g, '<\u200B')

/**
 * Text shown as written: Chat's formatting has no escapes, so each character
 * that could open bold, italics, strike-through or code gets a zero-width
 * space after it, which no pair of markers survives.
 */
const plainChat = (text: string): string => text.replace(/[*_~`]/g, '$&\u200B')

/**
 * The cow in a monospace block (triple backticks) with its link, for the
 * space; usage, the cows and mistakes only for the user who asked, where the
 * platform allows it (a slash command's answer), else in the space too.
 */
export function googleChatReply (answer: ChatAnswer, privateTo: string | undefined): GoogleChatMessage {
  const privately = (text: string): GoogleChatMessage => ({ text: noMentions(text), ...privateTo === undefined ? {} : { privateMessageViewer: { name: privateTo } } })
  switch (answer.kind) {
    case 'cow': {
      const text = noMentions(`${fence(answer.drawing)}\n${answer.permalink}`)
      // A drawing too big for a message still has its page, which Chat previews.
      return { text: text.length <= MESSAGE_LIMIT ? text : answer.permalink }
    }
    // Chat's bold is one asterisk; its code spans are as Markdown's.
    case 'usage': return privately(answer.markdown.replace(/\*\*/g, '*'))
    case 'cows': return privately(`${answer.cows.length} cows, for -f:\n${fence(answer.cows.join(' '))}\nSee them all: ${answer.gallery}`)
    case 'mistake': return privately(plainChat(answer.message))
  }
}
