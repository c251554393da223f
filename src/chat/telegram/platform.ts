import { ConfigError, type Env } from '../../environment.js'
import { RecentIds, header, staleness, type ChatPlatform } from '../platform.js'
import { inlineReply, messageReply } from './reply.js'
import { isTelegramSecret, isTelegramSecretHeader, readInlineRequest, readMessageRequest, readUpdate } from './update.js'

const SECRET_HEADER = 'x-telegram-bot-api-secret-token'

/**
 * The largest update Telegram sends for a command: a message of 4,096
 * characters as JSON escapes (24 KB), the message it replies to quoted in full
 * (as much again), and the rest a few KB. Anything larger is not one: 413.
 */
const BODY_LIMIT = 64 * 1024

function readSecret (env: Env): string | null {
  const secret = env.TELEGRAM_SECRET_TOKEN?.trim() || null
  if (secret !== null && !isTelegramSecret(secret)) {
    throw new ConfigError('TELEGRAM_SECRET_TOKEN must be 1 to 256 characters of A-Z, a-z, 0-9, _ and - (what setWebhook takes as secret_token)')
  }
  return secret
}

interface TelegramSettings {
  secret: string
  answered: RecentIds
}

/**
 * Telegram's webhook: commands and inline queries, answered in the webhook's
 * own response. An update already answered, or a message sent more than five
 * minutes ago, is dropped with a 200 and no reply rather than refused: Telegram
 * retries a refused update, and queues them while the service is down, and
 * neither deserves a cow now.
 */
export const telegram: ChatPlatform<TelegramSettings, 'telegramSecretToken', string | null> = {
  name: 'Telegram',
  path: '/telegram/updates',
  contentType: 'application/json',
  bodyLimit: BODY_LIMIT,
  secret: {
    variable: 'TELEGRAM_SECRET_TOKEN',
    field: 'telegramSecretToken',
    read: readSecret,
    headers: [SECRET_HEADER]
  },
  settings: (secret) => secret === null ? null : { secret, answered: new RecentIds() },

  async answer ({ secret, answered }, request, chat) {
    const given = header(request, SECRET_HEADER)
    if (given === undefined) return { refused: `the ${SECRET_HEADER} header is missing` }
    if (!isTelegramSecretHeader(secret, given)) return { refused: 'the secret token is not the one given to setWebhook' }
    const read = readUpdate(request.body)
    if (!read.ok) return { invalid: read.problem }
    const { update } = read
    if (!answered.isNew(String(update.updateId), request.now)) return { empty: true }
    switch (update.kind) {
      case 'other': return { empty: true }
      case 'inline': {
        const answer = chat(readInlineRequest(update.query))
        return { json: inlineReply(update.queryId, answer, answer.kind === 'cow' && answer.permalink.startsWith('https://')) }
      }
      case 'message': {
        if (staleness(update.message.date, request.now) !== undefined) return { empty: true }
        const asked = readMessageRequest(update.message.text)
        return asked === null ? { empty: true } : { json: messageReply(update.message, chat(asked)) }
      }
    }
  }
}
