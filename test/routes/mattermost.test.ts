import t from 'tap'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { ACCEPT } from '../helper.js'
import { buildChatApp, readFenced, webDrawing } from '../support/chat.js'
import { mattermostBody, mattermostHeaders } from '../support/mattermost.js'
import { quote } from '../support/quote.js'

const post = (app: FastifyInstance, body: string | Buffer, headers: Record<string, string> = mattermostHeaders()): Promise<LightMyRequestResponse> =>
  app.inject({ method: 'POST', url: '/mattermost/commands', headers: { host: 'cows.test', ...headers }, payload: body })

interface Message { response_type: string, text: string, skip_slack_parsing: boolean }

async function command (app: FastifyInstance, typed: string, name = '/cowsay'): Promise<Message> {
  const response = await post(app, mattermostBody(typed, name))
  if (response.statusCode !== 200) throw new Error(`${response.statusCode}: ${response.body}`)
  return response.json()
}

const readCow = (text: string): ReturnType<typeof readFenced> => readFenced(text, /^(http:\/\/cows\.test\/\S*)$/)

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
