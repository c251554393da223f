import t from 'tap'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { verifyKey } from 'discord-interactions'
import { MODES, OPTION_LIST, listCows } from '../../src/cowsay/index.js'
import { discordCommands } from '../../src/chat/discord/commands.js'
import { ACCEPT } from '../helper.js'
import { NOW_SECONDS, buildChatApp, readFenced, webDrawing } from '../support/chat.js'
import { KEYS, autocompleteInteraction, commandInteraction, discordHeaders, discordKeys, ping, signInteraction } from '../support/discord.js'
import { quote } from '../support/quote.js'

const post = (app: FastifyInstance, body: string | Buffer, headers: Record<string, string> = discordHeaders(body)): Promise<LightMyRequestResponse> =>
  app.inject({ method: 'POST', url: '/discord/interactions', headers: { host: 'cows.test', ...headers }, payload: body })

interface Message { content: string, flags?: number, allowed_mentions: { parse: string[] }, attachments?: Array<{ id: number, filename: string, description: string }> }

/** Runs a slash command as Discord would send it, and reads the message it answers with. */
async function command (app: FastifyInstance, options: Record<string, string | number | boolean>, name = 'cowsay'): Promise<Message> {
  const response = await post(app, commandInteraction(name, options))
  if (response.statusCode !== 200) throw new Error(`${response.statusCode}: ${response.body}`)
  const answer = response.json()
  if (answer.type !== 4) throw new Error(`not a message: ${response.body}`)
  return answer.data
}

const NO_COW = /\^__\^|"type":4|```/

t.test('a PING is answered with a PONG', async (t) => {
  const app = await buildChatApp(t)
  const response = await post(app, ping())
  t.equal(response.statusCode, 200)
  t.equal(response.headers['content-type'], 'application/json; charset=utf-8')
  t.equal(response.headers['cache-control'], 'no-store')
  t.equal(response.body, '{"type":1}')
})

t.test('the endpoint accepts exactly what discord-interactions\' verifyKey accepts', async (t) => {
  const app = await buildChatApp(t)
  const other = discordKeys()
  let accepted = 0
  for (let i = 0; i < 12; i++) {
    const body = commandInteraction('cowsay', { message: `moo ${i}` })
    const stamp = String(NOW_SECONDS - i)
    // Half signed right, the rest forged in a different way each.
    const forgeries = [
      () => signInteraction(body, stamp),
      () => signInteraction(body, stamp, other.privateKey),
      () => signInteraction(body + ' ', stamp),
      () => signInteraction(body, String(NOW_SECONDS - i - 1))
    ]
    const signature = (i % 2 === 0 ? forgeries[0] : forgeries[1 + (i % 3)])?.() ?? ''
    const independent = await verifyKey(body, signature, stamp, KEYS.publicKey)
    const response = await post(app, body, { 'content-type': 'application/json', 'x-signature-timestamp': stamp, 'x-signature-ed25519': signature })
    t.equal(response.statusCode === 200, independent, `request ${i}: ours ${response.statusCode}, discord-interactions ${independent ? 'accepts' : 'refuses'}`)
    if (independent) accepted++
  }
  t.equal(accepted, 6, 'both accept the six signed right')
})

t.test('a well-signed interaction replayed is refused', async (t) => {
  const app = await buildChatApp(t)
  const body = commandInteraction('cowsay', { message: 'once' })
  t.equal((await post(app, body)).statusCode, 200)
  const again = await post(app, body, { ...discordHeaders(body), accept: ACCEPT.json })
  t.equal(again.statusCode, 401)
  t.match(again.json().message, /already answered/)
  t.notMatch(again.body, NO_COW)
})

t.test('a coloured cow comes in an ansi code block, with the colours the terminal gets at its link', async (t) => {
  const app = await buildChatApp(t)
  for (const color of ['red', 'rainbow,bold']) {
    const answer = await command(app, { message: 'hi', color })
    const { drawing, permalink, language } = readFenced(answer.content)
    t.equal(language, 'ansi', `${color}: an ansi block, which Discord draws in colour`)
    t.match(drawing, /\u001b\[[0-9;]*m/, `${color}: the drawing carries its SGR escapes`)
    t.equal(drawing, await webDrawing(app, permalink), `${color}: the same bytes as curl gets at ${permalink}`)
  }
})

t.test('cow: random posts a concrete cow, and links to it', async (t) => {
  const app = await buildChatApp(t)
  const cows = new Set<string>()
  for (let i = 0; i < 8; i++) {
    const response = await post(app, commandInteraction('cowsay', { message: 'hi', cow: 'random' }))
    // A few cows are too big for a message: those come as pictures (tested below).
    if (response.headers['content-type']?.toString().startsWith('multipart/') === true) continue
    const { drawing, permalink } = readFenced(response.json().data.content)
    const cow = new URL(permalink).searchParams.get('cow') ?? 'default'
    cows.add(cow)
    t.equal(drawing, await webDrawing(app, permalink), `${cow}: the link shows the same cow`)
  }
  t.ok(cows.size > 1, `random picks different cows (${cows.size} in 8)`)
})

t.test('a drawing over 2,000 characters comes as its PNG, attached, with the link', async (t) => {
  const app = await buildChatApp(t)
  // golden-eagle saying "hello" is 2,864 characters.
  const response = await post(app, commandInteraction('cowsay', { message: 'hello', cow: 'golden-eagle' }))
  t.equal(response.statusCode, 200)
  const contentType = response.headers['content-type'] ?? ''
  t.match(contentType, /^multipart\/form-data; boundary=/)
  const form = await new Response(response.rawPayload, { headers: { 'content-type': String(contentType) } }).formData()
  const payload = JSON.parse(await (form.get('payload_json') as Blob).text())
  const permalink = 'http://cows.test/say/hello?cow=golden-eagle'
  t.same(payload, {
    type: 4,
    data: {
      content: `<${permalink}>`,
      allowed_mentions: { parse: [] },
      attachments: [{ id: 0, filename: 'cow.png', description: 'The golden-eagle says: hello' }]
    }
  })
  const file = form.get('files[0]') as File
  t.equal(file.name, 'cow.png')
  t.equal(file.type, 'image/png')
  const png = Buffer.from(await file.arrayBuffer())
  const web = await app.inject({ url: new URL(permalink).pathname + new URL(permalink).search, headers: { accept: 'image/png' } })
  t.equal(web.statusCode, 200)
  t.ok(png.equals(web.rawPayload), `the attached PNG (${png.length} bytes) is the web's picture at the link`)

  const long = await post(app, commandInteraction('cowsay', { message: 'a'.repeat(1000), width: 2 }))
  t.match(long.headers['content-type'], /^multipart\/form-data/, 'the longest drawing too')
  const longForm = await new Response(long.rawPayload, { headers: { 'content-type': String(long.headers['content-type']) } }).formData()
  const description = JSON.parse(await (longForm.get('payload_json') as Blob).text()).data.attachments[0].description
  t.equal(description, ('The cow says: ' + 'a'.repeat(1000)).slice(0, 1024), 'its description within Discord\'s 1,024 characters')
})

