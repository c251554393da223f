import t from 'tap'
import { createHmac } from 'node:crypto'
import { answerRequest } from '../../src/chat/core.js'
import { googleChatReply, readEvent, readMessageRequest } from '../../src/chat/google-chat/event.js'
import { googleChatVerifier, isGoogleChatAudience, verifyGoogleChatRequest } from '../../src/chat/google-chat/token.js'
import { DrawingCache } from '../../src/results/drawings.js'
import { PictureCache } from '../../src/results/pictures.js'
import { build } from '../helper.js'
import { NOW_SECONDS, readFenced, webDrawing } from '../support/chat.js'
import { ENDPOINT_URL, FORGER, OPENSSL, PROJECT_NUMBER, googleChatEvent, googleKeyServer, idTokenClaims, projectNumberClaims, signToken } from '../support/google-chat.js'
import { quote } from '../support/quote.js'
import { whenInstalled } from '../support/tools.js'

const NOW_MS = NOW_SECONDS * 1000

t.test('the audience is a project number or the endpoint\'s https URL', async (t) => {
  for (const good of ['123456789012', 'https://cowsay.example/google-chat/events']) t.ok(isGoogleChatAudience(good), good)
  for (const bad of ['', 'abc', 'http://cowsay.example/google-chat/events', '12 34', 'https://a b']) t.notOk(isGoogleChatAudience(bad), quote(bad))
})

