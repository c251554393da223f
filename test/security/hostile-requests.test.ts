import t from 'tap'
import { listen } from '../helper.js'
import { rawRequest, type RawResponse } from '../support/raw-http.js'
import { SECRET, commandBody, sign } from '../support/slack.js'
import { commandInteraction, discordHeaders, discordKeys } from '../support/discord.js'
import { MATTERMOST_TOKEN, mattermostBody } from '../support/mattermost.js'
import { TEAMS_SECRET, teamsAuthorization, teamsMessage } from '../support/teams.js'
import { TELEGRAM_SECRET, telegramMessage } from '../support/telegram.js'
import { FORGER, OPENSSL, PROJECT_NUMBER, googleChatEvent, projectNumberClaims, sharedGoogleKeys, signToken } from '../support/google-chat.js'
import { ZULIP_TOKEN, zulipMessage } from '../support/zulip.js'
import { hasTool } from '../support/tools.js'

/*
 * Bad requests of every kind, sent byte for byte over raw sockets to the real
 * listening server (an HTTP client would fix or refuse most of them). Each must
 * get its own 4xx, at once, and leave the server healthy. Node's parser answers
 * the malformed ones before the app sees them; the app answers the rest through
 * its error handler, in JSON here because every request asks for JSON.
 *
 * The chat endpoints' hostile bodies have their own tables below: those
 * servers have the platforms' secrets, and requests are signed with the real clock.
 */

const NL = '\r\n'
const COMMON = `Host: localhost${NL}Accept: application/json${NL}Connection: close${NL}`

const request = (method: string, target: string, headers = '', body = ''): string =>
  `${method} ${target} HTTP/1.1${NL}${COMMON}${headers}${NL}${body}`
const get = (target: string, headers = ''): string => request('GET', target, headers)

interface Case {
  name: string
  request: string | Buffer
  /** null: the connection is closed without an answer (CONNECT, which has no listener). */
  status: number | null
  check?: (response: RawResponse) => void
}

const BODY_METHODS = ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'SEARCH', 'REPORT']
const OTHER_METHODS = ['TRACE', 'PURGE', 'LINK', 'UNLINK', 'QUERY', 'ACL', 'BIND', 'M-SEARCH', 'NOTIFY', 'SUBSCRIBE']

