import { NOW_SECONDS } from './slack.js'

/*
 * Outgoing webhook messages made the way Zulip makes them (its documentation's
 * "Outgoing webhooks" payload): the bot's token in the JSON body.
 */

/** A token as Zulip shows it in the bot's zuliprc: 32 letters and digits. */
export const ZULIP_TOKEN = 'xvOzfurIutdRRVLzpXrIIHXJvNfaJLJ0'

let messages = 0

/** A message that @mentions the bot in a channel (`data` starts with the mention), or a direct message. */
export function zulipMessage (typed: string, { token = ZULIP_TOKEN, trigger = 'mention', timestamp = NOW_SECONDS, id = 112_000 + ++messages }: { token?: string | null, trigger?: string, timestamp?: number, id?: number } = {}): string {
  const data = trigger === 'mention' ? `@**Cowsay** ${typed}` : typed
  return JSON.stringify({
    bot_email: 'cowsay-bot@zulip.example.com',
    bot_full_name: 'Cowsay',
    data,
    message: {
      avatar_url: 'https://secure.gravatar.com/avatar/1f4f1575bf002ae562fea8fc4b861b09?d=identicon&version=1',
      client: 'website',
      content: data,
      display_recipient: trigger === 'mention' ? 'cows' : [{ email: 'ada@zulip.example.com', full_name: 'Ada', id: 5 }],
      id,
      is_me_message: false,
      reactions: [],
      recipient_id: 20,
      rendered_content: `<p>${data}</p>`,
      sender_email: 'ada@zulip.example.com',
      sender_full_name: 'Ada',
      sender_id: 5,
      sender_realm_str: 'zulip',
      ...trigger === 'mention' ? { stream_id: 5, subject: 'moo' } : {},
      submessages: [],
      timestamp,
      topic_links: [],
      type: trigger === 'mention' ? 'stream' : 'private'
    },
    ...token === null ? {} : { token },
    trigger
  })
}

export const zulipHeaders = (): Record<string, string> => ({ 'content-type': 'application/json' })
