import { readSecrets } from '../environment.js'
import { readCommandLine, type ChatAnswer, type ChatRequest } from './core.js'
import { fence, plainMarkdown } from './markdown.js'
import { RecentIds, isJsonObject, readJsonBody, sameToken, staleness, type ChatPlatform } from './platform.js'

/**
 * Zulip's outgoing webhooks. Zulip does not sign a request: the bot's token
 * (shown once the outgoing webhook bot is created) is a field of the JSON body,
 * the whole proof, compared in constant time. Each bot has its own token, so
 * the service knows a list of them. Pure.
 */

/** What this service reads of an outgoing webhook's message. */
export interface ZulipMessage {
  token: string
  /** `mention` (in a channel) or `direct_message` (`private_message` before Zulip 8). */
  trigger: string
  /** The message's Markdown, the bot's @-mention included where it was mentioned. */
  data: string
  /** The bot's own name, as mentions spell it: `@**Cowsay**`. */
  botName: string
  /** The message's id and time (seconds), for refusing replays and stale messages. */
  id: number
  timestamp: number
}

type ReadZulipMessage = { ok: true, message: ZulipMessage } | { ok: false, problem: string, token?: string }

/** Reads the body without trusting it; the token, when there is one, is returned even when the rest is wrong, to be checked first. */
export function readZulipMessage (body: Buffer): ReadZulipMessage {
  const json = readJsonBody(body)
  if (!json.ok) return json
  const parsed = json.value
  if (!isJsonObject(parsed)) return { ok: false, problem: 'The body is not an outgoing webhook\'s message' }
  const { token, trigger, data, bot_full_name: botName, message } = parsed
  const known = typeof token === 'string' ? token : undefined
  if (typeof trigger !== 'string' || typeof data !== 'string' || typeof botName !== 'string' || !isJsonObject(message)) {
    return { ok: false, problem: 'The message has no trigger, data, bot_full_name or message', token: known }
  }
  const { id, timestamp } = message
  if (!Number.isSafeInteger(id) || typeof timestamp !== 'number') return { ok: false, problem: 'The message has no id or timestamp', token: known }
  if (known === undefined) return { ok: false, problem: 'The token is missing' }
  return { ok: true, message: { token: known, trigger, data, botName, id: id as number, timestamp } }
}

/** Whether `given` is one of the bots' tokens: every token is tried, so the time says nothing about which one matched. */
export const isZulipToken = (tokens: readonly string[], given: string): boolean =>
  tokens.map((token) => sameToken(token, given)).includes(true)

/** Zulip's answers: a message in the same conversation, or none. */
type ZulipReply = { content: string } | { response_not_required: true }

export const NO_REPLY: ZulipReply = { response_not_required: true }

/** The triggers that ask this bot something: a mention in a channel, a direct message (both spellings). */
const ASKED = new Set(['mention', 'direct_message', 'private_message'])

/** A mention of `name` at the start of a message, silent (`@_**`) or not, and Zulip's `|id` suffix for same-named users. */
const mentionAtStart = (name: string): RegExp =>
  new RegExp(`^\\s*@_?\\*\\*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:\\|\\d+)?\\*\\*`)

/**
 * What the message asks, or null when nothing is due: in a channel, only a
 * message that starts with the bot's mention is for the bot (a message that
 * merely mentions it in passing is talk about it, and a bot must not answer
 * everything); a direct message always is.
 */
export function readZulipRequest ({ trigger, data, botName }: ZulipMessage): ChatRequest | null {
  if (!ASKED.has(trigger)) return null
  const mention = mentionAtStart(botName)
  if (trigger === 'mention' && !mention.test(data)) return null
  return readCommandLine(`@${botName}`, data.replace(mention, '').trim(), true)
}

/** Zulip's limit for a message, in characters. */
const ZULIP_MESSAGE_LIMIT = 10_000

/**
 * The answer in Zulip's Markdown: the cow in a fenced block with its link.
 * Zulip's outgoing webhooks have no private answer, so help and mistakes go to
 * the same conversation, written as text that formats and mentions nothing.
 */
export function zulipReply (answer: ChatAnswer): ZulipReply {
  switch (answer.kind) {
    case 'cow': {
      const text = `${fence(answer.drawing)}\n${answer.permalink}`
      // A drawing too big for a message still has its page, which Zulip previews.
      return { content: Array.from(text).length <= ZULIP_MESSAGE_LIMIT ? text : answer.permalink }
    }
    case 'usage': return { content: answer.markdown }
    case 'cows': return { content: `${answer.cows.length} cows:\n${fence(answer.cows.join(' '))}\nSee them all: ${answer.gallery}` }
    case 'mistake': return { content: plainMarkdown(answer.message) }
  }
}

/**
 * The largest message Zulip sends for a mention: the text three times (as
 * `data`, as the message's Markdown and rendered as HTML), each up to 12 KB of
 * JSON escapes for the 1,000 characters a cow takes, and the rest a few KB.
 * Anything larger is not a command: 413.
 */
const BODY_LIMIT = 64 * 1024

interface ZulipSettings {
  tokens: readonly string[]
  answered: RecentIds
}

/** Zulip's outgoing webhook bots, pointed at POST /zulip/messages. */
export const zulip: ChatPlatform<ZulipSettings, 'zulipTokens', string[]> = {
  name: 'Zulip',
  path: '/zulip/messages',
  contentType: 'application/json',
  bodyLimit: BODY_LIMIT,
  secret: {
    variable: 'ZULIP_TOKEN',
    field: 'zulipTokens',
    read: (env) => readSecrets(env, 'ZULIP_TOKEN', (token) => /^[A-Za-z0-9]{8,256}$/.test(token), 'the outgoing webhook bots\' tokens (letters and digits, as Zulip shows them), separated by commas'),
    // In the JSON body, which is never logged; no header carries it.
    headers: []
  },
  settings: (tokens) => tokens.length === 0 ? null : { tokens, answered: new RecentIds() },

  async answer ({ tokens, answered }, request, chat) {
    const read = readZulipMessage(request.body)
    // A broken message can still be refused for its token; it is never read further.
    const token = read.ok ? read.message.token : read.token
    if (token === undefined) return { refused: 'the token is missing' }
    if (!isZulipToken(tokens, token)) return { refused: 'the token is not one of the bots\' tokens' }
    if (!read.ok) return { invalid: read.problem }
    const { id, timestamp } = read.message
    // The token proves nothing about time: a message's own time and id refuse old and replayed ones.
    const stale = staleness(timestamp, request.now)
    if (stale !== undefined) return { refused: stale }
    if (!answered.isNew(String(id), request.now)) return { refused: 'this message was already answered (a replay)' }
    const asked = readZulipRequest(read.message)
    return { json: asked === null ? NO_REPLY : zulipReply(chat(asked)) }
  }
}
