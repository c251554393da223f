import t from 'tap'
import { answerRequest, type ChatRequest } from '../../src/chat/core.js'
import { NO_REPLY, isZulipToken, readZulipMessage, readZulipRequest, zulipReply, type ZulipMessage } from '../../src/chat/zulip.js'
import { DrawingCache } from '../../src/results/drawings.js'
import { PictureCache } from '../../src/results/pictures.js'
import { build } from '../helper.js'
import { readFenced, webDrawing } from '../support/chat.js'
import { quote } from '../support/quote.js'

const context = { drawings: new DrawingCache(), pictures: new PictureCache([]), site: 'http://cows.test' }
const message = (data: string, trigger = 'mention'): ZulipMessage => ({ token: 't', trigger, data, botName: 'Cowsay', id: 1, timestamp: 1 })
const reply = (data: string, trigger?: string): ReturnType<typeof zulipReply> => {
  const read = readZulipRequest(message(data, trigger))
  return read === null ? NO_REPLY : zulipReply(answerRequest(read, context))
}

t.test('the token is compared whole, against each bot\'s', async (t) => {
  const tokens = ['xvOzfurIutdRRVLzpXrIIHXJvNfaJLJ0', 'second0token0of0another0bot00000']
  t.ok(isZulipToken(tokens, tokens[0] ?? ''))
  t.ok(isZulipToken(tokens, tokens[1] ?? ''))
  for (const given of ['', 'xvOzfurIutdRRVLzpXrIIHXJvNfaJLJ', 'xvOzfurIutdRRVLzpXrIIHXJvNfaJLJ00', 'XVOZFURIUTDRRVLZPXRIIHXJVNFAJLJ0']) t.notOk(isZulipToken(tokens, given), quote(given))
})

t.test('messages are read with their token first, even when the rest is wrong', async (t) => {
  const body = (value: unknown): Buffer => Buffer.from(JSON.stringify(value))
  t.match(readZulipMessage(body({ token: 'k', trigger: 'mention', data: '@**Cowsay** hi', bot_full_name: 'Cowsay', bot_email: 'cowsay-bot@zulip.example', message: { id: 112, timestamp: 1527876931 } })), { ok: true, message: { token: 'k', id: 112, timestamp: 1527876931, botName: 'Cowsay' } })
  t.match(readZulipMessage(body({ token: 'k', data: 'hi' })), { ok: false, token: 'k', problem: /no trigger/ })
  t.match(readZulipMessage(body({ token: 'k', trigger: 'mention', data: '', bot_full_name: 'C', message: { id: 'x', timestamp: 1 } })), { ok: false, token: 'k', problem: /no id or timestamp/ })
  t.match(readZulipMessage(body({ trigger: 'mention', data: '', bot_full_name: 'C', message: { id: 1, timestamp: 1 } })), { ok: false, token: undefined, problem: /token is missing/ })
  t.match(readZulipMessage(Buffer.from('token=k')), { ok: false, problem: /not JSON/ })
  t.match(readZulipMessage(body([1])), { ok: false, problem: /not an outgoing webhook/ })
})

t.test('a mention at the start or a direct message is answered with a fenced cow and its link, drawn as on the web', async (t) => {
  const app = await build(t)
  const cases: Array<[data: string, trigger: string, path: string]> = [
    ['@**Cowsay** hello world', 'mention', '/say/hello%20world'],
    ['@_**Cowsay|42** -f tux hi', 'mention', '/say/hi?cow=tux'],
    ['think -W 12 a few words to wrap', 'direct_message', '/think/a%20few%20words%20to%20wrap?width=12'],
    ['hi ``` @**all**', 'private_message', '/say/hi%20%60%60%60%20%40%2A%2Aall%2A%2A'],
    ['@**Cowsay** --fortune=riddles/13', 'mention', '/fortune/riddles/13']
  ]
  for (const [data, trigger, path] of cases) {
    const answer = reply(data, trigger)
    if (!('content' in answer)) throw new Error(`${data}: no answer`)
    const { drawing, permalink } = readFenced(answer.content)
    t.equal(permalink, 'http://cows.test' + path, `${quote(data)}: links to ${path}`)
    t.equal(drawing, await webDrawing(app, permalink), `${quote(data)}: the same drawing as the web`)
  }
  const hostile = reply('@**Cowsay** ``` @**all**')
  const content = 'content' in hostile ? hostile.content : ''
  t.equal(content.match(/```/g)?.length, 2, 'the user\'s backticks cannot close the block')
  t.notMatch(content, /@\*\*all/, 'nor mention everyone')
})

t.test('no answer where none is due: a mention in passing, or another trigger', async (t) => {
  for (const [data, trigger] of [['look at @**Cowsay** go', 'mention'], ['@**Cowsay2** hi', 'mention'], ['@**Cowsay** hi', 'some_new_trigger']]) {
    t.same(reply(data ?? '', trigger), { response_not_required: true }, `${quote(data ?? '')} (${trigger})`)
  }
})

t.test('usage, cows and mistakes are answered as text that formats and mentions nothing', async (t) => {
  const app = await build(t)
  t.match(reply('@**Cowsay**'), { content: /^\*\*@Cowsay hello world\*\* posts a cow/ })
  t.match(reply('@**Cowsay** cows'), { content: /cows:\n```\n[^`]*tux[^`]*```\nSee them all: http:\/\/cows\.test\/cows$/ })
  const web = (await app.inject({ url: '/say/hi?cow=*all*', headers: { accept: 'application/json' } })).json().message
  t.same(reply('@**Cowsay** -f *all* hi'), { content: web.replace(/\*/g, '\\*') }, 'a mistake in the web\'s words, its Markdown escaped')
  t.type(readZulipRequest(message('@**Cowsay** -f nope hi')), 'object')
  t.match(readZulipRequest(message('@**Cowsay** -f nope hi')) as ChatRequest, { kind: 'mistake' })
})
