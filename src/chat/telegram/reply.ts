import type { ChatAnswer } from '../core.js'
import type { TelegramMessage } from './update.js'

/**
 * Telegram's answers, as Bot API method calls in the webhook's own response
 * (Telegram makes the call: no bot token, no request of ours). Text is in
 * HTML parse mode, where only `<`, `>` and `&` need escaping, and `<pre>`
 * keeps a drawing's spaces. Telegram has no answer only one user sees in a
 * chat, so help and mistakes are replies like the cow; inline answers are
 * seen by the one who types until they pick one.
 */

/** Telegram's limit for a message's text, after its HTML is read (a caption's, 1,024, is never reached: a caption is one link). */
const MESSAGE_LIMIT = 4096

const escapeHtml = (text: string): string =>
  text.replace(/[&<>]/g, (c) => c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;')

/** Our usage Markdown (**bold** and `code` only) as Telegram HTML. */
const usageHtml = (markdown: string): string =>
  escapeHtml(markdown).replace(/\*\*([^*]+)\*\*/g, '<b>$1</b>').replace(/`([^`]+)`/g, '<code>$1</code>')

/** Past this, a link is shown by name: Telegram counts what is shown against its limits, not an href. */
const SHOWN_LINK_LIMIT = 256

/** A result's link, as text Telegram makes a link of, or, for a long one, a named link. */
function linkHtml (permalink: string): { html: string, shown: number } {
  if (permalink.length <= SHOWN_LINK_LIMIT) return { html: escapeHtml(permalink), shown: permalink.length }
  const name = 'This cow\'s page'
  return { html: `<a href="${escapeHtml(permalink).replace(/"/g, '&quot;')}">${name}</a>`, shown: name.length }
}

/** What a reader sees of a cow's message: the drawing, then its link; `length` is what Telegram counts. */
function cowText (drawing: string, permalink: string): { html: string, length: number } {
  const shown = drawing.replace(/\n$/, '')
  const link = linkHtml(permalink)
  return { html: `<pre>${escapeHtml(shown)}</pre>\n${link.html}`, length: shown.length + 1 + link.shown }
}

type TelegramMethod = Record<string, unknown> & { method: string }

/**
 * The answer to a message in a chat: in that chat (in its topic, in a
 * forum), replying to the message, without a link preview (the drawing is
 * already there). A drawing over Telegram's limit is sent as its picture, with
 * the link as the caption.
 */
export function messageReply (message: TelegramMessage, answer: ChatAnswer): TelegramMethod {
  const where = {
    chat_id: message.chatId,
    ...message.threadId === undefined ? {} : { message_thread_id: message.threadId },
    reply_parameters: { message_id: message.messageId, allow_sending_without_reply: true }
  }
  const send = (html: string): TelegramMethod =>
    ({ method: 'sendMessage', ...where, text: html, parse_mode: 'HTML', link_preview_options: { is_disabled: true } })
  switch (answer.kind) {
    case 'cow': {
      const text = cowText(answer.drawing, answer.permalink)
      if (text.length <= MESSAGE_LIMIT) return send(text.html)
      return { method: 'sendPhoto', ...where, photo: answer.pictureLink().url, caption: linkHtml(answer.permalink).html, parse_mode: 'HTML' }
    }
    case 'usage': return send(usageHtml(answer.markdown))
    case 'cows': return send(`${answer.cows.length} cows, for -f:\n<pre>${escapeHtml(answer.cows.join(' '))}</pre>\nSee them all: ${escapeHtml(answer.gallery)}`)
    case 'mistake': return send(escapeHtml(answer.message))
  }
}

/** Telegram's limit for the text on the button above inline results. */
const BUTTON_TEXT_LIMIT = 64

const truncate = (text: string, limit: number): string => {
  const chars = Array.from(text)
  return chars.length <= limit ? text : chars.slice(0, limit - 1).join('') + '…'
}

/**
 * The answer to an inline query (`@YourBot hello`): the drawing as a message
 * the user can send (an article), and, where the site is HTTPS (`secure`:
 * Telegram fetches photos for inline results over HTTPS only), the picture (a photo). Usage and mistakes go
 * on the button above the results, which only the user typing sees; it opens
 * a private chat with the bot, which answers /start with the usage.
 */
export function inlineReply (queryId: string, answer: ChatAnswer, secure: boolean): TelegramMethod {
  const answerWith = (results: unknown[], button?: string): TelegramMethod => ({
    method: 'answerInlineQuery',
    inline_query_id: queryId,
    results,
    ...button === undefined ? {} : { button: { text: truncate(button, BUTTON_TEXT_LIMIT), start_parameter: 'help' } }
  })
  switch (answer.kind) {
    case 'cow': {
      const text = cowText(answer.drawing, answer.permalink)
      // Too long for a message, the article sends the link, which Telegram previews.
      const fits = text.length <= MESSAGE_LIMIT
      const results: unknown[] = [{
        type: 'article',
        id: 'drawing',
        title: fits ? 'Send the drawing' : 'Send the link (too long for a message)',
        description: answer.alt,
        input_message_content: fits
          ? { message_text: text.html, parse_mode: 'HTML', link_preview_options: { is_disabled: true } }
          : { message_text: linkHtml(answer.permalink).html, parse_mode: 'HTML' }
      }]
      if (secure) {
        const { url, width, height } = answer.pictureLink()
        results.push({ type: 'photo', id: 'picture', photo_url: url, thumbnail_url: url, photo_width: width, photo_height: height, title: 'Send the picture', caption: linkHtml(answer.permalink).html, parse_mode: 'HTML' })
      }
      return answerWith(results)
    }
    case 'usage': return answerWith([], 'Type a message; options first (-f tux): tap for help')
    case 'cows': return answerWith([{
      type: 'article',
      id: 'cows',
      title: `${answer.cows.length} cows, for -f`,
      description: answer.cows.join(' '),
      input_message_content: { message_text: escapeHtml(answer.gallery), parse_mode: 'HTML' }
    }])
    case 'mistake': return answerWith([], answer.message)
  }
}
