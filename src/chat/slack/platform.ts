import { readCommandText, type TypedCommand } from '../command.js'
import { readCommandLine } from '../core.js'
import { readCommandForm } from '../form.js'
import { header, type ChatPlatform } from '../platform.js'
import { unescapeSlack } from './escape.js'
import { slackReply } from './reply.js'
import { verifySlackRequest } from './signature.js'

/**
 * The longest command Slack can send us, with room to spare: 1,000 four-byte
 * characters percent-encoded are 12,000 bytes (Slack's `&amp;` for `&` is 9),
 * and its other fields about 1 KB. Anything larger is not from Slack: 413.
 */
const BODY_LIMIT = 16 * 1024

/** A slash command's `text` as Slack sends it (`&`, `<`, `>` encoded), read as the user typed it. */
export const parseCommand = (command: string, text: string): TypedCommand => readCommandText(command, unescapeSlack(text))

/** Slack's slash commands /cowsay and /cowthink, pointed at POST /slack/commands. */
export const slack: ChatPlatform<string, 'slackSigningSecret', string | null> = {
  name: 'Slack',
  path: '/slack/commands',
  contentType: 'application/x-www-form-urlencoded',
  bodyLimit: BODY_LIMIT,
  secret: {
    variable: 'SLACK_SIGNING_SECRET',
    field: 'slackSigningSecret',
    read: (env) => env.SLACK_SIGNING_SECRET?.trim() || null,
    headers: ['x-slack-signature']
  },
  settings: (signingSecret) => signingSecret,

  async answer (signingSecret, request, chat) {
    const form = readCommandForm(request.body)
    // Slack's certificate check carries no command: 200 is all it asks for.
    if (form.ok && form.fields.ssl_check === '1') return { empty: true }
    const verdict = verifySlackRequest(signingSecret, {
      timestamp: header(request, 'x-slack-request-timestamp'),
      signature: header(request, 'x-slack-signature'),
      body: request.body
    }, request.now)
    if (!verdict.ok) return { refused: verdict.reason }
    if (!form.ok) return { invalid: form.problem }
    const { command, text } = form.fields
    if (command === undefined) return { invalid: 'The form field "command" is missing' }
    return { json: slackReply(chat(readCommandLine(command, unescapeSlack(text ?? '')))) }
  }
}
