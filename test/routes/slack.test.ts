import t from 'tap'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { listCows } from '../../src/cowsay/index.js'
import { ACCEPT } from '../helper.js'
import { webDrawing } from '../support/chat.js'
import { quote } from '../support/quote.js'
import { SLACK_EXAMPLE, buildSlackApp, commandBody, readSlackCow as readCow, signedHeaders } from '../support/slack.js'

const post = (app: FastifyInstance, body: string | Buffer, headers: Record<string, string> = signedHeaders(body)): Promise<LightMyRequestResponse> =>
  app.inject({ method: 'POST', url: '/slack/commands', headers: { host: 'cows.test', ...headers }, payload: body })

/** Sends what the user typed after the command, signed as Slack signs it, and reads Slack's JSON. */
async function command (app: FastifyInstance, typed: string, name = '/cowsay'): Promise<{ response_type: string, text: string, mrkdwn?: boolean }> {
  const response = await post(app, commandBody(typed, name))
  if (response.statusCode !== 200) throw new Error(`${response.statusCode}: ${response.body}`)
  return response.json()
}

const NO_COW = /\^__\^|response_type|```/

t.test('Slack\'s documented example verifies, with the clock at its timestamp', async (t) => {
  const then = await buildSlackApp(t, { slackSigningSecret: SLACK_EXAMPLE.secret }, Number(SLACK_EXAMPLE.timestamp))
  const headers = {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': SLACK_EXAMPLE.timestamp,
    'x-slack-signature': SLACK_EXAMPLE.signature
  }
  const response = await post(then, SLACK_EXAMPLE.body, headers)
  t.equal(response.statusCode, 200)
  t.equal(response.json().response_type, 'ephemeral', 'its empty text asks for usage')
  t.match(response.json().text, /\/webhook-collect hello world/, 'usage names the command as the workspace calls it')

  const today = await buildSlackApp(t, { slackSigningSecret: SLACK_EXAMPLE.secret })
  const replayed = await post(today, SLACK_EXAMPLE.body, { ...headers, accept: ACCEPT.json })
  t.equal(replayed.statusCode, 401, 'the same request later is a replay')
  t.match(replayed.json().message, /more than 5 minutes from now/)
})

t.test('Slack\'s certificate check (ssl_check=1) gets 200 without a signature', async (t) => {
  const app = await buildSlackApp(t)
  const body = 'ssl_check=1&token=gIkuvaNzQIHg97ATvDxqgjtO'
  const response = await post(app, body, { 'content-type': 'application/x-www-form-urlencoded' })
  t.equal(response.statusCode, 200)
  t.equal(response.body, '')
  const notACheck = await post(app, 'ssl_check=0&command=%2Fcowsay&text=hi', { 'content-type': 'application/x-www-form-urlencoded' })
  t.equal(notACheck.statusCode, 401, 'ssl_check=0 is an ordinary request')
  const smuggled = await post(app, 'ssl_check=1&command=%2Fcowsay&text=hi', { 'content-type': 'application/x-www-form-urlencoded' })
  t.equal(smuggled.statusCode, 200)
  t.notMatch(smuggled.body, NO_COW, 'a certificate check never draws a cow')
})

t.test('the Slack route\'s form parser is its own', async (t) => {
  const app = await buildSlackApp(t)
  // Pages refuse every other method before a body is read, so no form is parsed there.
  for (const url of ['/', '/say/hi']) {
    const response = await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', accept: ACCEPT.json }, payload: 'text=hi' })
    t.equal(response.statusCode, 405, `POST ${url}: refused, its form never parsed`)
  }
  // POST /say reads its form with its own strict parser: no signature asked, the fields are the query's.
  const say = await app.inject({ method: 'POST', url: '/say', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: ACCEPT.json }, payload: 'text=hi&cow=tux' })
  t.equal(say.statusCode, 200)
  t.equal(say.json().cow, 'tux')
  const unsigned = await app.inject({ method: 'POST', url: '/slack/commands', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: ACCEPT.json }, payload: 'command=%2Fcowsay&text=hi' })
  t.equal(unsigned.statusCode, 401, 'while Slack\'s route still asks for its signature')
  const elsewhere = await app.inject({ method: 'POST', url: '/nowhere', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: ACCEPT.json }, payload: 'text=hi' })
  t.equal(elsewhere.statusCode, 404, 'a form posted to no route is not parsed either')
})

t.test('-f random posts a concrete cow, and links to it', async (t) => {
  const app = await buildSlackApp(t)
  const cows = new Set<string>()
  for (let i = 0; i < 10; i++) {
    const { drawing, permalink } = readCow((await command(app, '-f random hi')).text)
    const cow = new URL(permalink).searchParams.get('cow') ?? 'default'
    t.not(cow, 'random')
    cows.add(cow)
    t.equal(drawing, await webDrawing(app, permalink), `${cow}: the link shows the same cow`)
  }
  t.ok(cows.size > 1, `random picks different cows (${cows.size} in 10)`)
})

t.test('help, no text and cows answer the user alone', async (t) => {
  const app = await buildSlackApp(t)
  for (const [typed, name] of [['', '/cowsay'], ['help', '/cowsay'], ['-h', '/cowsay'], ['help', '/cowthink']]) {
    const answer = await command(app, typed ?? '', name)
    t.equal(answer.response_type, 'ephemeral', `${name} ${quote(typed ?? '')}: ephemeral`)
    t.match(answer.text, new RegExp(`\\*${name} `), 'usage names the command')
    for (const flag of ['-f', '-b', '-d', '-g', '-p', '-s', '-t', '-w', '-y', '-e', '-T', '-W', '-n', '--cow', '--']) {
      t.ok(answer.text.includes('`' + flag), `usage shows ${flag}`)
    }
    t.notMatch(answer.text, /[<>]/, 'no markup')
  }
  for (const typed of ['cows', '-l']) {
    const answer = await command(app, typed)
    t.equal(answer.response_type, 'ephemeral')
    for (const cow of listCows()) t.ok(answer.text.includes(` ${cow} `) || answer.text.includes(`\n${cow} `) || answer.text.includes(` ${cow}\n`), `${typed} lists ${cow}`)
    t.match(answer.text, /See them all: <http:\/\/cows\.test\/cows>$/)
  }
})

