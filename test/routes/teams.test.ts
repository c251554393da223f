import t from 'tap'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { ACCEPT } from '../helper.js'
import { buildChatApp } from '../support/chat.js'
import { teamsHeaders, teamsMessage } from '../support/teams.js'

const post = (app: FastifyInstance, body: string | Buffer, headers: Record<string, string> = teamsHeaders(body)): Promise<LightMyRequestResponse> =>
  app.inject({ method: 'POST', url: '/teams/messages', headers: { host: 'cows.test', ...headers }, payload: body })

async function mention (app: FastifyInstance, typed: string): Promise<{ type: string, text: string }> {
  const response = await post(app, teamsMessage(typed))
  if (response.statusCode !== 200) throw new Error(`${response.statusCode}: ${response.body}`)
  return response.json()
}

t.test('help, cows and mistakes are answered in the thread', async (t) => {
  const app = await buildChatApp(t)
  t.match((await mention(app, '')).text, /\*\*@Cowsay hello world\*\*/, 'a bare mention gets usage, naming the webhook')
  t.match((await mention(app, 'help')).text, /\*\*@Cowsay hello world\*\*/)
  t.match((await mention(app, 'cows')).text, /See them all: http:\/\/cows\.test\/cows$/)
  const web = (await app.inject({ url: '/say/hi?cow=nope', headers: { accept: ACCEPT.json } })).json().message
  t.match(web, /^Unknown cow "nope": see \/cows/)
  t.same(await mention(app, '-f nope hi'), { type: 'message', text: web }, 'a mistake in the web\'s words')
})
