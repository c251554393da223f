import { randomBytes } from 'node:crypto'
import { NOW_SECONDS } from './slack.js'

/*
 * Updates made the way Telegram's Bot API sends them to a webhook (its
 * documentation's Update, Message and InlineQuery objects), with the secret
 * given to setWebhook in X-Telegram-Bot-Api-Secret-Token.
 */

/** A secret as setWebhook takes it: letters, digits, _ and -. */
export const TELEGRAM_SECRET = 'tg_' + randomBytes(24).toString('hex')

let updates = 0

/** A message in a group, as a member sends it (a command carries its bot_command entity). */
export function telegramMessage (text: string, { date = NOW_SECONDS, updateId = 900_000 + ++updates, chatId = -1001234567890, messageId = 42 }: { date?: number, updateId?: number, chatId?: number, messageId?: number } = {}): string {
  const command = /^\/\S+/.exec(text)?.[0]
  return JSON.stringify({
    update_id: updateId,
    message: {
      message_id: messageId,
      from: { id: 111222333, is_bot: false, first_name: 'Ada', username: 'ada', language_code: 'en' },
      chat: { id: chatId, title: 'Cows', type: 'supergroup' },
      date,
      text,
      ...command === undefined ? {} : { entities: [{ offset: 0, length: command.length, type: 'bot_command' }] }
    }
  })
}

/** An inline query: `@YourBot <query>` typed in any chat. */
export const telegramInline = (query: string, { updateId = 900_000 + ++updates }: { updateId?: number } = {}): string => JSON.stringify({
  update_id: updateId,
  inline_query: { id: `4400${updateId}`, from: { id: 111222333, is_bot: false, first_name: 'Ada' }, query, offset: '', chat_type: 'private' }
})

export const telegramHeaders = (secret = TELEGRAM_SECRET): Record<string, string> =>
  ({ 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret })
