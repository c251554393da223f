import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { Test } from 'tap'
import { MODES } from '../../src/cowsay/index.js'
import type { Config } from '../../src/config.js'
import { ACCEPT } from '../helper.js'
import { NOW_SECONDS, readFenced, type Refusal } from './chat.js'
import { commandInteraction, discordHeaders, discordKeys, ping, signInteraction } from './discord.js'
import { MATTERMOST_TOKEN, mattermostBody, mattermostHeaders } from './mattermost.js'
import { SECRET, commandBody, readSlackCow, sign, signedHeaders } from './slack.js'
import { teamsHeaders, teamsMessage } from './teams.js'
import { TELEGRAM_SECRET, telegramHeaders, telegramInline, telegramMessage } from './telegram.js'
import { FORGER, PROJECT_NUMBER, googleChatEvent, idTokenClaims, projectNumberClaims, sharedGoogleKeys, signToken } from './google-chat.js'
import { ZULIP_TOKEN, zulipHeaders, zulipMessage } from './zulip.js'

/**
 * What the chat route suite (test/routes/chat.test.ts) needs to know of each platform, by its
 * path: how it sends a command, how its answer is read, and its own cases for the checks every
 * platform passes. A platform declared in CHAT_PLATFORMS without a driver here fails that suite.
 */
export interface ChatDriver<Input = any> {
  /** What turns it on, beside the other platforms' secrets (test/support/chat.ts). */
  config?: Partial<Config>
  /** What turns it on that must be made first (Google's keys, published on loopback). */
  prepare?: () => Promise<Partial<Config>>
  /** A request for `input` (the typed text, or Discord's options) to `command`, as the platform sends it. */
  body: (input: Input, command?: string) => string
  /** Headers that verify `body`. */
  signed: (body: string | Buffer) => Record<string, string>
  /** Nothing of an answer may match this where no cow is drawn. */
  noCow: RegExp
  /** What is sent while the platform is off, and what the 404 must not hold. */
  off: { body: string, silent: RegExp }
  /** A 200 answer read: whether it is for the whole channel (undefined where the platform has no such choice), and its text. */
  message: (response: LightMyRequestResponse) => { inChannel: boolean | undefined, text: string }
  /** A posted cow: the drawing as the reader sees it, the link after it, and its code block's language where it has one. */
  readCow: (text: string) => { drawing: string, permalink: string, language?: string }
  /** `hello world`, posted: the exact answer. */
  hello: (t: Test, response: LightMyRequestResponse) => void
  /** Commands, the command's name, and the web path each must link to, drawn exactly as there. */
  drawn: ReadonlyArray<[input: Input, command: string, path: string]>
  /** Requests that are not from the platform: each 401 with its reason. */
  forged: () => Array<[name: string, body: string, headers: Record<string, string>, reason: RegExp]>
  /** What no refusal may repeat (a token sent in the request). */
  leaks?: RegExp
  /** The platform's own checks after its forgeries. */
  afterForged?: (t: Test, post: (body: string | Buffer, headers?: Record<string, string>) => Promise<LightMyRequestResponse>) => Promise<void>
  /** Bodies too big, of another type or broken: 413, 415, 400. */
  badBodies: () => Refusal[]
  afterBadBodies?: (t: Test, post: (body: string | Buffer, headers?: Record<string, string>) => Promise<LightMyRequestResponse>) => Promise<void>
  /** The docs page whose "What it answers" example the app must give, and the command it answers (with PUBLIC_URL https://cowsay.example). */
  docs: { page: string, body: string }
}

const ASK_JSON = { accept: ACCEPT.json }

