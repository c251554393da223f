import type { ChatAnswer } from '../core.js'
import { fence, plainMarkdown } from '../markdown.js'

/**
 * Discord's interaction responses, as its documentation gives them: PONG
 * (type 1), a message (type 4, `data.content`), autocomplete choices (type 8).
 * No message can ping anyone (`allowed_mentions: { parse: [] }`), and
 * everything but the cow is ephemeral (flag 64: only the user sees it).
 */

/** Discord's limit for a message's content. */
const CONTENT_LIMIT = 2000
const EPHEMERAL = 1 << 6

const NO_MENTIONS = { parse: [] as string[] }

interface DiscordMessage {
  content: string
  flags?: number
  allowed_mentions: { parse: string[] }
  attachments?: Array<{ id: number, filename: string, description: string }>
}

export type DiscordResponse =
  | { type: 1 }
  | { type: 4, data: DiscordMessage }
  | { type: 8, data: { choices: Array<{ name: string, value: string }> } }

/** A reply for Discord: JSON, or a multipart body when a file goes with it. */
export type DiscordReply =
  | { json: DiscordResponse }
  | { multipart: { contentType: string, body: Buffer } }

export const PONG: DiscordResponse = { type: 1 }

const privately = (content: string): DiscordResponse => ({ type: 4, data: { content, flags: EPHEMERAL, allowed_mentions: NO_MENTIONS } })

export const choices = (names: readonly string[]): DiscordResponse =>
  ({ type: 8, data: { choices: names.map((name) => ({ name, value: name })) } })

/** The name Discord shows for the picture of a drawing too long for a message. */
const PICTURE_NAME = 'cow.png'

/**
 * The PNG as Discord takes files with a response: multipart/form-data with the
 * JSON in `payload_json` and the file in `files[0]`, which the attachment with
 * id 0 describes. Encoded by the platform's own FormData, not by hand.
 */
async function withPicture (response: DiscordResponse, png: Buffer): Promise<DiscordReply> {
  const form = new FormData()
  form.append('payload_json', new Blob([JSON.stringify(response)], { type: 'application/json' }))
  form.append('files[0]', new Blob([png], { type: 'image/png' }), PICTURE_NAME)
  const encoded = new Response(form)
  return { multipart: { contentType: encoded.headers.get('content-type') ?? 'multipart/form-data', body: Buffer.from(await encoded.arrayBuffer()) } }
}

/** The UTF-16 length Discord measures content in (an emoji counts twice, erring on the short side). */
const fits = (content: string): boolean => content.length <= CONTENT_LIMIT

export async function discordReply (answer: ChatAnswer): Promise<DiscordReply> {
  switch (answer.kind) {
    case 'cow': {
      // <link> keeps Discord from unfurling the page under the drawing it already shows.
      const link = `<${answer.permalink}>`
      // Discord draws an `ansi` code block's SGR colours: a coloured cow keeps its colours there.
      const content = `${answer.ansi === null ? fence(answer.drawing) : fence(answer.ansi, 'ansi')}\n${link}`
      if (fits(content)) return { json: { type: 4, data: { content, allowed_mentions: NO_MENTIONS } } }
      const response: DiscordResponse = {
        type: 4,
        data: { content: link, allowed_mentions: NO_MENTIONS, attachments: [{ id: 0, filename: PICTURE_NAME, description: answer.alt.slice(0, 1024) }] }
      }
      return withPicture(response, await answer.picture())
    }
    case 'usage': return { json: privately(answer.markdown) }
    case 'cows': {
      const tail = `\nStart typing in the \`cow\` option to find one; see them all: <${answer.gallery}>`
      let names = answer.cows.join(' ')
      // Some 200 names do not fit in one message: as many as do, then how many more.
      for (let shown = answer.cows.length; !fits(`${answer.cows.length} cows:\n${fence(names)}${tail}`); shown--) {
        names = answer.cows.slice(0, shown - 1).join(' ') + ` … and ${answer.cows.length - shown + 1} more`
      }
      return { json: privately(`${answer.cows.length} cows:\n${fence(names)}${tail}`) }
    }
    case 'mistake': return { json: privately(plainMarkdown(answer.message)) }
  }
}