const cases: Case[] = [
  // Broken percent-encoding
  { name: 'truncated escape in the path', request: get('/say/%E0%A4%A'), status: 400 },
  { name: 'non-hex escape in the path', request: get('/say/%ZZ'), status: 400 },
  { name: 'lone % in the path', request: get('/say/%'), status: 400 },
  { name: 'non-hex escape in a query value', request: get('/say?text=%ZZ'), status: 400 },
  { name: 'non-hex escape in a query key', request: get('/say/x?%ZZ=1'), status: 400 },

  // Invalid UTF-8 once decoded
  { name: 'overlong 2-byte slash', request: get('/say/%C0%AF'), status: 400 },
  { name: 'overlong 3-byte slash', request: get('/say/%E0%80%AF'), status: 400 },
  { name: 'overlong 4-byte slash', request: get('/say/%F0%80%80%AF'), status: 400 },
  { name: 'overlong NUL in the query', request: get('/say?text=%C0%80'), status: 400 },
  { name: 'UTF-8-encoded surrogate', request: get('/say/%ED%A0%80'), status: 400 },
  { name: 'code point above U+10FFFF', request: get('/say/%F4%90%80%80'), status: 400 },
  { name: 'byte 0xFF', request: get('/say/%FF'), status: 400 },
  { name: 'raw UTF-8 bytes in the request line', request: Buffer.concat([Buffer.from('GET /say/'), Buffer.from('é🐄', 'utf8'), Buffer.from(` HTTP/1.1${NL}${COMMON}${NL}`)]), status: 400 },

  // Control characters and noncharacters
  { name: 'encoded NUL in the message', request: get('/say/a%00b'), status: 400, check: (r) => t.match(r.body, /U\+0000/) },
  { name: 'raw NUL in the request line', request: get('/say/a\u0000b'), status: 400 },
  { name: 'raw control byte in the request line', request: get('/say/a\u0001b'), status: 400 },
  { name: 'terminal escape sequence', request: get('/say/%1B%5B2J'), status: 400, check: (r) => t.match(r.body, /U\+001B/) },
  { name: 'DEL', request: get('/say/%7F'), status: 400 },
  { name: 'C1 control (CSI)', request: get('/say/%C2%9B'), status: 400 },
  { name: 'noncharacter U+FFFE', request: get('/say/%EF%BF%BE'), status: 400 },
  { name: 'escape sequence in eyes', request: get('/say/x?eyes=%1B%5B'), status: 400, check: (r) => t.match(r.body, /eyes/) },
  { name: 'NUL in tongue', request: get('/say/x?tongue=%00'), status: 400, check: (r) => t.match(r.body, /tongue/) },
  { name: 'newline in eyes', request: get('/say/x?eyes=%0A'), status: 400 },
  { name: 'NUL in a header value', request: get('/say/x', `X-Note: a\u0000b${NL}`), status: 400 },
  { name: 'invalid header name', request: get('/say/x', `X(A): 1${NL}`), status: 400 },

  // Enormous paths, query strings and headers
  { name: 'message of 1,001 characters', request: get('/say/' + 'a'.repeat(1001)), status: 414, check: (r) => t.match(r.body, /limit is 1000/) },
  { name: 'path of 12 KB', request: get('/say/' + '%F0%9F%90%84'.repeat(1000) + 'a'.repeat(100)), status: 414 },
  { name: 'path of 100 KB', request: get('/say/' + 'a'.repeat(100_000)), status: 431 },
  { name: 'query string of 100 KB', request: get('/say/x?text=' + 'a'.repeat(100_000)), status: 431 },
  { name: 'header of 20 KB', request: get('/say/x', `X-Big: ${'a'.repeat(20_000)}${NL}`), status: 431 },
  { name: '3,000 headers', request: get('/say/x', Array.from({ length: 3000 }, (_, i) => `X-H${i}: 1${NL}`).join('')), status: 431 },
  { name: 'unknown query key of 9 KB is ignored', request: get(`/say/x?${'k'.repeat(9000)}=1`), status: 200 },
  {
    name: 'request id of 8 KB is replaced, not logged or echoed',
    request: get('/say/x', `X-Request-Id: ${'r'.repeat(8000)}${NL}`),
    status: 200,
    check: (r) => t.match(r.headers['x-request-id'], /^[0-9a-f-]{36}$/)
  },

  // Cow names that are paths or object keys
  ...['__proto__', 'constructor', 'toString', 'hasOwnProperty', '..%2F..%2F..%2F..%2Fetc%2Fpasswd', '%2Fetc%2Fpasswd', '%2Fproc%2Fself%2Fenviron', '..%5C..%5Cwindows%5Cwin.ini', 'default%00', 'a'.repeat(65)].map((cow): Case => ({
    name: `cow=${cow.slice(0, 30)}`,
    request: get(`/say/x?cow=${cow}`),
    status: 400,
    check: (r) => t.notMatch(r.body, /root:x:0|\[boot loader\]|PATH=|node_modules/, 'no file content or install path leaks')
  })),

  // Absurd widths
  ...['0', '-1', '1', '201', '1e9', '1e-9', 'NaN', '%2210%22', 'Infinity', '-Infinity', '0x10', '2e2', '%2010', '10.0'].map((width): Case => ({
    name: `width=${width}`,
    request: get(`/say/x?width=${width}`),
    status: 400,
    check: (r) => t.match(r.body, /width.*2 to 200/)
  })),

  // Unknown and malformed Accept headers (the request asks for JSON, then overrides it)
  ...['image/gif', ';;;,,,q=abc/', 'text/html;q=0', 'application/json;q=NaN', 'a/b;q=0.1,'.repeat(1300)].map((accept): Case => ({
    name: `Accept: ${accept.slice(0, 30)}`,
    request: `GET /say/x HTTP/1.1${NL}Host: localhost${NL}Accept: ${accept}${NL}Connection: close${NL}${NL}`,
    status: 406,
    check: (r) => t.equal(r.headers['content-type'], 'text/plain; charset=utf-8', 'an unacceptable request gets its error as text')
  })),

  // Every other method on a page
  ...[...BODY_METHODS, ...OTHER_METHODS].map((method): Case => ({
    name: `${method} on a page`,
    request: request(method, '/say/x'),
    status: 405,
    check: (r) => t.equal(r.headers.allow, 'GET, HEAD')
  })),
  { name: 'CONNECT', request: `CONNECT localhost:80 HTTP/1.1${NL}${COMMON}${NL}`, status: null },
  { name: 'unknown method', request: request('FOO', '/say/x'), status: 400 },
  { name: 'lower-case method', request: request('get', '/say/x'), status: 400 },
  { name: 'tab in the request line', request: `GET\t/say/x HTTP/1.1${NL}${COMMON}${NL}`, status: 400 },
  { name: 'HTTP/3.0 in the request line', request: `GET /say/x HTTP/3.0${NL}${COMMON}${NL}`, status: 400 },

  // Request smuggling patterns
  { name: 'two different Content-Lengths', request: request('POST', '/say/x', `Content-Length: 1${NL}Content-Length: 2${NL}`, 'ab'), status: 400 },
  { name: 'two equal Content-Lengths', request: request('POST', '/say/x', `Content-Length: 2${NL}Content-Length: 2${NL}`, 'ab'), status: 400 },
  { name: 'Transfer-Encoding with Content-Length', request: request('POST', '/say/x', `Content-Length: 4${NL}Transfer-Encoding: chunked${NL}`, `0${NL}${NL}`), status: 400 },
  { name: 'Transfer-Encoding twice', request: request('POST', '/say/x', `Transfer-Encoding: chunked${NL}Transfer-Encoding: chunked${NL}`, `0${NL}${NL}`), status: 400 },
  { name: 'Transfer-Encoding: xchunked', request: request('POST', '/say/x', `Transfer-Encoding: xchunked${NL}`, `0${NL}${NL}`), status: 400 },
  { name: 'Transfer-Encoding: chunked, identity', request: request('POST', '/say/x', `Transfer-Encoding: chunked, identity${NL}`, `0${NL}${NL}`), status: 400 },
  { name: 'invalid chunk size', request: request('POST', '/say/x', `Transfer-Encoding: chunked${NL}`, `zz${NL}ab${NL}0${NL}${NL}`), status: 400 },
  { name: 'negative Content-Length', request: request('POST', '/say/x', `Content-Length: -1${NL}`), status: 400 },
  { name: 'Content-Length with a sign', request: request('POST', '/say/x', `Content-Length: +1${NL}`, 'a'), status: 400 },
  { name: 'space before the colon', request: request('POST', '/say/x', `Content-Length : 1${NL}`, 'a'), status: 400 },
  { name: 'folded header line', request: get('/say/x', `X-Folded: a${NL} b${NL}`), status: 400 },
  { name: 'bare LF line endings', request: 'GET /say/x HTTP/1.1\nHost: localhost\nConnection: close\n\n', status: 400 },
  { name: 'no Host header', request: `GET /say/x HTTP/1.1${NL}Accept: application/json${NL}Connection: close${NL}${NL}`, status: 400 },
  { name: 'two Host headers', request: get('/say/x', `Host: evil.example${NL}`), status: 400, check: (r) => t.match(r.body, /more than one Host/) },
  {
    name: 'absolute-form target is read as its path',
    request: get('http://evil.example/say/x'),
    status: 200,
    check: (r) => t.equal(JSON.parse(r.body).text, 'x')
  },
  { name: 'Expect with an unknown expectation', request: get('/say/x', `Expect: teapot${NL}`), status: 417 },

  // Bodies sent to read-only pages are refused before they are read
  { name: 'POST with a 2 MB body', request: request('POST', '/say/x', `Content-Type: application/json${NL}Content-Length: 2000000${NL}`, 'a'.repeat(2_000_000)), status: 405 },
  { name: 'POST with malformed JSON', request: request('POST', '/say/x', `Content-Type: application/json${NL}Content-Length: 5${NL}`, '{bad}'), status: 405 },
  { name: 'PUT with a body that never ends', request: request('PUT', '/cows', `Content-Type: text/plain${NL}Content-Length: 1000${NL}`, 'partial'), status: 405 },

  // Paths that try to reach files
  { name: 'dot segments to a static file', request: get('/static/../../package.json'), status: 404 },
  { name: 'encoded dot segments to a static file', request: get('/static/%2e%2e/%2e%2e/package.json'), status: 404 },
  { name: 'encoded slash to a static file', request: get('/static/..%2f..%2fpackage.json'), status: 404 },
  {
    name: 'dot segments in a message are only text',
    request: get('/say/../../etc/passwd'),
    status: 200,
    check: (r) => {
      t.equal(JSON.parse(r.body).text, '../../etc/passwd')
      t.notMatch(r.body, /root:x:0/)
    }
  },

  // Parameters that try to reach prototypes
  { name: 'prototype keys in the query are ignored', request: get('/say/x?__proto__[polluted]=1&constructor[prototype][polluted]=1&__proto__=polluted'), status: 200 },
  { name: 'format=__proto__', request: get('/say/x?format=__proto__'), status: 400 },
  { name: 'format given twice', request: get('/say/x?format=json&format=xml'), status: 400 },
  { name: 'text given twice', request: get('/say?text=a&text=b'), status: 400 }
]

