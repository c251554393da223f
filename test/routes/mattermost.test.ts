import t from 'tap'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { ACCEPT, build } from '../helper.js'
import { buildChatApp, expectDrawnAsOnTheWeb, expectRefusals, readFenced, docsExample, webDrawing, type Refusal, type TypedCommand } from '../support/chat.js'
import { MATTERMOST_TOKEN, mattermostBody, mattermostHeaders } from '../support/mattermost.js'
import { quote } from '../support/quote.js'

const post = (app: FastifyInstance, body: string | Buffer, headers: Record<string, string> = mattermostHeaders()): Promise<LightMyRequestResponse> =>
  app.inject({ method: 'POST', url: '/mattermost/commands', headers: { host: 'cows.test', ...headers }, payload: body })

interface Message { response_type: string, text: string, skip_slack_parsing: boolean }

async function command (app: FastifyInstance, typed: string, name = '/cowsay'): Promise<Message> {
  const response = await post(app, mattermostBody(typed, name))
  if (response.statusCode !== 200) throw new Error(`${response.statusCode}: ${response.body}`)
  return response.json()
}

const NO_COW = /\^__\^|response_type|```/
const readCow = (text: string): ReturnType<typeof readFenced> => readFenced(text, /^(http:\/\/cows\.test\/\S*)$/)

t.test('POST /mattermost/commands is off (404) without a token', async (t) => {
  const app = await build(t)
  const response = await post(app, mattermostBody('hello'), { ...mattermostHeaders(), accept: ACCEPT.json })
  t.equal(response.statusCode, 404)
  t.notMatch(response.body, NO_COW)
})

t.test('a command with its token posts the cow in the channel, with its link', async (t) => {
  const app = await buildChatApp(t)
  const response = await post(app, mattermostBody('hello world'))
  t.equal(response.statusCode, 200)
  t.equal(response.headers['content-type'], 'application/json; charset=utf-8')
  t.equal(response.headers['cache-control'], 'no-store')
  t.equal(response.body, JSON.stringify({
    response_type: 'in_channel',
    text: '```\n _____________\n< hello world >\n -------------\n        \\   ^__^\n         \\  (oo)\\_______\n            (__)\\       )\\/\\\n                ||----w |\n                ||     ||\n```\nhttp://cows.test/say/hello%20world',
    skip_slack_parsing: true
  }))
})

t.test('a request without the command\'s token gets 401 and no cow', async (t) => {
  const app = await buildChatApp(t)
  const form = { 'content-type': 'application/x-www-form-urlencoded', accept: ACCEPT.json }
  const cases: Array<[name: string, body: string, headers: Record<string, string>, reason: RegExp]> = [
    ['no token anywhere', mattermostBody('hi').replace(/&token=[^&]*/, ''), form, /token is missing/],
    ['a guessed token in both', mattermostBody('hi', '/cowsay', 'guessed'), { ...mattermostHeaders('guessed'), accept: ACCEPT.json }, /not the command's token/],
    ['the right form token, a wrong header', mattermostBody('hi'), { ...mattermostHeaders('guessed'), accept: ACCEPT.json }, /not the command's token/],
    ['a wrong form token, the right header', mattermostBody('hi', '/cowsay', 'guessed'), { ...mattermostHeaders(), accept: ACCEPT.json }, /not the command's token/],
    ['a Bearer header', mattermostBody('hi'), { ...form, authorization: `Bearer ${MATTERMOST_TOKEN}` }, /not "Token"/],
    ['a broken form and no header', 'text=%ZZ', form, /token is missing/]
  ]
  for (const [name, payload, headers, reason] of cases) {
    const response = await post(app, payload, headers)
    t.equal(response.statusCode, 401, `${name}: 401`)
    t.match(response.json().message, reason, `${name}: ${response.json().message}`)
    t.notMatch(response.body, NO_COW, `${name}: no cow`)
    t.notMatch(response.body, /xr3j5x3p|guessed/, `${name}: no token in the answer`)
  }
  const fieldOnly = await post(app, mattermostBody('hi'), { 'content-type': 'application/x-www-form-urlencoded' })
  t.equal(fieldOnly.statusCode, 200, 'the form field alone is enough')
})

t.test('every option draws what the web draws at the link, and text arrives as typed', async (t) => {
  const app = await buildChatApp(t)
  const cases: TypedCommand[] = [
    ['hello world', '/cowsay', '/say/hello%20world'],
    ['-f tux -d hi', '/cowsay', '/say/hi?cow=tux&mode=dead'],
    ['-e ^^ -T U -W 10 a few words to wrap', '/cowsay', '/say/a%20few%20words%20to%20wrap?eyes=%5E%5E&tongue=U&width=10'],
    ['-n keep\n   this', '/cowsay', '/say/keep%0A%20%20%20this?nowrap=1'],
    ['think hmm', '/cowsay', '/think/hmm'],
    ['hmm', '/cowthink', '/think/hmm'],
    ['--cow=moose --width=30 hi', '/cowsay', '/say/hi?cow=moose&width=30'],
    ['&amp; &lt; <b>', '/cowsay', '/say/%26amp%3B%20%26lt%3B%20%3Cb%3E'],
    ['🐄 中文', '/cowsay', '/say/%F0%9F%90%84%20%E4%B8%AD%E6%96%87'],
    ['--fortune=literature/2 --nowrap=0', '/cowsay', '/fortune/literature/2?nowrap=0']
  ]
  await expectDrawnAsOnTheWeb(t, app, cases, async (typed, name) => await command(app, typed, name), readCow)
})

t.test('help, cows and mistakes answer the user alone; another command draws nothing', async (t) => {
  const app = await buildChatApp(t)
  const help = await command(app, 'help')
  t.equal(help.response_type, 'ephemeral')
  t.match(help.text, /\*\*\/cowsay hello world\*\*/)
  const cows = await command(app, 'cows')
  t.equal(cows.response_type, 'ephemeral')
  t.match(cows.text, /See them all: http:\/\/cows\.test\/cows$/)
  const webMessage = async (url: string): Promise<string> => (await app.inject({ url, headers: { accept: ACCEPT.json } })).json().message
  for (const [typed, message] of [
    ['-f nope hi', await webMessage('/say/hi?cow=nope')],
    ['a'.repeat(1001), await webMessage('/say/' + 'a'.repeat(1001))],
    ['-W 500 hi', 'Invalid option -W "500": it must be a whole number from 2 to 200']
  ] as const) {
    const answer = await command(app, typed)
    t.same(answer, { response_type: 'ephemeral', text: message.replace(/[\\`*_~|[\]<>#]/g, (c) => '\\' + c), skip_slack_parsing: true }, quote(typed.slice(0, 20)))
  }
  const other = await command(app, 'hi', '/rm')
  t.same(other, { response_type: 'ephemeral', text: '"/rm" is not a command of this app: it answers /cowsay and /cowthink', skip_slack_parsing: true })
})

