import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { DEFAULT_OPTIONS, renderCow } from '../../src/cowsay/index.js'
import { fortuneAt } from '../../src/fortunes/index.js'
import { buildChatApp, readFenced, webDrawing } from '../support/chat.js'
import { autocompleteInteraction, commandInteraction, discordHeaders } from '../support/discord.js'
import { commandBody, signedHeaders, SECRET } from '../support/slack.js'

/*
 * `--fortune` (and Discord's `fortune` option), declared once beside the chat command reader:
 * every platform draws `fortune | cowsay -n` with it, the reply carrying the fortune's own link.
 */

async function slack (app: FastifyInstance, typed: string): Promise<{ response_type: string, text: string }> {
  const body = commandBody(typed)
  const response = await app.inject({ method: 'POST', url: '/slack/commands', headers: { host: 'cows.test', ...signedHeaders(body) }, payload: body })
  t.equal(response.statusCode, 200, typed)
  return response.json()
}

async function discord (app: FastifyInstance, body: string): Promise<{ type: number, data: { content?: string, flags?: number, choices?: Array<{ value: string }> } }> {
  const response = await app.inject({ method: 'POST', url: '/discord/interactions', headers: { host: 'cows.test', ...discordHeaders(body) }, payload: body })
  return response.json()
}

const unescape = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')

t.test('--fortune in a typed command: the fortune drawn, its own link, every flag applying', async t => {
  const app = await buildChatApp(t, { slackSigningSecret: SECRET })
  const rows: Array<[typed: string, link: RegExp, options: Partial<typeof DEFAULT_OPTIONS>]> = [
    ['--fortune=riddles/13', /^https?:\/\/cows\.test\/fortune\/riddles\/13$/, {}],
    ['-f tux --fortune=riddles/13', /\/fortune\/riddles\/13\?cow=tux$/, { cow: 'tux' }],
    ['--fortune=riddles/13 --nowrap=0 -W 30', /\/fortune\/riddles\/13\?width=30&nowrap=0$/, { nowrap: false, width: 30 }],
    ['think --fortune=riddles/13', /\/fortune\/riddles\/13\?action=think$/, { action: 'think' }]
  ]
  for (const [typed, link, options] of rows) {
    const answer = await slack(app, typed)
    t.equal(answer.response_type, 'in_channel', typed)
    const { drawing, permalink } = readFenced(unescape(answer.text))
    t.match(permalink, link, `${typed}: the fortune's link`)
    t.equal(drawing, renderCow(fortuneAt('riddles', 13)?.text ?? '', { ...DEFAULT_OPTIONS, nowrap: true, ...options }), `${typed}: as fortune | cowsay -n`)
    t.equal(drawing, await webDrawing(app, permalink), `${typed}: what the link shows`)
  }
  for (const typed of ['--fortune', '--fortune=literature']) {
    const { permalink } = readFenced(unescape((await slack(app, typed)).text))
    t.match(permalink, typed === '--fortune' ? /\/fortune\/\w+\/\d+$/ : /\/fortune\/literature\/\d+$/, `${typed}: a random pick, named by its link`)
  }
  const mistakes: Array<[typed: string, message: RegExp]> = [
    ['--fortune=nosuch', /Unknown fortune database "nosuch": there are fortunes, literature, riddles/],
    ['--fortune=riddles/999', /No fortune "999" in riddles: it holds 128, riddles\/1 to riddles\/128/],
    ['--fortune=../../etc/passwd', /Unknown fortune database/],
    ['--fortune hello', /--fortune draws a fortune: leave out the message/]
  ]
  for (const [typed, message] of mistakes) {
    const answer = await slack(app, typed)
    t.equal(answer.response_type, 'ephemeral', `${typed}: for the user alone`)
    t.match(unescape(answer.text), message, typed)
  }
  t.match((await slack(app, 'help')).text, '`--fortune` draws a fortune instead of a message', 'the usage names it')
})

t.test('Discord\'s fortune option, declared with the others', async t => {
  const app = await buildChatApp(t)
  const answer = await discord(app, commandInteraction('cowsay', { fortune: 'riddles/13', cow: 'tux' }))
  const { drawing, permalink } = readFenced(answer.data.content ?? '')
  t.match(permalink, /\/fortune\/riddles\/13\?cow=tux$/)
  t.equal(drawing, await webDrawing(app, permalink), 'the web\'s drawing at its link')
  const random = await discord(app, commandInteraction('cowsay', { fortune: 'random' }))
  t.match(readFenced(random.data.content ?? '').permalink, /\/fortune\/\w+\/\d+$/)
  const mistake = await discord(app, commandInteraction('cowsay', { fortune: 'nosuch' }))
  t.equal(mistake.data.flags, 64, 'a mistake answers the user alone')
  t.match(mistake.data.content, /Unknown fortune database "nosuch"/)
})

t.test('the offensive cows are hidden from chat: autocompletion, help, and by name', async t => {
  const app = await buildChatApp(t, { slackSigningSecret: SECRET })
  for (const typed of ['bo', 'mut', 'bea', 'tele']) {
    const choices = (await discord(app, autocompleteInteraction(typed))).data.choices?.map(({ value }) => value) ?? []
    t.same(choices.filter((cow) => ['bong', 'mutilated', 'beavis.zen', 'telebears'].includes(cow)), [], `"${typed}" completes to no offensive cow`)
  }
  const cows = unescape((await slack(app, 'cows')).text)
  t.notMatch(cows, /\bbong\b|mutilated|beavis|telebears/, 'the cows command does not list them')
  t.match(cows, /\btux\b/)
  t.match(unescape((await slack(app, '-f bong moo')).text), /Unknown cow "bong"/, 'by name, answered as an unknown cow')

  const shown = await buildChatApp(t, { slackSigningSecret: SECRET, offensive: true })
  t.ok((await discord(shown, autocompleteInteraction('bong'))).data.choices?.some(({ value }) => value === 'bong'), 'OFFENSIVE=on completes it')
})