t.test('hostile requests against the listening server each get their own 4xx, quickly', async (t) => {
  const { port } = await listen(t)
  const outcomes = new Map<string, number>()
  let slowest = { name: '', ms: 0 }
  for (const hostile of cases) {
    const response = await rawRequest(port, hostile.request)
    t.equal(response.status, hostile.status, `${hostile.name} -> ${hostile.status ?? 'closed'}`)
    const isOurs = response.headers['content-type']?.startsWith('application/json') === true && response.body.startsWith('{"statusCode"')
    if (isOurs && hostile.status !== null && hostile.status >= 400) {
      t.equal(JSON.parse(response.body).statusCode, hostile.status, `${hostile.name}: the body names the status`)
    }
    hostile.check?.(response)
    const outcome = String(response.status ?? 'closed')
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1)
    if (response.ms > slowest.ms) slowest = { name: hostile.name, ms: response.ms }
  }
  t.ok(cases.length >= 40, `${cases.length} hostile requests`)
  t.comment(`${cases.length} hostile requests: ${[...outcomes].sort().map(([status, count]) => `${count} x ${status}`).join(', ')}`)
  t.comment(`slowest answer: ${slowest.ms.toFixed(1)} ms (${slowest.name})`)

  const health = await rawRequest(port, get('/healthz'))
  t.equal(health.status, 200, 'the server is still healthy')
  const normal = await rawRequest(port, get('/say/still%20here'))
  t.equal(normal.status, 200)
  t.equal(JSON.parse(normal.body).text, 'still here', 'and still answers normal requests')
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype was not polluted')
})