t.test('mistakes are answered to the user alone, in the web\'s words', async (t) => {
  const app = await buildSlackApp(t)
  const webMessage = async (url: string): Promise<string> => (await app.inject({ url, headers: { accept: ACCEPT.json } })).json().message
  const cases: Array<[typed: string, message: string]> = [
    ['-f nope hi', await webMessage('/say/hi?cow=nope')],
    ['-f <!channel> hi', await webMessage('/say/hi?cow=%3C!channel%3E')],
    ['a'.repeat(1001), await webMessage('/say/' + 'a'.repeat(1001))],
    ['bell\u0007', await webMessage('/say/bell%07')],
    ['-W 500 hi', 'Invalid option -W "500": it must be a whole number from 2 to 200'],
    ['-q hi', 'Unknown option "-q": "/cowsay help" lists the options; put -- before a message that starts with -']
  ]
  for (const [typed, message] of cases) {
    const answer = await command(app, typed)
    t.same(answer, { response_type: 'ephemeral', text: message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'), mrkdwn: false }, `${quote(typed.slice(0, 30))}: ${message.slice(0, 60)}`)
  }
  t.match(cases[0]?.[1], /^Unknown cow "nope": see \/cows/, 'the web\'s message is the one we expect')
})

t.test('user text cannot leave the code block, ping anyone or format anything', async (t) => {
  const app = await buildSlackApp(t)
  const texts = [
    '```', '``` <!channel> ```', '````\n*bold*\n````', '<!channel>', '<!here> <!everyone>', '@channel @here', '<@U123> <#C123|general>',
    '<https://evil.example|click me>', '&amp; &lt; &gt;', '*bold* _italic_ ~strike~ `code` > quote', ':smile: :cow:'
  ]
  for (const text of texts) {
    for (const typed of [text, '-n ' + text]) {
      const answer = await command(app, typed)
      t.equal(answer.response_type, 'in_channel', quote(typed))
      t.equal(answer.text.match(/```/g)?.length, 2, `${quote(typed)}: one code block`)
      const { drawing, permalink } = readCow(answer.text)
      t.notMatch(answer.text.replace(/<http:\/\/cows\.test\/[^<>]*>$/, ''), /[<>]/, `${quote(typed)}: no Slack markup`)
      t.notMatch(answer.text, /@(channel|here|everyone)/, `${quote(typed)}: no @-mention`)
      t.match(answer.text, /```\n<http:\/\/cows\.test\/(say|think)[/?][A-Za-z0-9%_&;=?-]*>$/, `${quote(typed)}: only the percent-encoded link follows`)
      t.equal(drawing, await webDrawing(app, permalink), `${quote(typed)}: drawn as typed`)
    }
  }
})

t.test('the longest message fits, and longer is refused', async (t) => {
  const app = await buildSlackApp(t)
  for (const text of ['🐄'.repeat(1000), '&'.repeat(1000), '<'.repeat(1000), 'a'.repeat(1000)]) {
    const body = commandBody('-f dragon-and-cow -n -W 200 ' + text)
    t.ok(Buffer.byteLength(body) <= 16 * 1024, `${quote(text.slice(0, 2))} x 1000: ${Buffer.byteLength(body)} bytes, within the body limit`)
    const response = await post(app, body)
    t.equal(response.statusCode, 200)
    const answer = response.json()
    t.equal(answer.response_type, 'in_channel')
    // Slack truncates message text beyond 40,000 characters.
    t.ok(answer.text.length < 40_000, `${answer.text.length} characters of message text, under Slack's 40,000`)
    const { drawing, permalink } = readCow(answer.text)
    t.equal(drawing, await webDrawing(app, permalink), 'the whole drawing, as the web draws it')
  }
  const longer = await command(app, '🐄'.repeat(1001))
  t.same(longer, { response_type: 'ephemeral', text: 'Message too long: 1001 characters; the limit is 1000', mrkdwn: false })
})

t.test('PUBLIC_URL decides the link\'s origin', async (t) => {
  const app = await buildSlackApp(t, { publicUrl: 'https://cowsay.example' })
  t.equal(readCow((await command(app, 'hi')).text).permalink, 'https://cowsay.example/say/hi')
  t.match((await command(app, 'cows')).text, /<https:\/\/cowsay\.example\/cows>$/)
})

t.test('a command of another name is refused, not drawn as /cowsay', async (t) => {
  const app = await buildSlackApp(t)
  for (const typed of ['-rf /', 'hello', '-f tux hi']) {
    const answer = await command(app, typed, '/rm')
    t.same(answer, { response_type: 'ephemeral', text: '"/rm" is not a command of this app: it answers /cowsay and /cowthink', mrkdwn: false }, `/rm ${quote(typed)}`)
  }
  t.match((await command(app, 'help', '/rm')).text, /^\*\/rm hello world\*/, 'help still names it as it was called')
})
