import { printedCall, setWebhook, webhookSettings } from '../src/chat/telegram/webhook.js'

/*
 * npm run telegram:webhook
 *
 * Points the Telegram bot at this service (setWebhook), from the environment:
 *   PUBLIC_URL             the service's https:// address; updates go to PUBLIC_URL/telegram/updates
 *   TELEGRAM_SECRET_TOKEN  the secret Telegram sends back with every update (the service's too)
 *   TELEGRAM_BOT_TOKEN     optional: the bot's token from @BotFather; without it the call is
 *                          printed as a curl command that reads both secrets from the environment
 *   TELEGRAM_API_URL       optional: the Bot API's base URL (default https://api.telegram.org)
 * Neither secret is ever printed.
 */

const EX_CONFIG = 78

const settings = webhookSettings(process.env)
if ('problem' in settings) {
  process.stderr.write(`telegram:webhook: ${settings.problem}\n`)
  process.exit(EX_CONFIG)
}
const { botToken } = settings
if (botToken === undefined) {
  process.stdout.write(`# With TELEGRAM_BOT_TOKEN and TELEGRAM_SECRET_TOKEN set in this shell:\n${printedCall(settings)}\n`)
} else {
  try {
    const answer = await setWebhook({ ...settings, botToken })
    if (!answer.ok) {
      process.stderr.write(`telegram:webhook: Telegram refused the webhook: ${answer.description}\n`)
      process.exit(1)
    }
    process.stdout.write(`Telegram sends messages and inline queries to ${settings.endpoint} (${answer.description}).\n`)
  } catch (error) {
    process.stderr.write(`telegram:webhook: could not reach ${settings.apiUrl}: ${(error as Error).message}\n`)
    process.exit(1)
  }
}