/** A POST to /slack/commands; `signAs` signs the body (or another one) with the real clock. */
function slackPost (body: string | Buffer, { contentType = 'application/x-www-form-urlencoded', signed = true, timestamp, extraHeaders = '', signedBody }: { contentType?: string, signed?: boolean, timestamp?: string, extraHeaders?: string, signedBody?: string } = {}): Buffer {
  const stamp = timestamp ?? String(Math.floor(Date.now() / 1000))
  const signature = signed ? `X-Slack-Request-Timestamp: ${stamp}${NL}X-Slack-Signature: ${sign(SECRET, stamp, signedBody ?? body)}${NL}` : ''
  const bytes = Buffer.from(body)
  return Buffer.concat([
    Buffer.from(`POST /slack/commands HTTP/1.1${NL}${COMMON}Content-Type: ${contentType}${NL}Content-Length: ${bytes.length}${NL}${signature}${extraHeaders}${NL}`),
    bytes
  ])
}

const goodBody = commandBody('moo')
const slackCases: Case[] = [
  { name: 'Slack: a fresh, signed command (the control case)', request: slackPost(goodBody), status: 200 },
  { name: 'Slack: no signature headers', request: slackPost(goodBody, { signed: false }), status: 401 },
  { name: 'Slack: signature over another body', request: slackPost(goodBody, { signedBody: commandBody('other') }), status: 401 },
  { name: 'Slack: body changed after signing', request: slackPost(goodBody + '&text=-f+tux', { signedBody: goodBody }), status: 401 },
  { name: 'Slack: a replay from an hour ago', request: slackPost(goodBody, { timestamp: String(Math.floor(Date.now() / 1000) - 3600) }), status: 401 },
  { name: 'Slack: a timestamp that is not a number', request: slackPost(goodBody, { timestamp: 'yesterday' }), status: 401 },
  { name: 'Slack: body over the limit (20 KB)', request: slackPost('text=' + 'a'.repeat(20_000)), status: 413 },
  { name: 'Slack: JSON instead of a form', request: slackPost('{"text":"moo"}', { contentType: 'application/json' }), status: 415 },
  { name: 'Slack: multipart instead of a form', request: slackPost('--x--', { contentType: 'multipart/form-data; boundary=x' }), status: 415 },
  { name: 'Slack: broken percent-encoding, signed', request: slackPost('command=%2Fcowsay&text=%ZZ'), status: 400 },
  { name: 'Slack: invalid UTF-8, signed', request: slackPost('command=%2Fcowsay&text=%C0%AF'), status: 400 },
  { name: 'Slack: a field given twice, signed', request: slackPost('command=%2Fcowsay&text=a&text=b'), status: 400 },
  {
    name: 'Slack: Content-Length twice',
    request: `POST /slack/commands HTTP/1.1${NL}${COMMON}Content-Type: application/x-www-form-urlencoded${NL}Content-Length: 4${NL}Content-Length: 40${NL}${NL}text`,
    status: 400
  },
  {
    name: 'Slack: Transfer-Encoding with Content-Length',
    request: `POST /slack/commands HTTP/1.1${NL}${COMMON}Content-Type: application/x-www-form-urlencoded${NL}Content-Length: 4${NL}Transfer-Encoding: chunked${NL}${NL}4${NL}text${NL}0${NL}${NL}`,
    status: 400
  },
  {
    name: 'Slack: a chunked body over the limit',
    request: `POST /slack/commands HTTP/1.1${NL}${COMMON}Content-Type: application/x-www-form-urlencoded${NL}Transfer-Encoding: chunked${NL}${NL}${(20000).toString(16)}${NL}${'a'.repeat(20000)}${NL}0${NL}${NL}`,
    status: 413
  }
]