t.test('user text cannot leave the code block or notify anyone', async (t) => {
  const app = await buildChatApp(t)
  for (const typed of ['```', '``` @channel ```', '@all @here @channel', '<!channel>', '[x](https://evil.example)']) {
    const answer = await command(app, typed)
    t.equal(answer.text.match(/```/g)?.length, 2, `${quote(typed)}: one code block`)
    t.notMatch(answer.text, /@(channel|here|all)/, `${quote(typed)}: no channel mention`)
    const { drawing, permalink } = readCow(answer.text)
    t.equal(drawing, await webDrawing(app, permalink), `${quote(typed)}: drawn as typed`)
  }
})

t.test('bodies that are too big, of another type or broken get 413, 415 and 400', async (t) => {
  const app = await buildChatApp(t)
  const json = { ...mattermostHeaders(), accept: ACCEPT.json }
  const cases: Refusal[] = [
    ['over the body limit', mattermostBody('x'.repeat(17 * 1024)), json, 413, /too large/],
    ['JSON', '{"text":"hi"}', { ...json, 'content-type': 'application/json' }, 415, /Unsupported content type/],
    ['malformed percent-encoding', 'command=%2Fcowsay&text=%ZZ', json, 400, /Malformed percent-encoding/],
    ['a field given twice', 'command=%2Fcowsay&text=a&text=b', json, 400, /given more than once/],
    ['no command', 'text=hi', json, 400, /"command" is missing/]
  ]
  await expectRefusals(t, cases, async (body, headers) => await post(app, body, headers), NO_COW)
})

t.test('the documented example answer is the one the app gives', async (t) => {
  const example = docsExample('docs/chat/mattermost.md', 'What it answers')
  t.ok(example, 'docs/chat/mattermost.md shows an example answer')
  const app = await buildChatApp(t, { publicUrl: 'https://cowsay.example' })
  t.equal((await post(app, mattermostBody('hello world'))).body, example)
})

t.test('mattermost/slash-commands.json points both commands at this endpoint', async (t) => {
  const { readFileSync } = await import('node:fs')
  const settings = JSON.parse(readFileSync(new URL('../../mattermost/slash-commands.json', import.meta.url), 'utf8')) as { commands: Array<Record<string, unknown>> }
  t.same(settings.commands.map((command) => command.trigger), ['cowsay', 'cowthink'])
  const app = await buildChatApp(t)
  for (const declared of settings.commands) {
    t.equal(declared.url, 'https://YOUR-HOST/mattermost/commands', `${String(declared.trigger)}: the placeholder docs/chat/mattermost.md tells you to replace`)
    t.equal(declared.method, 'P', 'POST, as the endpoint takes it')
    for (const flag of ['-f', '-e', '-T', '-W', '-n', 'help', 'cows']) t.match(declared.auto_complete_hint, flag, `${String(declared.trigger)}: the hint shows ${flag}`)
    const answer = await command(app, 'hi', '/' + String(declared.trigger))
    t.equal(answer.response_type, 'in_channel', `/${String(declared.trigger)} draws`)
  }
})
