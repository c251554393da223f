import t from 'tap'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { ACCEPT, build } from '../helper.js'
import { NOW_SECONDS, buildChatApp, expectRefusals, readFenced, docsExample, webDrawing, type Refusal } from '../support/chat.js'
import { quote } from '../support/quote.js'
import { teamsHeaders, teamsMessage } from '../support/teams.js'

const post = (app: FastifyInstance, body: string | Buffer, headers: Record<string, string> = teamsHeaders(body)): Promise<LightMyRequestResponse> =>
  app.inject({ method: 'POST', url: '/teams/messages', headers: { host: 'cows.test', ...headers }, payload: body })

async function mention (app: FastifyInstance, typed: string): Promise<{ type: string, text: string }> {
  const response = await post(app, teamsMessage(typed))
  if (response.statusCode !== 200) throw new Error(`${response.statusCode}: ${response.body}`)
  return response.json()
}

const NO_COW = /\^__\^|"type":"message"|```/
const readCow = (text: string): ReturnType<typeof readFenced> => readFenced(text, /^(http:\/\/cows\.test\/\S*)$/)

t.test('POST /teams/messages is off (404) without a security token', async (t) => {
  const app = await build(t)
  const body = teamsMessage('hello')
  const response = await post(app, body, { ...teamsHeaders(body), accept: ACCEPT.json })
  t.equal(response.statusCode, 404)
  t.notMatch(response.body, NO_COW)
})

t.test('a signed mention answers with the cow in a code block and its link', async (t) => {
  const app = await buildChatApp(t)
  const body = teamsMessage('hello world')
  const response = await post(app, body)
  t.equal(response.statusCode, 200)
  t.equal(response.headers['content-type'], 'application/json; charset=utf-8')
  t.equal(response.body, JSON.stringify({
    type: 'message',
    text: '```\n _____________\n< hello world >\n -------------\n        \\   ^__^\n         \\  (oo)\\_______\n            (__)\\       )\\/\\\n                ||----w |\n                ||     ||\n```\n\nhttp://cows.test/say/hello%20world'
  }))
})

t.test('forged, stale and replayed messages get 401 and no cow', async (t) => {
  const app = await buildChatApp(t)
  const body = teamsMessage('hello')
  const json = { 'content-type': 'application/json', accept: ACCEPT.json }
  const at = (seconds: number): string => teamsMessage('hello', { timestamp: new Date(seconds * 1000).toISOString() })
  const stale = at(NOW_SECONDS - 360)
  const ahead = at(NOW_SECONDS + 360)
  const undated = teamsMessage('hello', { timestamp: 'yesterday' })
  const cases: Array<[name: string, body: string, headers: Record<string, string>, reason: RegExp]> = [
    ['no Authorization', body, json, /Authorization header is missing/],
    ['signed with another token', body, { ...teamsHeaders(body, Buffer.alloc(32, 1).toString('base64')), accept: ACCEPT.json }, /does not match/],
    ['body changed after signing', body.replace('hello', 'hellO'), { ...teamsHeaders(body), accept: ACCEPT.json }, /does not match/],
    ['a Bearer token', body, { ...json, authorization: 'Bearer abc' }, /not "HMAC"/],
    ['sent six minutes ago', stale, { ...teamsHeaders(stale), accept: ACCEPT.json }, /more than 5 minutes/],
    ['sent six minutes from now', ahead, { ...teamsHeaders(ahead), accept: ACCEPT.json }, /more than 5 minutes/],
    ['a timestamp that is not a time', undated, { ...teamsHeaders(undated), accept: ACCEPT.json }, /more than 5 minutes/]
  ]
  for (const [name, payload, headers, reason] of cases) {
    const response = await post(app, payload, headers)
    t.equal(response.statusCode, 401, `${name}: 401`)
    t.match(response.json().message, reason, `${name}: ${response.json().message}`)
    t.notMatch(response.body, NO_COW, `${name}: no cow`)
  }
  const once = teamsMessage('once')
  t.equal((await post(app, once)).statusCode, 200)
  const replayed = await post(app, once, { ...teamsHeaders(once), accept: ACCEPT.json })
  t.equal(replayed.statusCode, 401, 'the same message again is a replay')
  t.match(replayed.json().message, /already answered/)
})

t.test('every option draws what the web draws at the link', async (t) => {
  const app = await buildChatApp(t)
  const cases: Array<[typed: string, path: string]> = [
    ['hello world', '/say/hello%20world'],
    ['-f tux -s hi', '/say/hi?cow=tux&mode=stoned'],
    ['think -W 12 a few words to wrap', '/think/a%20few%20words%20to%20wrap?width=12'],
    ['<b>not bold</b> &amp;', '/say/%3Cb%3Enot%20bold%3C%2Fb%3E%20%26amp%3B'],
    ['🐄 中文', '/say/%F0%9F%90%84%20%E4%B8%AD%E6%96%87']
  ]
  for (const [typed, path] of cases) {
    const { drawing, permalink } = readCow((await mention(app, typed)).text)
    t.equal(permalink, 'http://cows.test' + path, `${quote(typed)}: links to ${path}`)
    t.equal(drawing, await webDrawing(app, permalink), `${quote(typed)}: the same drawing as the web`)
  }
})

t.test('help, cows and mistakes are answered in the thread', async (t) => {
  const app = await buildChatApp(t)
  t.match((await mention(app, '')).text, /\*\*@Cowsay hello world\*\*/, 'a bare mention gets usage, naming the webhook')
  t.match((await mention(app, 'help')).text, /\*\*@Cowsay hello world\*\*/)
  t.match((await mention(app, 'cows')).text, /See them all: http:\/\/cows\.test\/cows$/)
  const web = (await app.inject({ url: '/say/hi?cow=nope', headers: { accept: ACCEPT.json } })).json().message
  t.match(web, /^Unknown cow "nope": see \/cows/)
  t.same(await mention(app, '-f nope hi'), { type: 'message', text: web }, 'a mistake in the web\'s words')
})

t.test('bodies that are too big, of another type or broken get 413, 415 and 400', async (t) => {
  const app = await buildChatApp(t)
  const huge = teamsMessage('x'.repeat(65 * 1024))
  const signed = (body: string, contentType = 'application/json'): Record<string, string> => ({ ...teamsHeaders(body), 'content-type': contentType, accept: ACCEPT.json })
  const cases: Refusal[] = [
    ['over the body limit', huge, signed(huge), 413, /too large/],
    ['a form', 'text=hi', signed('text=hi', 'application/x-www-form-urlencoded'), 415, /Unsupported content type/],
    ['not JSON, signed', '{text:1}', signed('{text:1}'), 400, /not JSON/],
    ['not a message, signed', '{"type":"conversationUpdate"}', signed('{"type":"conversationUpdate"}'), 400, /not a message/],
    ['no text, signed', '{"type":"message","id":"1","timestamp":"2026-11-01T12:00:00Z"}', signed('{"type":"message","id":"1","timestamp":"2026-11-01T12:00:00Z"}'), 400, /no id, timestamp or text/]
  ]
  await expectRefusals(t, cases, async (body, headers) => await post(app, body, headers), NO_COW)
})

t.test('the documented example answer is the one the app gives', async (t) => {
  const example = docsExample('docs/chat/teams.md', 'What it answers')
  t.ok(example, 'docs/chat/teams.md shows an example answer')
  const app = await buildChatApp(t, { publicUrl: 'https://cowsay.example' })
  t.equal((await post(app, teamsMessage('hello world'))).body, example)
})