t.test('hostile requests to the Slack endpoint each get their own 4xx and no cow', async (t) => {
  const { port } = await listen(t, { slackSigningSecret: SECRET })
  for (const hostile of slackCases) {
    const response = await rawRequest(port, hostile.request)
    t.equal(response.status, hostile.status, `${hostile.name} -> ${hostile.status ?? 'closed'}`)
    if (hostile.status !== 200) t.notMatch(response.body, /\^__\^|in_channel/, `${hostile.name}: no cow`)
  }
  t.comment(`${slackCases.length} Slack requests`)
  const health = await rawRequest(port, get('/healthz'))
  t.equal(health.status, 200, 'the server is still healthy')
})

/** A POST of `body` to `path` with exactly these headers (Content-Length added), as raw bytes. */
function post (path: string, body: string | Buffer, headers: Record<string, string>): Buffer {
  const bytes = Buffer.from(body)
  const lines = Object.entries({ 'Content-Length': String(bytes.length), ...headers }).map(([name, value]) => `${name}: ${value}${NL}`).join('')
  return Buffer.concat([Buffer.from(`POST ${path} HTTP/1.1${NL}${COMMON}${lines}${NL}`), bytes])
}

/** A chunked POST: the body in `chunks`, with the headers given (no Content-Length). */
function chunked (path: string, chunks: string[], headers: Record<string, string>): string {
  const lines = Object.entries({ 'Transfer-Encoding': 'chunked', ...headers }).map(([name, value]) => `${name}: ${value}${NL}`).join('')
  const body = chunks.map((chunk) => `${Buffer.byteLength(chunk).toString(16)}${NL}${chunk}${NL}`).join('') + `0${NL}${NL}`
  return `POST ${path} HTTP/1.1${NL}${COMMON}${lines}${NL}${body}`
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000)