whenInstalled(t, [OPENSSL], () => {
  t.test('a token signed by the Chat service account for the project number is accepted; every other is refused, saying why', async (t) => {
    const google = await googleKeyServer(t)
    const verifier = googleChatVerifier(PROJECT_NUMBER, google.urls, () => NOW_MS)
    const verify = async (authorization: string | undefined, now = NOW_MS): Promise<string> => {
      const verdict = await verifyGoogleChatRequest(verifier, authorization, now)
      return verdict.ok ? 'accepted' : verdict.reason
    }
    const bearer = (...args: Parameters<typeof signToken>): string => 'Bearer ' + signToken(...args)
    t.equal(await verify(bearer(projectNumberClaims())), 'accepted')
    t.equal(await verify(bearer(projectNumberClaims(), { kid: 'key-next' })), 'accepted', 'the next key of a rotation too')
    const token = signToken(projectNumberClaims())
    const [header, payload] = token.split('.')
    const cases: Array<[name: string, authorization: string | undefined, reason: RegExp]> = [
      ['no Authorization', undefined, /Authorization header is missing/],
      ['not a bearer token', 'Basic dXNlcjpwYXNz', /not "Bearer" and a JWT/],
      ['signed by a key Google never published', bearer(projectNumberClaims(), { key: FORGER, kid: 'key-current' }), /signature does not match/],
      ['naming a key Google does not publish', bearer(projectNumberClaims(), { key: FORGER, kid: 'made-up' }), /key Google does not publish/],
      ['a payload changed after signing', `Bearer ${header}.${Buffer.from(JSON.stringify({ ...projectNumberClaims(), aud: PROJECT_NUMBER, exp: NOW_SECONDS + 99999 })).toString('base64url')}.${token.split('.')[2]}`, /signature does not match/],
      ['HS256, keyed by the public certificate (algorithm confusion)', `Bearer ${Buffer.from('{"alg":"HS256","kid":"key-current"}').toString('base64url')}.${payload}.${createHmac('sha256', 'public').update('x').digest('base64url')}`, /not signed with RS256/],
      ['unsigned (alg none)', `Bearer ${Buffer.from('{"alg":"none","kid":"key-current"}').toString('base64url')}.${payload}.`, /not "Bearer" and a JWT|not signed with RS256|not a valid JWT/],
      ['for another project', bearer({ ...projectNumberClaims(), aud: '999999999999' }), /aud claim is not this app's/],
      ['issued by someone else', bearer({ ...projectNumberClaims(), iss: 'someone@example.iam.gserviceaccount.com' }), /iss claim is not this app's/],
      ['an ID token, for the other kind of audience', bearer({ ...idTokenClaims(), aud: PROJECT_NUMBER }), /iss claim is not this app's/],
      ['expired an hour ago (stale)', bearer(projectNumberClaims(), { issuedAt: NOW_SECONDS - 7200 }), /has expired/],
      ['issued in the future', bearer(projectNumberClaims(), { issuedAt: NOW_SECONDS + 600 }), /iat claim/],
      ['no expiry', bearer(projectNumberClaims(), { expiresIn: null }), /exp/]
    ]
    for (const [name, authorization, reason] of cases) t.match(await verify(authorization), reason, name)
  })

  t.test('with the endpoint URL as audience, only a Google ID token for the Chat service account is accepted', async (t) => {
    const google = await googleKeyServer(t)
    const verifier = googleChatVerifier(ENDPOINT_URL, google.urls, () => NOW_MS)
    const verify = async (claims: Record<string, unknown>): Promise<string> => {
      const verdict = await verifyGoogleChatRequest(verifier, 'Bearer ' + signToken(claims), NOW_MS)
      return verdict.ok ? 'accepted' : verdict.reason
    }
    t.equal(await verify(idTokenClaims()), 'accepted')
    t.equal(await verify({ ...idTokenClaims(), iss: 'accounts.google.com' }), 'accepted', 'either spelling of Google\'s issuer')
    t.match(await verify({ ...idTokenClaims(), email: 'someone@gmail.com' }), /not the Chat service account's/)
    t.match(await verify({ ...idTokenClaims(), email_verified: false }), /not the Chat service account's/)
    t.match(await verify({ ...idTokenClaims(), aud: 'https://elsewhere.example/google-chat/events' }), /aud claim/)
    t.match(await verify(projectNumberClaims()), /iss claim|aud claim/, 'a project-number token is not an ID token')
    t.equal(google.fetches(), 1, 'the ID-token keys, from their own URL')
  })

  t.test('keys are fetched once and kept as Cache-Control says; an unknown key fetches again, at most every half minute', async (t) => {
    const google = await googleKeyServer(t)
    let now = NOW_MS
    const verifier = googleChatVerifier(PROJECT_NUMBER, google.urls, () => now)
    const accepted = async (kid = 'key-current'): Promise<boolean> => (await verifyGoogleChatRequest(verifier, 'Bearer ' + signToken(projectNumberClaims(), { kid, issuedAt: Math.floor(now / 1000) }), now)).ok
    t.equal(google.fetches(), 0, 'nothing fetched before the first request')
    await Promise.all([accepted(), accepted(), accepted()])
    t.equal(google.fetches(), 1, 'requests at once share one fetch')
    for (let i = 0; i < 5; i++) t.ok(await accepted())
    t.equal(google.fetches(), 1, 'then the keys are kept')
    const forged = async (): Promise<void> => { await verifyGoogleChatRequest(verifier, 'Bearer ' + signToken(projectNumberClaims(), { key: FORGER, kid: 'made-up' }), now) }
    await forged()
    t.equal(google.fetches(), 1, 'an unknown key id right after a fetch fetches nothing')
    now += 31_000
    await forged()
    t.equal(google.fetches(), 2, 'later, an unknown key id fetches again')
    for (let i = 0; i < 20; i++) await forged()
    t.equal(google.fetches(), 2, 'but not again within half a minute, however many arrive')
    now += 31_000
    await forged()
    t.equal(google.fetches(), 3, 'after half a minute, one more')
    google.publish('down')
    now += 6 * 3600 * 1000
    t.ok(await accepted(), 'keys past their age are still used while Google does not answer')
    t.equal(google.fetches(), 4)
    for (let i = 0; i < 5; i++) t.ok(await accepted())
    t.equal(google.fetches(), 4, 'and Google is asked again no sooner than half a minute later')
  })

  t.test('with Google\'s keys unreachable and none known, requests are refused, not failed', async (t) => {
    const google = await googleKeyServer(t)
    google.publish('down')
    const verifier = googleChatVerifier(PROJECT_NUMBER, google.urls, () => NOW_MS)
    const verdict = await verifyGoogleChatRequest(verifier, 'Bearer ' + signToken(projectNumberClaims()), NOW_MS)
    t.match(verdict, { ok: false, reason: /keys could not be fetched \(HTTP 503\)/ })
    google.publish('keys')
    const later = googleChatVerifier(PROJECT_NUMBER, google.urls, () => NOW_MS)
    t.match(await verifyGoogleChatRequest(later, 'Bearer ' + signToken(projectNumberClaims()), NOW_MS), { ok: true }, 'once Google answers, the same request is accepted')
  })
})

t.test('events are read for their message: a slash command\'s name and arguments, or what followed the @mention', async (t) => {
  t.match(readEvent(Buffer.from(googleChatEvent('-f tux hi', { command: '/cowsay' }))), { ok: true, event: { type: 'MESSAGE', user: 'users/112233445566778899', message: { command: '/cowsay', argumentText: ' -f tux hi' } } })
  t.match(readEvent(Buffer.from(googleChatEvent('hi'))), { ok: true, event: { message: { command: undefined, argumentText: ' hi' } } })
  t.match(readEvent(Buffer.from('{"type":"ADDED_TO_SPACE","eventTime":"2026-11-01T12:00:00Z"}')), { ok: true, event: { type: 'ADDED_TO_SPACE', message: undefined } })
  for (const [body, problem] of [['{', /not JSON/], ['{"type":"MESSAGE"}', /no type or eventTime/], ['{"type":"MESSAGE","eventTime":"x","message":{}}', /no message name/]] as const) {
    t.match(readEvent(Buffer.from(body)), { ok: false, problem }, body)
  }
})

t.test('a message is answered with the cow in a monospace block and its link, drawn as on the web; the rest privately', async (t) => {
  const app = await build(t)
  const context = { drawings: new DrawingCache(), pictures: new PictureCache([]), site: 'http://cows.test' }
  const answer = (typed: string, command?: string): ReturnType<typeof googleChatReply> => {
    const read = readEvent(Buffer.from(googleChatEvent(typed, { command })))
    if (!read.ok || read.event.message === undefined) throw new Error('not a message')
    return googleChatReply(answerRequest(readMessageRequest(read.event.message), context), command === undefined ? undefined : read.event.user)
  }
  const cases: Array<[typed: string, command: string | undefined, path: string]> = [
    ['hello world', '/cowsay', '/say/hello%20world'],
    ['hmm', '/cowthink', '/think/hmm'],
    ['think -f tux <users/all> *bold*', undefined, '/think/%3Cusers%2Fall%3E%20%2Abold%2A?cow=tux'],
    ['--fortune=riddles/13', '/cowsay', '/fortune/riddles/13']
  ]
  for (const [typed, command, path] of cases) {
    const reply = answer(typed, command)
    if (!('text' in reply)) throw new Error('no text')
    t.notOk('privateMessageViewer' in reply, `${quote(typed)}: the cow is for the space`)
    t.notMatch(reply.text, /<users\//, `${quote(typed)}: mentions no one`)
    const { drawing, permalink } = readFenced(reply.text)
    t.equal(permalink, 'http://cows.test' + path, `${quote(typed)}: links to ${path}`)
    t.equal(drawing, await webDrawing(app, permalink), `${quote(typed)}: the same drawing as the web`)
  }
  t.match(answer('help', '/cowsay'), { text: /^\*\/cowsay hello world\* posts a cow/, privateMessageViewer: { name: 'users/112233445566778899' } }, 'usage, privately, after a slash command')
  t.match(answer('-f nope hi', '/cowsay'), { text: /^Unknown cow "nope"/, privateMessageViewer: { name: 'users/112233445566778899' } })
  t.notOk('privateMessageViewer' in answer('-f nope hi'), 'after an @mention, Chat allows no private answer: in the space')
  t.match(answer('-f _x_ hi', '/cowsay'), { text: /"_\u200Bx_\u200B"/ }, 'a mistake quoting the user formats nothing')
})