const slack: ChatDriver<string> = {
  config: { slackSigningSecret: SECRET },
  body: (typed, command = '/cowsay') => commandBody(typed, command),
  signed: (body) => signedHeaders(body),
  noCow: /\^__\^|response_type|```/,
  off: { body: commandBody('hello'), silent: /\^__\^|response_type|```/ },
  message: (response) => { const answer = response.json(); return { inChannel: answer.response_type === 'in_channel', text: answer.text } },
  readCow: readSlackCow,
  hello (t, response) {
    t.equal(response.body, JSON.stringify({
      response_type: 'in_channel',
      text: '```\n' +
        ' _____________\n' +
        '&lt; hello world &gt;\n' +
        ' -------------\n' +
        '        \\   ^__^\n' +
        '         \\  (oo)\\_______\n' +
        '            (__)\\       )\\/\\\n' +
        '                ||----w |\n' +
        '                ||     ||\n' +
        '```\n' +
        '<http://cows.test/say/hello%20world>'
    }))
  },
  drawn: [
    ['hello world', '/cowsay', '/say/hello%20world'],
    ['-f tux hi', '/cowsay', '/say/hi?cow=tux'],
    ['-b hi', '/cowsay', '/say/hi?mode=borg'],
    ['-d hi', '/cowsay', '/say/hi?mode=dead'],
    ['-g hi', '/cowsay', '/say/hi?mode=greedy'],
    ['-p hi', '/cowsay', '/say/hi?mode=paranoid'],
    ['-s hi', '/cowsay', '/say/hi?mode=stoned'],
    ['-t hi', '/cowsay', '/say/hi?mode=tired'],
    ['-w hi', '/cowsay', '/say/hi?mode=wired'],
    ['-y hi', '/cowsay', '/say/hi?mode=youthful'],
    ['-e ^^ hi', '/cowsay', '/say/hi?eyes=%5E%5E'],
    ['-T U hi', '/cowsay', '/say/hi?tongue=U'],
    ['-W 10 a few words to wrap here', '/cowsay', '/say/a%20few%20words%20to%20wrap%20here?width=10'],
    ['-n keep\n   this   spacing', '/cowsay', '/say/keep%0A%20%20%20this%20%20%20spacing?nowrap=1'],
    ['think hmm', '/cowsay', '/think/hmm'],
    ['hmm', '/cowthink', '/think/hmm'],
    ['-f moose -d -e ** -T U -W 20 -n deep\nthought', '/cowthink', '/think/deep%0Athought?cow=moose&mode=dead&eyes=%2A%2A&tongue=U&width=20&nowrap=1'],
    ['--cow=tux --mode=stoned --eyes=oO --tongue=V --width=30 --nowrap hi', '/cowsay', '/say/hi?cow=tux&mode=stoned&eyes=oO&tongue=V&width=30&nowrap=1'],
    ['-f tux', '/cowsay', '/say/moo?cow=tux'],
    ['..', '/cowsay', '/say?text=%2E%2E'],
    ['🐄 中文 café', '/cowsay', '/say/%F0%9F%90%84%20%E4%B8%AD%E6%96%87%20caf%C3%A9'],
    ['-f tux --fortune=riddles/13', '/cowthink', '/fortune/riddles/13?action=think&cow=tux']
  ],
  forged () {
    const body = commandBody('hello')
    const now = String(NOW_SECONDS)
    const good = sign(SECRET, now, body)
    const form = { 'content-type': 'application/x-www-form-urlencoded', ...ASK_JSON }
    const at = (seconds: number): Record<string, string> => ({ ...form, 'x-slack-request-timestamp': String(seconds), 'x-slack-signature': sign(SECRET, String(seconds), body) })
    return [
      ['no signature headers', body, form, /Timestamp header is missing/],
      ['no timestamp', body, { ...form, 'x-slack-signature': good }, /Timestamp header is missing/],
      ['no signature', body, { ...form, 'x-slack-request-timestamp': now }, /Signature header is missing/],
      ['malformed timestamp', body, { ...form, 'x-slack-request-timestamp': 'now', 'x-slack-signature': good }, /not a number of seconds/],
      ['malformed signature', body, { ...form, 'x-slack-request-timestamp': now, 'x-slack-signature': good.toUpperCase() }, /not v0= and 64 hex digits/],
      ['signed with another secret', body, { ...signedHeaders(body, now, 'not-the-secret'), ...ASK_JSON }, /does not match/],
      ['stale: signed six minutes ago', body, at(NOW_SECONDS - 360), /more than 5 minutes/],
      ['from the future: six minutes ahead', body, at(NOW_SECONDS + 360), /more than 5 minutes/],
      ['an old request replayed', body, at(NOW_SECONDS - 24 * 3600), /more than 5 minutes/],
      ['body changed after signing', commandBody('hellO'), { ...signedHeaders(body), ...ASK_JSON }, /does not match/],
      ['field added after signing', body + '&ssl_check=0', { ...signedHeaders(body), ...ASK_JSON }, /does not match/],
      ['broken body, unsigned', 'text=%ZZ', form, /Timestamp header is missing/],
      ['empty body', '', { ...form, 'x-slack-request-timestamp': now, 'x-slack-signature': good }, /does not match/]
    ]
  },
  async afterForged (t, post) {
    const text = await post(commandBody('hello'), { 'content-type': 'application/x-www-form-urlencoded', accept: ACCEPT.text })
    t.equal(text.body, '401 Unauthorized: Not a request from Slack: the X-Slack-Request-Timestamp header is missing\n', 'in the client\'s format, through the one error handler')
  },
  badBodies () {
    const huge = commandBody('x'.repeat(16 * 1024))
    return [
      ['over the body limit', huge, { ...signedHeaders(huge), ...ASK_JSON }, 413, /too large/],
      ['JSON', '{"text":"hi"}', { ...signedHeaders('{"text":"hi"}'), 'content-type': 'application/json', ...ASK_JSON }, 415, /Unsupported content type/],
      ['plain text', 'text=hi', { ...signedHeaders('text=hi'), 'content-type': 'text/plain', ...ASK_JSON }, 415, /Unsupported content type/],
      ['multipart', 'x', { ...signedHeaders('x'), 'content-type': 'multipart/form-data; boundary=x', ...ASK_JSON }, 415, /Unsupported content type/],
      ['malformed percent-encoding', 'command=%2Fcowsay&text=%ZZ', { ...signedHeaders('command=%2Fcowsay&text=%ZZ'), ...ASK_JSON }, 400, /^Malformed percent-encoding in the form field "text"$/],
      ['percent-encoding that is not UTF-8', 'command=%2Fcowsay&text=%C0%AF', { ...signedHeaders('command=%2Fcowsay&text=%C0%AF'), ...ASK_JSON }, 400, /form field "text" is not valid UTF-8/],
      ['raw bytes that are not UTF-8', Buffer.from([0x74, 0x65, 0x78, 0x74, 0x3d, 0xff]), { ...signedHeaders(Buffer.from([0x74, 0x65, 0x78, 0x74, 0x3d, 0xff])), ...ASK_JSON }, 400, /form body is not valid UTF-8/],
      ['a field given twice', 'command=%2Fcowsay&text=a&text=b', { ...signedHeaders('command=%2Fcowsay&text=a&text=b'), ...ASK_JSON }, 400, /form field "text" is given more than once/],
      ['no command', 'text=hi', { ...signedHeaders('text=hi'), ...ASK_JSON }, 400, /form field "command" is missing/]
    ]
  },
  async afterBadBodies (t, post) {
    const withCharset = commandBody('hi')
    const charset = await post(withCharset, { ...signedHeaders(withCharset), 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' })
    t.equal(charset.statusCode, 200, 'a charset parameter is fine')
  },
  docs: { page: 'docs/chat/slack.md', body: commandBody('hello world') }
}

type DiscordOptions = Record<string, string | number | boolean>

const discord: ChatDriver<DiscordOptions> = {
  body: (options, command = 'cowsay') => commandInteraction(command, options),
  signed: (body) => discordHeaders(body),
  noCow: /\^__\^|"type":4|```/,
  off: { body: ping(), silent: /"type":1/ },
  message: (response) => { const { data } = response.json(); return { inChannel: data.flags === undefined, text: data.content } },
  readCow: (text) => readFenced(text),
  hello (t, response) {
    t.same(response.json().data, {
      content: '```\n' +
        ' _____________\n' +
        '< hello world >\n' +
        ' -------------\n' +
        '        \\   ^__^\n' +
        '         \\  (oo)\\_______\n' +
        '            (__)\\       )\\/\\\n' +
        '                ||----w |\n' +
        '                ||     ||\n' +
        '```\n' +
        '<http://cows.test/say/hello%20world>',
      allowed_mentions: { parse: [] }
    })
  },
  drawn: [
    [{ message: 'hello world' }, 'cowsay', '/say/hello%20world'],
    [{ message: 'hi', cow: 'tux' }, 'cowsay', '/say/hi?cow=tux'],
    ...MODES.map((mode): [DiscordOptions, string, string] => [{ message: 'hi', mode }, 'cowsay', `/say/hi?mode=${mode}`]),
    [{ message: 'hi', eyes: '^^' }, 'cowsay', '/say/hi?eyes=%5E%5E'],
    [{ message: 'hi', tongue: 'U' }, 'cowsay', '/say/hi?tongue=U'],
    [{ message: 'a few words to wrap here', width: 10 }, 'cowsay', '/say/a%20few%20words%20to%20wrap%20here?width=10'],
    [{ message: 'keep\n   this   spacing', nowrap: true }, 'cowsay', '/say/keep%0A%20%20%20this%20%20%20spacing?nowrap=1'],
    [{ message: 'wrapped as usual', nowrap: false }, 'cowsay', '/say/wrapped%20as%20usual'],
    [{ message: 'hmm' }, 'cowthink', '/think/hmm'],
    [{ message: 'deep\nthought', cow: 'moose', mode: 'dead', eyes: '**', tongue: 'U', width: 20, nowrap: true }, 'cowthink', '/think/deep%0Athought?cow=moose&mode=dead&eyes=%2A%2A&tongue=U&width=20&nowrap=1'],
    [{ message: 'think is just a word here' }, 'cowsay', '/say/think%20is%20just%20a%20word%20here'],
    [{ message: '-f tux is text here' }, 'cowsay', '/say/-f%20tux%20is%20text%20here'],
    [{ message: '..' }, 'cowsay', '/say?text=%2E%2E'],
    [{ message: '🐄 中文 café' }, 'cowsay', '/say/%F0%9F%90%84%20%E4%B8%AD%E6%96%87%20caf%C3%A9']
  ],
  forged () {
    const body = commandInteraction('cowsay', { message: 'hello' })
    const stamp = String(NOW_SECONDS)
    const json = { 'content-type': 'application/json', ...ASK_JSON }
    const good = signInteraction(body, stamp)
    return [
      ['no signature headers', body, json, /Timestamp header is missing/],
      ['no signature', body, { ...json, 'x-signature-timestamp': stamp }, /Ed25519 header is missing/],
      ['signed by another key', body, { ...discordHeaders(body, stamp, discordKeys().privateKey), ...ASK_JSON }, /does not match/],
      ['body changed after signing', body.replace('hello', 'hellO'), { ...discordHeaders(body), ...ASK_JSON }, /does not match/],
      ['stale: signed six minutes ago', body, { ...discordHeaders(body, String(NOW_SECONDS - 360)), ...ASK_JSON }, /more than 5 minutes/],
      ['from the future', body, { ...discordHeaders(body, String(NOW_SECONDS + 360)), ...ASK_JSON }, /more than 5 minutes/],
      ['garbage signature', body, { ...json, 'x-signature-timestamp': stamp, 'x-signature-ed25519': 'z'.repeat(128) }, /not 128 hex digits/],
      ['two signatures', body, { ...json, 'x-signature-timestamp': stamp, 'x-signature-ed25519': [good, good] as unknown as string }, /not 128 hex digits/]
    ]
  },
  badBodies () {
    const huge = commandInteraction('cowsay', { message: 'x'.repeat(33 * 1024) })
    return [
      ['over the body limit', huge, { ...discordHeaders(huge), ...ASK_JSON }, 413, /too large/],
      ['a form', 'type=1', { ...discordHeaders('type=1'), 'content-type': 'application/x-www-form-urlencoded', ...ASK_JSON }, 415, /Unsupported content type/],
      ['plain text', '{"type":1}', { ...discordHeaders('{"type":1}'), 'content-type': 'text/plain', ...ASK_JSON }, 415, /Unsupported content type/],
      ['not JSON, signed', '{type:1}', { ...discordHeaders('{type:1}'), ...ASK_JSON }, 400, /not JSON/],
      ['no type, signed', '{"id":"1"}', { ...discordHeaders('{"id":"1"}'), ...ASK_JSON }, 400, /no type/],
      ['a button press, signed', '{"id":"2","type":3}', { ...discordHeaders('{"id":"2","type":3}'), ...ASK_JSON }, 400, /type 3 are not answered/],
      ['options that are not a list, signed', '{"id":"3","type":2,"data":{"name":"cowsay","options":{}}}', { ...discordHeaders('{"id":"3","type":2,"data":{"name":"cowsay","options":{}}}'), ...ASK_JSON }, 400, /not a list/]
    ]
  },
  docs: { page: 'docs/chat/discord.md', body: commandInteraction('cowsay', { message: 'hello world', cow: 'tux' }) }
}