t.test('the cow option completes cow names, best first, 25 at most', async (t) => {
  const app = await buildChatApp(t)
  const complete = async (typed: string, name?: string): Promise<string[]> => {
    const response = await post(app, autocompleteInteraction(typed, name))
    t.equal(response.statusCode, 200)
    const answer = response.json()
    t.equal(answer.type, 8, 'autocomplete result')
    for (const choice of answer.data.choices) t.equal(choice.name, choice.value, 'shown as it is sent')
    return answer.data.choices.map((choice: { value: string }) => choice.value)
  }
  const all = await complete('')
  t.equal(all.length, 25, 'nothing typed: 25 names')
  t.same(all.slice(0, 2), ['default', 'random'], 'the default cow first')
  t.same(await complete('tux'), ['tux', ...listCows().filter((cow) => cow !== 'tux' && cow.includes('tux'))].slice(0, 25), 'the exact name first')
  const dragon = await complete('drag')
  t.equal(dragon[0], 'dragon', 'the shortest name that starts with it first')
  t.ok(dragon.every((name) => name.includes('drag')), 'every one contains what was typed')
  t.ok(dragon.indexOf('dragon-and-cow') < dragon.length && dragon.includes('dragon-and-cow'))
  t.same(await complete('DRAGON'), await complete('dragon'), 'case does not matter')
  t.same(await complete('zzzz'), [], 'no cow, no choice')
  t.same(await complete('ran', 'cowthink'), ['random'], '"random" is offered too')
  for (const typed of ['a', 'e', 'o']) t.ok((await complete(typed)).length <= 25, `"${typed}": at most 25`)
})

