import { readCommandLine, type ChatRequest } from '../core.js'
import { isJsonObject, readJsonBody, sameToken } from '../platform.js'

/**
 * Telegram's webhook updates. Telegram signs nothing: it sends back, in
 * `X-Telegram-Bot-Api-Secret-Token`, the secret given to setWebhook, which is
 * the whole proof, compared in constant time. Pure.
 */

/** setWebhook's rule for the secret: 1 to 256 characters of A-Z, a-z, 0-9, _ and -. */
export const isTelegramSecret = (secret: string): boolean => /^[A-Za-z0-9_-]{1,256}$/.test(secret)

/** Whether the header carries the secret. */
export const isTelegramSecretHeader = (secret: string, given: string | undefined): boolean =>
  given !== undefined && sameToken(secret, given)

/** A message sent to a chat the bot is in, as far as this service reads it. */
export interface TelegramMessage {
  messageId: number
  chatId: number
  /** The forum topic the message is in, to answer there. */
  threadId: number | undefined
  /** Seconds since the epoch. */
  date: number
  text: string | undefined
}

/** What an update asks for: a message, an inline query (`@YourBot hello` typed in any chat), or something not answered here. */
type TelegramUpdate =
  | { kind: 'message', updateId: number, message: TelegramMessage }
  | { kind: 'inline', updateId: number, queryId: string, query: string }
  | { kind: 'other', updateId: number }

export type ReadUpdate = { ok: true, update: TelegramUpdate } | { ok: false, problem: string }

function readMessage (message: Record<string, unknown>): TelegramMessage | string {
  const { message_id: messageId, chat, date, text, message_thread_id: threadId, is_topic_message: inTopic } = message
  if (!Number.isSafeInteger(messageId) || !isJsonObject(chat) || !Number.isSafeInteger(chat.id) || !Number.isSafeInteger(date)) {
    return 'The message has no message_id, chat or date'
  }
  if (text !== undefined && typeof text !== 'string') return 'The message\'s text is not text'
  return {
    messageId: messageId as number,
    chatId: chat.id as number,
    threadId: inTopic === true && Number.isSafeInteger(threadId) ? threadId as number : undefined,
    date: date as number,
    text
  }
}

export function readUpdate (body: Buffer): ReadUpdate {
  const json = readJsonBody(body)
  if (!json.ok) return json
  const parsed = json.value
  if (!isJsonObject(parsed) || !Number.isSafeInteger(parsed.update_id)) return { ok: false, problem: 'The body is not an update (no update_id)' }
  const updateId = parsed.update_id as number
  if (isJsonObject(parsed.message)) {
    const message = readMessage(parsed.message)
    return typeof message === 'string' ? { ok: false, problem: message } : { ok: true, update: { kind: 'message', updateId, message } }
  }
  if (isJsonObject(parsed.inline_query)) {
    const { id, query } = parsed.inline_query
    if (typeof id !== 'string' || typeof query !== 'string') return { ok: false, problem: 'The inline query has no id or query' }
    return { ok: true, update: { kind: 'inline', updateId, queryId: id, query } }
  }
  return { ok: true, update: { kind: 'other', updateId } }
}

/**
 * A command at the start of a message: `/cowsay`, `/cowthink`, and in groups
 * `/cowsay@YourBot` (with privacy mode, Telegram's default, a group only sends
 * the bot commands meant for it). `/start` and `/help` are what every bot is
 * asked first.
 */
const COMMAND = /^\/(cowsay|cowthink|start|help)(?:@[A-Za-z0-9_]{1,64})?(?=\s|$)/i

/** What a message asks, or null when it is not a command of this bot: a bot in a group must not answer everything. */
export function readMessageRequest (text: string | undefined): ChatRequest | null {
  const match = text === undefined ? null : COMMAND.exec(text)
  if (match === null || text === undefined || match[1] === undefined) return null
  const name = match[1].toLowerCase()
  if (name === 'start' || name === 'help') return { kind: 'help', command: '/cowsay' }
  return readCommandLine('/' + name, text.slice(match[0].length).trim())
}

/** An inline query is cowsay's arguments, as after /cowsay. */
export const readInlineRequest = (query: string): ChatRequest => readCommandLine('/cowsay', query.trim(), true)
