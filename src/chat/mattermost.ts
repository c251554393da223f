import { readSecrets } from '../environment.js'
import { fence, plainMarkdown } from './markdown.js'
import { readCommandForm } from './form.js'
import { readCommandLine } from './core.js'
import type { ChatAnswer } from './core.js'
import { ACCEPTED, header, refuse, sameToken, type ChatPlatform, type Verdict } from './platform.js'

/**
 * Mattermost's custom slash commands. Mattermost does not sign a request: it
 * sends the command's token (shown once the command is created) in the form
 * field `token` and again in `Authorization: Token <token>`. The token is the
 * whole proof, so each copy that arrives must match, compared in constant time.
 * Every command has its own token (/cowsay and /cowthink, in every team), so
 * the service knows a list of them.
 */

export interface MattermostRequest {
  /** The Authorization header, as received (undefined when absent). */
  authorization: string | undefined
  /** The form field `token` (undefined when absent). */
  token: string | undefined
}

const TOKEN_HEADER = /^Token (\S+)$/

/** Whether a request carries one of the commands' tokens; the reason never repeats a token. */
export function verifyMattermostRequest (tokens: readonly string[], request: MattermostRequest): Verdict {
  const given: string[] = []
  if (request.authorization !== undefined) {
    const token = TOKEN_HEADER.exec(request.authorization)?.[1]
    if (token === undefined) return refuse('the Authorization header is not "Token" and the command\'s token')
    given.push(token)
  }
  if (request.token !== undefined) given.push(request.token)
  if (given.length === 0) return refuse('the command\'s token is missing')
  // Every copy against every token, even after a match, so the time says nothing about which one it was.
  const known = given.map((token) => tokens.map((expected) => sameToken(expected, token)).includes(true))
  return known.every(Boolean) && new Set(given).size === 1 ? ACCEPTED : refuse('the token is not the command\'s token')
}

/**
 * Mattermost's answer to a slash command, Slack's shape: the cow for the
 * channel, everything else for the user alone. `skip_slack_parsing` turns off
 * Mattermost's translation of Slack markup (`<!channel>`, `&lt;`), so the text
 * is plain Mattermost Markdown.
 */
interface MattermostMessage {
  response_type: 'in_channel' | 'ephemeral'
  text: string
  skip_slack_parsing: true
}

/** Mattermost's default limit for a post (MaxPostSize), in characters. */
const MATTERMOST_POST_LIMIT = 16_383

const message = (responseType: MattermostMessage['response_type'], text: string): MattermostMessage =>
  ({ response_type: responseType, text, skip_slack_parsing: true })

function mattermostReply (answer: ChatAnswer): MattermostMessage {
  switch (answer.kind) {
    case 'cow': {
      const text = `${fence(answer.drawing)}\n${answer.permalink}`
      // A drawing too big for a post still has its page, which Mattermost previews.
      return message('in_channel', Array.from(text).length <= MATTERMOST_POST_LIMIT ? text : answer.permalink)
    }
    case 'usage': return message('ephemeral', answer.markdown)
    case 'cows': return message('ephemeral', `${answer.cows.length} cows:\n${fence(answer.cows.join(' '))}\nSee them all: ${answer.gallery}`)
    case 'mistake': return message('ephemeral', plainMarkdown(answer.message))
  }
}

/** As Slack's: 1,000 four-byte characters percent-encoded are 12 KB, the other fields about 1 KB. */
const BODY_LIMIT = 16 * 1024

/** Mattermost's custom slash commands, pointed at POST /mattermost/commands. */
export const mattermost: ChatPlatform<readonly string[], 'mattermostTokens', string[]> = {
  name: 'Mattermost',
  path: '/mattermost/commands',
  contentType: 'application/x-www-form-urlencoded',
  bodyLimit: BODY_LIMIT,
  secret: {
    variable: 'MATTERMOST_TOKEN',
    field: 'mattermostTokens',
    read: (env) => readSecrets(env, 'MATTERMOST_TOKEN', (token) => /^[\x21-\x7E]+$/.test(token), 'the slash commands\' tokens, separated by commas (printable ASCII, no spaces)'),
    headers: ['authorization']
  },
  settings: (tokens) => tokens.length === 0 ? null : tokens,

  async answer (tokens, request, chat) {
    const form = readCommandForm(request.body)
    // A broken form can still be refused for its header; it is never read further.
    const verdict = verifyMattermostRequest(tokens, { authorization: header(request, 'authorization'), token: form.ok ? form.fields.token : undefined })
    if (!verdict.ok) return { refused: verdict.reason }
    if (!form.ok) return { invalid: form.problem }
    const { command, text } = form.fields
    if (command === undefined) return { invalid: 'The form field "command" is missing' }
    return { json: mattermostReply(chat(readCommandLine(command, text ?? ''))) }
  }
}
