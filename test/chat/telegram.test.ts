import t from 'tap'
import { answerRequest, type ChatRequest } from '../../src/chat/core.js'
import { inlineReply, messageReply } from '../../src/chat/telegram/reply.js'
import { isTelegramSecretHeader, readInlineRequest, readMessageRequest, readUpdate, type TelegramMessage } from '../../src/chat/telegram/update.js'
import { DrawingCache } from '../../src/results/drawings.js'
import { PictureCache } from '../../src/results/pictures.js'
import { build } from '../helper.js'
import { webDrawing } from '../support/chat.js'
import { quote } from '../support/quote.js'

const context = (site = 'http://cows.test'): Parameters<typeof answerRequest>[1] => ({ drawings: new DrawingCache(), pictures: new PictureCache([]), site })
const MESSAGE: TelegramMessage = { messageId: 77, chatId: -100123, threadId: undefined, date: 1793534400, text: undefined }

const unescapeHtml = (html: string): string => html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')

/** A reply's drawing and link, as Telegram shows them. */
function readPre (html: string): { drawing: string, permalink: string } {
  const match = /^<pre>([\s\S]*)<\/pre>\n(?:<a href="([^"]+)">[^<]+<\/a>|(\S+))$/.exec(html)
  const link = match?.[2] ?? match?.[3]
  if (match?.[1] === undefined || link === undefined) throw new Error(`not a <pre> and a link: ${html}`)
  return { drawing: unescapeHtml(match[1]) + '\n', permalink: unescapeHtml(link) }
}

t.test('the secret header is the whole proof, compared whole', async (t) => {
  t.ok(isTelegramSecretHeader('s3cret_-X', 's3cret_-X'))
  for (const given of [undefined, '', 's3cret_-', 's3cret_-X ', 'S3CRET_-X', 's3cret_-Xs3cret_-X']) t.notOk(isTelegramSecretHeader('s3cret_-X', given), quote(String(given)))
})

t.test('updates are read for their message or inline query; anything else is no command', async (t) => {
  const update = (value: unknown): ReturnType<typeof readUpdate> => readUpdate(Buffer.from(JSON.stringify(value)))
  t.match(update({ update_id: 1, message: { message_id: 5, date: 1, chat: { id: 9, type: 'group' }, text: '/cowsay hi' } }), { ok: true, update: { kind: 'message', updateId: 1, message: { messageId: 5, chatId: 9, text: '/cowsay hi', threadId: undefined } } })
  t.match(update({ update_id: 1, message: { message_id: 5, date: 1, chat: { id: 9 }, message_thread_id: 3, is_topic_message: true } }), { ok: true, update: { message: { threadId: 3, text: undefined } } })
  t.match(update({ update_id: 2, inline_query: { id: 'q1', query: 'moo', offset: '', from: { id: 1 } } }), { ok: true, update: { kind: 'inline', queryId: 'q1', query: 'moo' } })
  t.match(update({ update_id: 3, edited_message: { message_id: 5 } }), { ok: true, update: { kind: 'other' } })
  const problems: Array<[body: string, problem: RegExp]> = [
    ['{', /not JSON/],
    ['[]', /no update_id/],
    ['{"update_id":"1"}', /no update_id/],
    ['{"update_id":1,"message":{"message_id":5,"chat":{}}}', /no message_id, chat or date/],
    ['{"update_id":1,"message":{"message_id":5,"date":1,"chat":{"id":1},"text":5}}', /not text/],
    ['{"update_id":1,"inline_query":{"id":5}}', /no id or query/]
  ]
  for (const [body, problem] of problems) t.match(readUpdate(Buffer.from(body)), { ok: false, problem }, body)
  t.match(readUpdate(Buffer.from([0x7b, 0xff, 0x7d])), { ok: false, problem: /UTF-8/ })
})

t.test('only /cowsay, /cowthink (also @YourBot), /start and /help are commands', async (t) => {
  const cases: Array<[text: string | undefined, read: Partial<ChatRequest> | null]> = [
    ['/cowsay hello', { kind: 'draw', text: 'hello' }],
    ['/cowsay@MooBot hello', { kind: 'draw', text: 'hello' }],
    ['/cowthink hmm', { kind: 'draw', text: 'hmm', options: { action: 'think' } } as Partial<ChatRequest>],
    ['/cowsay@MooBot', { kind: 'help', command: '/cowsay' }],
    ['/start', { kind: 'help' }],
    ['/help@MooBot', { kind: 'help' }],
    ['/cowsay -f nope hi', { kind: 'mistake' }],
    ['hello', null],
    ['/cowsayhello', null],
    ['please /cowsay hi', null],
    ['/rm -rf', null],
    [undefined, null]
  ]
  for (const [text, read] of cases) {
    const got = readMessageRequest(text)
    if (read === null) t.equal(got, null, `${quote(String(text))}: no reply`)
    else t.match(got, read, quote(String(text)))
  }
  t.match(readInlineRequest(' -f tux moo '), { kind: 'draw', text: 'moo', options: { cow: 'tux' } })
})