const readLinked = (text: string): ReturnType<typeof readFenced> => readFenced(text, /^(http:\/\/cows\.test\/\S*)$/)

const mattermost: ChatDriver<string> = {
  body: (typed, command = '/cowsay') => mattermostBody(typed, command),
  signed: () => mattermostHeaders(),
  noCow: /\^__\^|response_type|```/,
  off: { body: mattermostBody('hello'), silent: /\^__\^|response_type|```/ },
  message: (response) => { const answer = response.json(); return { inChannel: answer.response_type === 'in_channel', text: answer.text } },
  readCow: readLinked,
  hello (t, response) {
    t.equal(response.body, JSON.stringify({
      response_type: 'in_channel',
      text: '```\n _____________\n< hello world >\n -------------\n        \\   ^__^\n         \\  (oo)\\_______\n            (__)\\       )\\/\\\n                ||----w |\n                ||     ||\n```\nhttp://cows.test/say/hello%20world',
      skip_slack_parsing: true
    }))
  },
  drawn: [
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
  ],
  forged () {
    const form = { 'content-type': 'application/x-www-form-urlencoded', ...ASK_JSON }
    return [
      ['no token anywhere', mattermostBody('hi').replace(/&token=[^&]*/, ''), form, /token is missing/],
      ['a guessed token in both', mattermostBody('hi', '/cowsay', 'guessed'), { ...mattermostHeaders('guessed'), ...ASK_JSON }, /not the command's token/],
      ['the right form token, a wrong header', mattermostBody('hi'), { ...mattermostHeaders('guessed'), ...ASK_JSON }, /not the command's token/],
      ['a wrong form token, the right header', mattermostBody('hi', '/cowsay', 'guessed'), { ...mattermostHeaders(), ...ASK_JSON }, /not the command's token/],
      ['a Bearer header', mattermostBody('hi'), { ...form, authorization: `Bearer ${MATTERMOST_TOKEN}` }, /not "Token"/],
      ['a broken form and no header', 'text=%ZZ', form, /token is missing/]
    ]
  },
  leaks: /xr3j5x3p|guessed/,
  async afterForged (t, post) {
    const fieldOnly = await post(mattermostBody('hi'), { 'content-type': 'application/x-www-form-urlencoded' })
    t.equal(fieldOnly.statusCode, 200, 'the form field alone is enough')
  },
  badBodies: () => [
    ['over the body limit', mattermostBody('x'.repeat(17 * 1024)), { ...mattermostHeaders(), ...ASK_JSON }, 413, /too large/],
    ['JSON', '{"text":"hi"}', { ...mattermostHeaders(), ...ASK_JSON, 'content-type': 'application/json' }, 415, /Unsupported content type/],
    ['malformed percent-encoding', 'command=%2Fcowsay&text=%ZZ', { ...mattermostHeaders(), ...ASK_JSON }, 400, /Malformed percent-encoding/],
    ['a field given twice', 'command=%2Fcowsay&text=a&text=b', { ...mattermostHeaders(), ...ASK_JSON }, 400, /given more than once/],
    ['no command', 'text=hi', { ...mattermostHeaders(), ...ASK_JSON }, 400, /"command" is missing/]
  ],
  docs: { page: 'docs/chat/mattermost.md', body: mattermostBody('hello world') }
}

const teams: ChatDriver<string> = {
  body: (typed) => teamsMessage(typed),
  signed: (body) => teamsHeaders(body),
  noCow: /\^__\^|"type":"message"|```/,
  off: { body: teamsMessage('hello'), silent: /\^__\^|"type":"message"|```/ },
  message: (response) => ({ inChannel: undefined, text: response.json().text }),
  readCow: readLinked,
  hello (t, response) {
    t.equal(response.body, JSON.stringify({
      type: 'message',
      text: '```\n _____________\n< hello world >\n -------------\n        \\   ^__^\n         \\  (oo)\\_______\n            (__)\\       )\\/\\\n                ||----w |\n                ||     ||\n```\n\nhttp://cows.test/say/hello%20world'
    }))
  },
  drawn: [
    ['hello world', '@Cowsay', '/say/hello%20world'],
    ['-f tux -s hi', '@Cowsay', '/say/hi?cow=tux&mode=stoned'],
    ['think -W 12 a few words to wrap', '@Cowsay', '/think/a%20few%20words%20to%20wrap?width=12'],
    ['<b>not bold</b> &amp;', '@Cowsay', '/say/%3Cb%3Enot%20bold%3C%2Fb%3E%20%26amp%3B'],
    ['🐄 中文', '@Cowsay', '/say/%F0%9F%90%84%20%E4%B8%AD%E6%96%87']
  ],
  forged () {
    const body = teamsMessage('hello')
    const json = { 'content-type': 'application/json', ...ASK_JSON }
    const at = (seconds: number): string => teamsMessage('hello', { timestamp: new Date(seconds * 1000).toISOString() })
    const stale = at(NOW_SECONDS - 360)
    const ahead = at(NOW_SECONDS + 360)
    const undated = teamsMessage('hello', { timestamp: 'yesterday' })
    return [
      ['no Authorization', body, json, /Authorization header is missing/],
      ['signed with another token', body, { ...teamsHeaders(body, Buffer.alloc(32, 1).toString('base64')), ...ASK_JSON }, /does not match/],
      ['body changed after signing', body.replace('hello', 'hellO'), { ...teamsHeaders(body), ...ASK_JSON }, /does not match/],
      ['a Bearer token', body, { ...json, authorization: 'Bearer abc' }, /not "HMAC"/],
      ['sent six minutes ago', stale, { ...teamsHeaders(stale), ...ASK_JSON }, /more than 5 minutes/],
      ['sent six minutes from now', ahead, { ...teamsHeaders(ahead), ...ASK_JSON }, /more than 5 minutes/],
      ['a timestamp that is not a time', undated, { ...teamsHeaders(undated), ...ASK_JSON }, /more than 5 minutes/]
    ]
  },
  async afterForged (t, post) {
    const once = teamsMessage('once')
    t.equal((await post(once)).statusCode, 200)
    const replayed = await post(once, { ...teamsHeaders(once), ...ASK_JSON })
    t.equal(replayed.statusCode, 401, 'the same message again is a replay')
    t.match(replayed.json().message, /already answered/)
  },
  badBodies () {
    const huge = teamsMessage('x'.repeat(65 * 1024))
    const signed = (body: string, contentType = 'application/json'): Record<string, string> => ({ ...teamsHeaders(body), 'content-type': contentType, ...ASK_JSON })
    return [
      ['over the body limit', huge, signed(huge), 413, /too large/],
      ['a form', 'text=hi', signed('text=hi', 'application/x-www-form-urlencoded'), 415, /Unsupported content type/],
      ['not JSON, signed', '{text:1}', signed('{text:1}'), 400, /not JSON/],
      ['not a message, signed', '{"type":"conversationUpdate"}', signed('{"type":"conversationUpdate"}'), 400, /not a message/],
      ['no text, signed', '{"type":"message","id":"1","timestamp":"2026-11-01T12:00:00Z"}', signed('{"type":"message","id":"1","timestamp":"2026-11-01T12:00:00Z"}'), 400, /no id, timestamp or text/]
    ]
  },
  docs: { page: 'docs/chat/teams.md', body: teamsMessage('hello world') }
}

const HELLO_WORLD = ' _____________\n< hello world >\n -------------\n        \\   ^__^\n         \\  (oo)\\_______\n            (__)\\       )\\/\\\n                ||----w |\n                ||     ||'

const unescapeHtml = (html: string): string => html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&')

/** A Telegram answer's text: the drawing in <pre>, then the link (shown, or named when long). */
function readTelegramCow (html: string): { drawing: string, permalink: string } {
  const match = /^<pre>([\s\S]*)<\/pre>\n(?:<a href="([^"]+)">[^<]+<\/a>|(\S+))$/.exec(html)
  const link = match?.[2] ?? match?.[3]
  if (match?.[1] === undefined || link === undefined) throw new Error(`not a <pre> and a link: ${html}`)
  return { drawing: unescapeHtml(match[1]) + '\n', permalink: unescapeHtml(link) }
}

