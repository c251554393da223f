import { isTelegramSecret } from './update.js'

/**
 * setWebhook, the one call that points a Telegram bot at this service: the
 * endpoint, the secret Telegram sends back with every update, and the update
 * types answered here (anything else is never sent).
 */

const TELEGRAM_API_URL = 'https://api.telegram.org'

/** The updates this service answers: commands in chats, and inline queries. */
const ALLOWED_UPDATES = ['message', 'inline_query'] as const

export interface WebhookSettings {
  /** Where Telegram sends updates: PUBLIC_URL + /telegram/updates (Telegram requires HTTPS). */
  endpoint: string
  secret: string
  /** The bot's token from @BotFather; without it the call is only printed. */
  botToken: string | undefined
  apiUrl: string
}

/** setWebhook's body, with `secret` as given (the real one, or a shell variable's name when printed). */
const setWebhookBody = (endpoint: string, secret: string): Record<string, unknown> =>
  ({ url: endpoint, secret_token: secret, allowed_updates: ALLOWED_UPDATES })

/** The settings from the environment, or what is missing or wrong (never repeating a secret). */
export function webhookSettings (env: Readonly<Record<string, string | undefined>>): WebhookSettings | { problem: string } {
  const publicUrl = env.PUBLIC_URL?.trim().replace(/\/+$/, '')
  if (publicUrl === undefined || publicUrl === '') return { problem: 'PUBLIC_URL must be set: Telegram needs the address it will send updates to' }
  if (!publicUrl.startsWith('https://')) return { problem: `PUBLIC_URL must be an https:// address (Telegram sends webhooks over HTTPS only), got "${publicUrl}"` }
  const secret = env.TELEGRAM_SECRET_TOKEN?.trim() ?? ''
  if (!isTelegramSecret(secret)) return { problem: 'TELEGRAM_SECRET_TOKEN must be set, 1 to 256 characters of A-Z, a-z, 0-9, _ and - (for one: openssl rand -hex 32)' }
  const botToken = env.TELEGRAM_BOT_TOKEN?.trim() || undefined
  return { endpoint: `${publicUrl}/telegram/updates`, secret, botToken, apiUrl: env.TELEGRAM_API_URL?.trim().replace(/\/+$/, '') || TELEGRAM_API_URL }
}

/** The call as a shell command that reads both secrets from the environment, so printing it shows neither. */
export function printedCall ({ endpoint, apiUrl }: WebhookSettings): string {
  const body = JSON.stringify(setWebhookBody(endpoint, '__SECRET__')).replace(/"/g, '\\"').replace('__SECRET__', '$TELEGRAM_SECRET_TOKEN')
  return `curl -sS "${apiUrl}/bot$TELEGRAM_BOT_TOKEN/setWebhook" -H 'content-type: application/json' -d "${body}"`
}

/** Makes the call; Telegram's answer is `{ ok, description }`. */
export async function setWebhook ({ endpoint, secret, botToken, apiUrl }: WebhookSettings & { botToken: string }): Promise<{ ok: boolean, description: string }> {
  const response = await fetch(`${apiUrl}/bot${botToken}/setWebhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(setWebhookBody(endpoint, secret)),
    signal: AbortSignal.timeout(15_000)
  })
  const answer = await response.json().catch(() => ({})) as { ok?: unknown, description?: unknown }
  return { ok: response.ok && answer.ok === true, description: typeof answer.description === 'string' ? answer.description : `HTTP ${response.status}` }
}