interface Platform {
  name: string
  path: string
  /** A request for `message`, proved as the platform proves it, made `age` seconds ago. */
  signed: (message: string, age?: number) => { body: string, headers: Record<string, string> }
  /** The same request with nothing that proves it. */
  unproved: (message: string) => { body: string, headers: Record<string, string> }
  /** The request with its proof replaced by a forged one (in a header, or in the body where the proof travels there). */
  forge: (request: { body: string, headers: Record<string, string> }) => { body: string, headers: Record<string, string> }
  /** Whether the proof covers the body (a changed body is refused). */
  signsBody: boolean
  /**
   * What a proved request gets a second time, and one made an hour ago: refused (401), dropped
   * (200 and no reply: Telegram retries refusals), or answered (Mattermost's token carries
   * neither an id nor a time).
   */
  replayed: 'refused' | 'dropped' | 'answered'
  wrongType: string
  limit: number
}

/** A refusal where the platform refuses, an empty 200 where it drops, and the answer where it answers. */
const REPLAY_STATUS = { refused: 401, dropped: 200, answered: 200 } as const

/** The same table for each platform: a control case, then forged, replayed, stale, oversized, chunked and mistyped requests. */
function chatCases ({ name, path, signed, unproved, forge, signsBody, replayed: again, wrongType, limit }: Platform): Case[] {
  const fresh = signed('moo')
  const replayed = signed('replayed')
  const stale = signed('stale', 3600)
  const huge = signed('x'.repeat(limit))
  const bare = unproved('moo')
  const forged = forge(fresh)
  const dropped = (r: RawResponse): void => { t.equal(r.body, '', 'dropped: no reply at all') }
  return [
    { name: `${name}: a fresh, signed command (the control case)`, request: post(path, fresh.body, fresh.headers), status: 200 },
    { name: `${name}: a request, answered`, request: post(path, replayed.body, replayed.headers), status: 200 },
    // The same bytes again: refused or dropped where the request carries an id; Mattermost's carries none.
    { name: `${name}: the same request again (a replay)`, request: post(path, replayed.body, replayed.headers), status: REPLAY_STATUS[again], ...again === 'dropped' ? { check: dropped } : {} },
    { name: `${name}: no proof at all`, request: post(path, bare.body, bare.headers), status: 401 },
    { name: `${name}: forged proof`, request: post(path, forged.body, forged.headers), status: 401 },
    ...signsBody ? [{ name: `${name}: body changed after signing`, request: post(path, fresh.body.replace('moo', 'mOo'), fresh.headers), status: 401 }] : [],
    ...again === 'answered' ? [] : [{ name: `${name}: made an hour ago (stale)`, request: post(path, stale.body, stale.headers), status: REPLAY_STATUS[again], ...again === 'dropped' ? { check: dropped } : {} }],
    { name: `${name}: body over the limit`, request: post(path, huge.body, huge.headers), status: 413 },
    { name: `${name}: a chunked body over the limit`, request: chunked(path, [huge.body.slice(0, limit / 2), huge.body.slice(limit / 2)], huge.headers), status: 413 },
    { name: `${name}: a chunked body, forged`, request: chunked(path, [forged.body.slice(0, 10), forged.body.slice(10)], forged.headers), status: 401 },
    { name: `${name}: a chunked body, unproved`, request: chunked(path, [bare.body.slice(0, 10), bare.body.slice(10)], bare.headers), status: 401 },
    { name: `${name}: the wrong content type`, request: post(path, fresh.body, { ...fresh.headers, 'Content-Type': wrongType }), status: 415 },
    { name: `${name}: multipart`, request: post(path, '--x--', { ...fresh.headers, 'Content-Type': 'multipart/form-data; boundary=x' }), status: 415 },
    { name: `${name}: Content-Length twice`, request: post(path, fresh.body, { ...fresh.headers, 'content-length': '4' }), status: 400 }
  ]
}