const telegram: ChatDriver<string> = {
  config: { telegramSecretToken: TELEGRAM_SECRET },
  body: (typed, command = '/cowsay') => telegramMessage(`${command} ${typed}`),
  signed: () => telegramHeaders(),
  noCow: /\^__\^|sendMessage|<pre>/,
  off: { body: telegramMessage('/cowsay hello'), silent: /\^__\^|sendMessage/ },
  message: (response) => ({ inChannel: undefined, text: response.json().text }),
  readCow: readTelegramCow,
  hello (t, response) {
    t.equal(response.body, JSON.stringify({
      method: 'sendMessage',
      chat_id: -1001234567890,
      reply_parameters: { message_id: 42, allow_sending_without_reply: true },
      text: `<pre>${HELLO_WORLD.replace(/</g, '&lt;').replace(/>/g, '&gt;')}</pre>\nhttp://cows.test/say/hello%20world`,
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true }
    }))
  },
  drawn: [
    ['hello world', '/cowsay', '/say/hello%20world'],
    ['-f tux -d hi', '/cowsay@CowsayBot', '/say/hi?cow=tux&mode=dead'],
    ['-e ^^ -T U -W 10 a few words to wrap', '/cowsay', '/say/a%20few%20words%20to%20wrap?eyes=%5E%5E&tongue=U&width=10'],
    ['-n keep\n   this', '/cowsay', '/say/keep%0A%20%20%20this?nowrap=1'],
    ['hmm', '/cowthink', '/think/hmm'],
    ['think hmm', '/cowsay', '/think/hmm'],
    ['--cow=moose --width=30 hi', '/cowsay', '/say/hi?cow=moose&width=30'],
    ['<b>not bold</b> &amp;', '/cowsay', '/say/%3Cb%3Enot%20bold%3C%2Fb%3E%20%26amp%3B'],
    ['🐄 中文', '/cowsay', '/say/%F0%9F%90%84%20%E4%B8%AD%E6%96%87'],
    ['-f tux --fortune=riddles/13', '/cowsay', '/fortune/riddles/13?cow=tux']
  ],
  forged () {
    const body = telegramMessage('/cowsay hello')
    const json = { 'content-type': 'application/json', ...ASK_JSON }
    return [
      ['no secret header', body, json, /secret-token header is missing/],
      ['a guessed secret', body, { ...telegramHeaders('guessed'), ...ASK_JSON }, /not the one given to setWebhook/],
      ['the secret in another case', body, { ...telegramHeaders(TELEGRAM_SECRET.toUpperCase()), ...ASK_JSON }, /not the one given to setWebhook/],
      ['the secret and more', body, { ...telegramHeaders(TELEGRAM_SECRET + 'x'), ...ASK_JSON }, /not the one given to setWebhook/],
      ['an empty secret', body, { ...telegramHeaders(''), ...ASK_JSON }, /not the one given to setWebhook/],
      ['a broken body, no secret', '{', json, /secret-token header is missing/]
    ]
  },
  leaks: new RegExp(`${TELEGRAM_SECRET}|guessed`),
  async afterForged (t, post) {
    // Telegram retries what is refused: an update already answered, or a message too old to
    // answer now, gets a 200 and no reply instead.
    const once = telegramMessage('/cowsay once')
    t.equal((await post(once)).statusCode, 200)
    const replayed = await post(once)
    t.same([replayed.statusCode, replayed.body], [200, ''], 'the same update again: no reply')
    const stale = await post(telegramMessage('/cowsay late', { date: NOW_SECONDS - 360 }))
    t.same([stale.statusCode, stale.body], [200, ''], 'a message sent six minutes ago: no reply')
    for (const text of ['hello everyone', '/cowsayx hi', 'say /cowsay hi', '/start@OtherBot x']) {
      const response = await post(telegramMessage(text))
      t.same([response.statusCode, response.body.replace(/^.*"text":"(<b>[^<]*)<.*$/, '$1')], [200, text.startsWith('/start') ? '<b>/cowsay hello world' : ''], `${text}: ${text.startsWith('/start') ? 'usage' : 'no reply'}`)
    }
  },
  badBodies () {
    const huge = telegramMessage('/cowsay ' + 'x'.repeat(65 * 1024))
    const signed = { ...telegramHeaders(), ...ASK_JSON }
    return [
      ['over the body limit', huge, signed, 413, /too large/],
      ['a form', 'text=hi', { ...signed, 'content-type': 'application/x-www-form-urlencoded' }, 415, /Unsupported content type/],
      ['not JSON', '{update_id:1}', signed, 400, /not JSON/],
      ['no update_id', '{"message":{}}', signed, 400, /no update_id/],
      ['a message without its chat', '{"update_id":5,"message":{"message_id":1,"date":1}}', signed, 400, /no message_id, chat or date/]
    ]
  },
  async afterBadBodies (t, post) {
    const inline = await post(telegramInline('-f tux hi'))
    t.match(inline.json(), { method: 'answerInlineQuery', results: [{ type: 'article' }] }, 'an inline query is answered')
    t.equal(inline.json().results.length, 1, 'without a photo where the site is not HTTPS')
    const edited = await post(JSON.stringify({ update_id: 7, edited_message: { message_id: 1, date: NOW_SECONDS, chat: { id: 1 }, text: '/cowsay hi' } }))
    t.same([edited.statusCode, edited.body], [200, ''], 'an update of another kind gets no reply')
  },
  docs: { page: 'docs/chat/telegram.md', body: telegramMessage('/cowsay hello world') }
}

const bearer = (claims = projectNumberClaims(), options?: Parameters<typeof signToken>[1]): Record<string, string> =>
  ({ 'content-type': 'application/json', authorization: 'Bearer ' + signToken(claims, options) })

const googleChat: ChatDriver<string> = {
  prepare: async () => ({ googleChat: { audience: PROJECT_NUMBER, keyUrls: (await sharedGoogleKeys()).urls } }),
  body: (typed, command = '/cowsay') => googleChatEvent(typed, { command: command.startsWith('@') ? undefined : command }),
  signed: () => bearer(),
  noCow: /\^__\^|```/,
  off: { body: googleChatEvent('hello', { command: '/cowsay' }), silent: /\^__\^|```/ },
  message: (response) => { const answer = response.json(); return { inChannel: answer.privateMessageViewer === undefined, text: answer.text } },
  readCow: readLinked,
  hello (t, response) {
    t.equal(response.body, JSON.stringify({ text: `\`\`\`\n${HELLO_WORLD}\n\`\`\`\nhttp://cows.test/say/hello%20world` }))
  },
  drawn: [
    ['hello world', '/cowsay', '/say/hello%20world'],
    ['-f tux -d hi', '/cowsay', '/say/hi?cow=tux&mode=dead'],
    ['hmm', '/cowthink', '/think/hmm'],
    ['-W 12 a few words to wrap', '@Cowsay', '/say/a%20few%20words%20to%20wrap?width=12'],
    ['think <b>not bold</b> *no*', '@Cowsay', '/think/%3Cb%3Enot%20bold%3C%2Fb%3E%20%2Ano%2A'],
    ['🐄 中文', '/cowsay', '/say/%F0%9F%90%84%20%E4%B8%AD%E6%96%87'],
    ['--fortune=riddles/13', '/cowthink', '/fortune/riddles/13?action=think']
  ],
  forged () {
    const body = googleChatEvent('hello', { command: '/cowsay' })
    const json = { 'content-type': 'application/json', ...ASK_JSON }
    const stale = googleChatEvent('hello', { command: '/cowsay', eventTime: new Date((NOW_SECONDS - 360) * 1000).toISOString() })
    return [
      ['no Authorization', body, json, /Authorization header is missing/],
      ['not a bearer token', body, { ...json, authorization: 'Basic Y293OnNheQ==' }, /not "Bearer" and a JWT/],
      ['signed by a key Google never published', body, { ...bearer(projectNumberClaims(), { key: FORGER }), ...ASK_JSON }, /signature does not match/],
      ['naming a key Google does not publish', body, { ...bearer(projectNumberClaims(), { key: FORGER, kid: 'made-up' }), ...ASK_JSON }, /key Google does not publish/],
      ['for another project', body, { ...bearer({ ...projectNumberClaims(), aud: '999999999999' }), ...ASK_JSON }, /aud claim/],
      ['issued by another account', body, { ...bearer({ ...projectNumberClaims(), iss: 'someone@example.iam.gserviceaccount.com' }), ...ASK_JSON }, /iss claim/],
      ['an ID token, for the other kind of audience', body, { ...bearer({ ...idTokenClaims(), aud: PROJECT_NUMBER }), ...ASK_JSON }, /iss claim/],
      ['a token that expired an hour ago', body, { ...bearer(projectNumberClaims(), { issuedAt: NOW_SECONDS - 7200 }), ...ASK_JSON }, /expired/],
      ['an event from six minutes ago', stale, { ...bearer(), ...ASK_JSON }, /more than 5 minutes/]
    ]
  },
  async afterForged (t, post) {
    const once = googleChatEvent('once', { command: '/cowsay' })
    t.equal((await post(once)).statusCode, 200)
    const replayed = await post(once, { ...bearer(), ...ASK_JSON })
    t.equal(replayed.statusCode, 401, 'the same message again is a replay')
    t.match(replayed.json().message, /already answered/)
    const added = await post(JSON.stringify({ type: 'ADDED_TO_SPACE', eventTime: new Date(NOW_SECONDS * 1000).toISOString(), space: { name: 'spaces/A' }, user: { name: 'users/1' } }))
    t.same([added.statusCode, added.json()], [200, {}], 'an event that asks nothing posts nothing')
    const help = await post(googleChatEvent('help', { command: '/cowsay' }))
    t.match(help.json(), { text: /^\*\/cowsay hello world\* posts a cow/, privateMessageViewer: { name: 'users/112233445566778899' } }, 'usage after a slash command: privately')
  },
  badBodies () {
    const huge = googleChatEvent('x'.repeat(65 * 1024), { command: '/cowsay' })
    const signed = { ...bearer(), ...ASK_JSON }
    return [
      ['over the body limit', huge, signed, 413, /too large/],
      ['a form', 'text=hi', { ...signed, 'content-type': 'application/x-www-form-urlencoded' }, 415, /Unsupported content type/],
      ['not JSON', '{type:1}', signed, 400, /not JSON/],
      ['no type or time', '{"message":{}}', signed, 400, /no type or eventTime/],
      ['a message without its name', `{"type":"MESSAGE","eventTime":"${new Date(NOW_SECONDS * 1000).toISOString()}","message":{}}`, signed, 400, /no message name/]
    ]
  },
  docs: { page: 'docs/chat/google-chat.md', body: googleChatEvent('hello world', { command: '/cowsay' }) }
}

const zulip: ChatDriver<string> = {
  config: { zulipTokens: [ZULIP_TOKEN] },
  body: (typed) => zulipMessage(typed),
  signed: () => zulipHeaders(),
  noCow: /\^__\^|"content"|```/,
  off: { body: zulipMessage('hello'), silent: /\^__\^|"content"|```/ },
  message: (response) => ({ inChannel: undefined, text: response.json().content }),
  readCow: readLinked,
  hello (t, response) {
    t.equal(response.body, JSON.stringify({ content: `\`\`\`\n${HELLO_WORLD}\n\`\`\`\nhttp://cows.test/say/hello%20world` }))
  },
  drawn: [
    ['hello world', '@Cowsay', '/say/hello%20world'],
    ['-f tux -s hi', '@Cowsay', '/say/hi?cow=tux&mode=stoned'],
    ['think -W 12 a few words to wrap', '@Cowsay', '/think/a%20few%20words%20to%20wrap?width=12'],
    ['<b>not bold</b> **no** @**all**', '@Cowsay', '/say/%3Cb%3Enot%20bold%3C%2Fb%3E%20%2A%2Ano%2A%2A%20%40%2A%2Aall%2A%2A'],
    ['🐄 中文', '@Cowsay', '/say/%F0%9F%90%84%20%E4%B8%AD%E6%96%87'],
    ['--fortune=riddles/13 -W 30 --nowrap=0', '@Cowsay', '/fortune/riddles/13?width=30&nowrap=0']
  ],
  forged () {
    const json = { 'content-type': 'application/json', ...ASK_JSON }
    return [
      ['no token', zulipMessage('hello', { token: null }), json, /token is missing/],
      ['a guessed token', zulipMessage('hello', { token: 'guessedtoken0000' }), json, /not one of the bots' tokens/],
      ['the token in another case', zulipMessage('hello', { token: ZULIP_TOKEN.toLowerCase() }), json, /not one of the bots' tokens/],
      ['the token as a number', zulipMessage('hello').replace(`"token":"${ZULIP_TOKEN}"`, '"token":12345678'), json, /token is missing/],
      ['not JSON, so no token', '{token:1}', json, /token is missing/],
      ['sent six minutes ago', zulipMessage('hello', { timestamp: NOW_SECONDS - 360 }), json, /more than 5 minutes/],
      ['sent six minutes from now', zulipMessage('hello', { timestamp: NOW_SECONDS + 360 }), json, /more than 5 minutes/]
    ]
  },
  leaks: new RegExp(`${ZULIP_TOKEN}|guessedtoken`, 'i'),
  async afterForged (t, post) {
    const once = zulipMessage('once')
    t.equal((await post(once)).statusCode, 200)
    const replayed = await post(once, { ...zulipHeaders(), ...ASK_JSON })
    t.equal(replayed.statusCode, 401, 'the same message again is a replay')
    t.match(replayed.json().message, /already answered/)
    const direct = await post(zulipMessage('-f tux hi', { trigger: 'direct_message' }))
    t.match(direct.json().content, /\nhttp:\/\/cows\.test\/say\/hi\?cow=tux$/, 'a direct message needs no mention')
    const passing = await post(zulipMessage('hello').replace(/"(data|content)":"@\*\*Cowsay\*\* hello"/g, '"$1":"look at @**Cowsay** go"'))
    t.same(passing.json(), { response_not_required: true }, 'a mention in passing is not a command')
  },
  badBodies () {
    const huge = zulipMessage('x'.repeat(65 * 1024))
    const signed = { ...zulipHeaders(), ...ASK_JSON }
    const noTrigger = JSON.stringify({ token: ZULIP_TOKEN, data: 'hi' })
    return [
      ['over the body limit', huge, signed, 413, /too large/],
      ['a form', `token=${ZULIP_TOKEN}`, { ...signed, 'content-type': 'application/x-www-form-urlencoded' }, 415, /Unsupported content type/],
      ['no trigger or message, with the token', noTrigger, signed, 400, /no trigger, data, bot_full_name or message/]
    ]
  },
  docs: { page: 'docs/chat/zulip.md', body: zulipMessage('hello world') }
}

/** Each platform's driver, by the path it is declared with. */
export const CHAT_DRIVERS: Readonly<Record<string, ChatDriver>> = {
  '/slack/commands': slack,
  '/discord/interactions': discord,
  '/mattermost/commands': mattermost,
  '/teams/messages': teams,
  '/telegram/updates': telegram,
  '/google-chat/events': googleChat,
  '/zulip/messages': zulip
}

/** Posts to a platform's path as it would, from the host cows.test. */
export const postTo = (app: FastifyInstance, path: string, body: string | Buffer, headers: Record<string, string>): Promise<LightMyRequestResponse> =>
  app.inject({ method: 'POST', url: path, headers: { host: 'cows.test', ...headers }, payload: body })