t.test('mistakes are answered to the user alone, in the web\'s words', async (t) => {
  const app = await buildChatApp(t)
  const webMessage = async (url: string): Promise<string> => (await app.inject({ url, headers: { accept: ACCEPT.json } })).json().message
  const cases: Array<[options: Record<string, string | number | boolean>, message: string]> = [
    [{ message: 'hi', cow: 'nope' }, await webMessage('/say/hi?cow=nope')],
    [{ message: 'hi', cow: '../../etc/passwd' }, await webMessage('/say/hi?cow=..%2F..%2Fetc%2Fpasswd')],
    [{ message: 'a'.repeat(1001) }, await webMessage('/say/' + 'a'.repeat(1001))],
    [{ message: 'bell\u0007' }, await webMessage('/say/bell%07')],
    [{ message: 'hi', eyes: 'ooo' }, 'Invalid option eyes "ooo": it must be 1 or 2 characters, not control characters'],
    [{ message: 'hi', width: 500 }, 'Invalid option width "500": it must be a whole number from 2 to 200'],
    [{ message: 'hi', mode: 'sleepy' }, 'Invalid option mode "sleepy": it must be one of borg, dead, greedy, paranoid, stoned, tired, wired, youthful'],
    [{ message: 'hi', colour: 'red' }, 'Unknown option "colour"']
  ]
  for (const [options, message] of cases) {
    const answer = await command(app, options)
    t.same(answer, { content: message.replace(/[\\`*_~|[\]<>#]/g, (c) => '\\' + c), flags: 64, allowed_mentions: { parse: [] } }, `${JSON.stringify(options).slice(0, 40)}: ${message.slice(0, 60)}`)
    t.notMatch(answer.content, NO_COW)
  }
  t.match(cases[0]?.[1], /^Unknown cow "nope": see \/cows/, 'the web\'s message is the one we expect')
})

t.test('help and cows answer the user alone; another command draws nothing', async (t) => {
  const app = await buildChatApp(t)
  const help = await command(app, { message: 'help' })
  t.equal(help.flags, 64)
  t.match(help.content, /\*\*\/cowsay hello world\*\*/)
  const cows = await command(app, { message: 'cows' }, 'cowthink')
  t.equal(cows.flags, 64)
  t.ok(cows.content.length <= 2000, `${cows.content.length} characters: one message`)
  t.match(cows.content, /^\d+ cows:\n```/)
  t.match(cows.content, /see them all: <http:\/\/cows\.test\/cows>$/)
  const other = await command(app, { message: 'hi' }, 'rm')
  t.same(other, { content: '"/rm" is not a command of this app: it answers /cowsay and /cowthink', flags: 64, allowed_mentions: { parse: [] } })
})

t.test('user text cannot leave the code block or ping anyone', async (t) => {
  const app = await buildChatApp(t)
  for (const message of ['```', '``` @everyone ```', '````\n**bold**\n````', '@everyone @here', '<@123456789012345678> <#123> <@&987>', '[click](https://evil.example)', '||spoiler|| ~~strike~~ > quote']) {
    for (const nowrap of [false, true]) {
      const answer = await command(app, { message, nowrap })
      t.equal(answer.content.match(/```/g)?.length, 2, `${quote(message)}: one code block`)
      t.notMatch(answer.content, /@(everyone|here)/, `${quote(message)}: no @everyone`)
      t.same(answer.allowed_mentions, { parse: [] }, 'and Discord is told to ping nobody')
      const { drawing, permalink } = readFenced(answer.content)
      t.equal(drawing, await webDrawing(app, permalink), `${quote(message)}: drawn as typed`)
    }
  }
})

t.test('the registered commands are the ones the endpoint answers', async (t) => {
  const commands = discordCommands()
  t.same(commands.map((c) => c.name), ['cowsay', 'cowthink'])
  for (const command of commands) {
    t.ok(command.description.length >= 1 && command.description.length <= 100, `${command.name}: a description Discord takes`)
    const options = command.options ?? []
    t.same(options.map((o) => o.name), ['message', ...OPTION_LIST.map((o) => o.name), 'fortune'], `${command.name}: the option table's options, message first, then the chat's own fortune`)
    for (const name of ['cow', 'mode', 'eyes', 'tongue', 'width', 'nowrap']) t.ok(options.some((o) => o.name === name), `${command.name}: ${name}`)
    for (const option of options) {
      t.match(option.name, /^[-_\p{Ll}\p{N}]{1,32}$/u, `${option.name}: a name Discord takes`)
      t.ok(option.description.length >= 1 && option.description.length <= 100, `${option.name}: ${option.description.length} characters of description`)
    }
    // Not required since a fortune may be drawn instead: an empty message says "moo", as on the web.
    t.match(options[0], { name: 'message' })
    t.notOk((options[0] as { required?: boolean }).required, 'the message may be left out for a fortune')
    t.same((options.find((o) => o.name === 'fortune') as { choices: unknown }).choices, ['random', 'fortunes', 'literature', 'riddles'].map((value) => ({ name: value, value })), 'fortune offers random and the databases')
    t.match(options.find((o) => o.name === 'cow'), { autocomplete: true })
    t.same((options.find((o) => o.name === 'mode') as { choices: unknown }).choices, MODES.map((mode) => ({ name: mode, value: mode })), 'mode offers its choices')
    t.match(options.find((o) => o.name === 'width'), { type: 4, min_value: 2, max_value: 200 })
    t.match(options.find((o) => o.name === 'nowrap'), { type: 5 })
  }
})