const discordKeyPair = discordKeys()
const discordSigned = (message: string, age = 0): { body: string, headers: Record<string, string> } => {
  const body = commandInteraction('cowsay', { message })
  const headers = discordHeaders(body, String(nowSeconds() - age), discordKeyPair.privateKey)
  return { body, headers: { 'Content-Type': 'application/json', 'X-Signature-Ed25519': headers['x-signature-ed25519'] ?? '', 'X-Signature-Timestamp': headers['x-signature-timestamp'] ?? '' } }
}
const teamsSigned = (message: string, age = 0): { body: string, headers: Record<string, string> } => {
  const body = teamsMessage(message, { timestamp: new Date(Date.now() - age * 1000).toISOString() })
  return { body, headers: { 'Content-Type': 'application/json', Authorization: teamsAuthorization(body) } }
}
const platforms: Platform[] = [
  {
    name: 'Discord',
    path: '/discord/interactions',
    signed: discordSigned,
    unproved: (message) => ({ body: commandInteraction('cowsay', { message }), headers: { 'Content-Type': 'application/json' } }),
    forge: ({ body, headers }) => ({ body, headers: { ...headers, 'X-Signature-Ed25519': 'ab'.repeat(64) } }),
    signsBody: true,
    replayed: 'refused',
    wrongType: 'application/x-www-form-urlencoded',
    limit: 32 * 1024
  },
  {
    name: 'Mattermost',
    path: '/mattermost/commands',
    signed: (message) => ({ body: mattermostBody(message), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Token ${MATTERMOST_TOKEN}` } }),
    unproved: (message) => ({ body: mattermostBody(message).replace(/&token=[^&]*/, ''), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }),
    forge: ({ body, headers }) => ({ body, headers: { ...headers, Authorization: 'Token guessed-token' } }),
    signsBody: false,
    replayed: 'answered',
    wrongType: 'application/json',
    limit: 16 * 1024
  },
  {
    name: 'Teams',
    path: '/teams/messages',
    signed: teamsSigned,
    unproved: (message) => ({ body: teamsMessage(message, { timestamp: new Date().toISOString() }), headers: { 'Content-Type': 'application/json' } }),
    forge: ({ body, headers }) => ({ body, headers: { ...headers, Authorization: teamsAuthorization('another body') } }),
    signsBody: true,
    replayed: 'refused',
    wrongType: 'text/plain',
    limit: 64 * 1024
  },
  {
    name: 'Telegram',
    path: '/telegram/updates',
    signed: (message, age = 0) => ({ body: telegramMessage(`/cowsay ${message}`, { date: nowSeconds() - age }), headers: { 'Content-Type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': TELEGRAM_SECRET } }),
    unproved: (message) => ({ body: telegramMessage(`/cowsay ${message}`, { date: nowSeconds() }), headers: { 'Content-Type': 'application/json' } }),
    forge: ({ body, headers }) => ({ body, headers: { ...headers, 'X-Telegram-Bot-Api-Secret-Token': 'a-guessed-secret' } }),
    signsBody: false,
    replayed: 'dropped',
    wrongType: 'application/x-www-form-urlencoded',
    limit: 64 * 1024
  },
  {
    name: 'Google Chat',
    path: '/google-chat/events',
    signed: (message, age = 0) => ({
      body: googleChatEvent(message, { command: '/cowsay', eventTime: new Date(Date.now() - age * 1000).toISOString() }),
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + signToken(projectNumberClaims(), { issuedAt: nowSeconds() - age }) }
    }),
    unproved: (message) => ({ body: googleChatEvent(message, { command: '/cowsay', eventTime: new Date().toISOString() }), headers: { 'Content-Type': 'application/json' } }),
    forge: ({ body, headers }) => ({ body, headers: { ...headers, Authorization: 'Bearer ' + signToken(projectNumberClaims(), { key: FORGER, issuedAt: nowSeconds() }) } }),
    signsBody: false,
    replayed: 'refused',
    wrongType: 'text/plain',
    limit: 64 * 1024
  },
  {
    name: 'Zulip',
    path: '/zulip/messages',
    signed: (message, age = 0) => ({ body: zulipMessage(message, { timestamp: nowSeconds() - age }), headers: { 'Content-Type': 'application/json' } }),
    unproved: (message) => ({ body: zulipMessage(message, { token: null, timestamp: nowSeconds() }), headers: { 'Content-Type': 'application/json' } }),
    // The proof travels in the body: the forgery is a guessed token there.
    forge: ({ body, headers }) => ({ body: body.replace(ZULIP_TOKEN, 'guessedToken0123456789abcdefABCD'), headers }),
    signsBody: false,
    replayed: 'refused',
    wrongType: 'application/x-www-form-urlencoded',
    limit: 64 * 1024
  }
]

t.test('hostile requests to the Discord, Mattermost, Teams, Telegram, Google Chat and Zulip endpoints each get their own 4xx, never a cow or a 5xx', async (t) => {
  if (!hasTool(t, OPENSSL)) return
  const google = await sharedGoogleKeys()
  const { port } = await listen(t, {
    discordPublicKey: discordKeyPair.publicKey,
    mattermostTokens: [MATTERMOST_TOKEN],
    teamsHmacSecrets: [TEAMS_SECRET],
    telegramSecretToken: TELEGRAM_SECRET,
    googleChat: { audience: PROJECT_NUMBER, keyUrls: google.urls },
    zulipTokens: [ZULIP_TOKEN]
  })
  let sent = 0
  for (const platform of platforms) {
    for (const hostile of chatCases(platform)) {
      sent++
      const response = await rawRequest(port, hostile.request)
      t.equal(response.status, hostile.status, `${hostile.name} -> ${hostile.status ?? 'closed'}`)
      t.ok(response.status !== null && response.status < 500, `${hostile.name}: no 5xx`)
      hostile.check?.(response)
      if (hostile.status !== 200) t.notMatch(response.body, /\^__\^|in_channel|"type":4|"type":"message"|```|<pre>|sendMessage|"content"/, `${hostile.name}: no cow`)
    }
  }
  t.comment(`${sent} chat requests`)
  const health = await rawRequest(port, get('/healthz'))
  t.equal(health.status, 200, 'the server is still healthy')
})