t.test('a command is answered in its chat, replying to it, with the drawing in <pre> and the link, drawn as on the web', async (t) => {
  const app = await build(t)
  const cases: Array<[typed: string, path: string]> = [
    ['/cowsay hello world', '/say/hello%20world'],
    ['/cowthink -f tux -W 12 a few words to wrap', '/think/a%20few%20words%20to%20wrap?cow=tux&width=12'],
    ['/cowsay <b>not bold</b> & co', '/say/%3Cb%3Enot%20bold%3C%2Fb%3E%20%26%20co'],
    ['/cowsay -e "< -T &> hi', '/say/hi?eyes=%22%3C&tongue=%26%3E'],
    // A link too long to show is named, and still leads to the same drawing.
    ['/cowsay ' + '中'.repeat(40), '/say/' + '%E4%B8%AD'.repeat(40)],
    ['/cowsay -f tux --fortune=riddles/13', '/fortune/riddles/13?cow=tux']
  ]
  for (const [typed, path] of cases) {
    const reply = messageReply(MESSAGE, answerRequest(readMessageRequest(typed) as ChatRequest, context()))
    t.match(reply, { method: 'sendMessage', chat_id: -100123, reply_parameters: { message_id: 77 }, parse_mode: 'HTML' }, typed)
    const { drawing, permalink } = readPre(String(reply.text))
    t.equal(permalink, 'http://cows.test' + path, `${typed}: links to ${path}`)
    t.equal(drawing, await webDrawing(app, permalink), `${typed}: the same drawing as the web`)
    t.notMatch(String(reply.text), /<(?!\/?pre>|a href="http:\/\/cows\.test\/[^"<>]*">|\/a>)/, `${typed}: no tag but <pre> and the link's`)
  }
  const inTopic = messageReply({ ...MESSAGE, threadId: 12 }, answerRequest(readMessageRequest('/cowsay hi') as ChatRequest, context()))
  t.equal(inTopic.message_thread_id, 12, 'in a forum, in the message\'s topic')
})

t.test('a drawing over 4,096 characters is sent as its picture with the link', async (t) => {
  // 700 cows one to a line: some 5,000 characters drawn from a message within the 1,000 allowed.
  const long = '/cowsay -W 2 ' + '🐄'.repeat(700)
  const reply = messageReply(MESSAGE, answerRequest(readMessageRequest(long) as ChatRequest, context()))
  t.equal(reply.method, 'sendPhoto')
  t.match(reply.photo, /^http:\/\/cows\.test\/say\/(%F0%9F%90%84){700}\?width=2&format=png$/)
  // The link is too long to show whole (Telegram counts what is shown): it is named instead.
  t.equal(reply.caption, `<a href="${String(reply.photo).replace(/[?&]format=png$/, '').replace(/&/g, '&amp;')}">This cow's page</a>`, 'the caption links to the picture\'s result')
})

t.test('usage, cows and mistakes are replies in HTML that formats nothing of the user\'s', async (t) => {
  const app = await build(t)
  const say = (typed: string): Record<string, unknown> => messageReply(MESSAGE, answerRequest(readMessageRequest(typed) as ChatRequest, context()))
  t.match(say('/start').text, /^<b>\/cowsay hello world<\/b> posts a cow/)
  t.match(say('/cowsay cows').text, /cows, for -f:\n<pre>[^<]*tux[^<]*<\/pre>\nSee them all: http:\/\/cows\.test\/cows$/)
  const web = (await app.inject({ url: '/say/hi?cow=%3Ci%3Ex', headers: { accept: 'application/json' } })).json().message
  t.match(web, /^Unknown cow "<i>x"/)
  t.equal(say('/cowsay -f <i>x hi').text, web.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'), 'a mistake in the web\'s words, escaped')
})

t.test('inline queries: the drawing as an article, the picture as a photo only where the site is HTTPS, mistakes on the button', async (t) => {
  const inline = (query: string, site?: string): Record<string, unknown> => inlineReply('q7', answerRequest(readInlineRequest(query), context(site)), site?.startsWith('https://') === true)
  const plain = inline('-f tux hi')
  t.match(plain, { method: 'answerInlineQuery', inline_query_id: 'q7' })
  const [article, ...rest] = plain.results as Array<Record<string, any>>
  t.same(rest, [], 'no photo where the site is not HTTPS')
  t.match(article, { type: 'article', input_message_content: { parse_mode: 'HTML' } })
  t.equal(readPre(article?.input_message_content.message_text).permalink, 'http://cows.test/say/hi?cow=tux')
  const secure = inline('-f tux hi', 'https://cowsay.example').results as Array<Record<string, any>>
  t.match(secure[1], { type: 'photo', photo_url: 'https://cowsay.example/say/hi?cow=tux&format=png', thumbnail_url: 'https://cowsay.example/say/hi?cow=tux&format=png' })
  t.ok(secure[1]?.photo_width > 0 && secure[1]?.photo_height > 0, 'with the PNG\'s size')
  t.match(inline('-f nope hi'), { results: [], button: { text: /^Unknown cow "nope"/, start_parameter: 'help' } })
  t.match(inline(''), { results: [], button: { start_parameter: 'help' } })
})
