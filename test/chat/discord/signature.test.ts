import t from 'tap'
import { verify } from 'node:crypto'
import { verifyKey } from 'discord-interactions'
import { discordPublicKey, isDiscordPublicKey, verifyDiscordRequest } from '../../../src/chat/discord/signature.js'
import { NOW_SECONDS } from '../../support/chat.js'
import { KEYS, RFC8032_TEST_2, ping, discordKeys, signInteraction } from '../../support/discord.js'

const NOW_MS = NOW_SECONDS * 1000
const key = discordPublicKey(KEYS.publicKey)
const stamp = String(NOW_SECONDS)
const PING = ping()
const body = Buffer.from(PING)

t.test('the portal\'s raw hex key is wrapped so that Node verifies RFC 8032\'s own test vector', async (t) => {
  const { publicKey, message, signature } = RFC8032_TEST_2
  t.ok(verify(null, Buffer.from(message, 'hex'), discordPublicKey(publicKey), Buffer.from(signature, 'hex')), 'RFC 8032 7.1 test 2 verifies')
  t.notOk(verify(null, Buffer.from('73', 'hex'), discordPublicKey(publicKey), Buffer.from(signature, 'hex')), 'and another message does not')
  t.ok(discordPublicKey(publicKey.toUpperCase()), 'upper-case hex is the same key')
  for (const bad of ['', '00', publicKey.slice(2), publicKey + '00', 'z'.repeat(64), ` ${publicKey.slice(1)}`]) {
    t.notOk(isDiscordPublicKey(bad), `${JSON.stringify(bad.slice(0, 10))}… is not a key`)
    t.throws(() => discordPublicKey(bad), TypeError)
  }
})

t.test('a request signed as Discord documents it is accepted, and discord-interactions agrees', async (t) => {
  const signature = signInteraction(body, stamp)
  t.same(verifyDiscordRequest(key, { timestamp: stamp, signature, body }, NOW_MS), { ok: true })
  t.equal(await verifyKey(body, signature, stamp, KEYS.publicKey), true, 'discord-interactions\' verifyKey accepts what the test signed')
})

t.test('every forgery is refused, for the reason it is one, and discord-interactions refuses the same', async (t) => {
  const good = signInteraction(body, stamp)
  const other = discordKeys()
  const flip = (hex: string): string => (hex[0] === '0' ? '1' : '0') + hex.slice(1)
  const cases: Array<[name: string, timestamp: string | undefined, signature: string | undefined, body: Buffer, reason: RegExp]> = [
    ['no timestamp', undefined, good, body, /Timestamp header is missing/],
    ['no signature', stamp, undefined, body, /Ed25519 header is missing/],
    ['timestamp not a number', 'now', good, body, /not a number of seconds/],
    ['timestamp with a fraction', `${stamp}.5`, good, body, /not a number of seconds/],
    ['signature too short', stamp, good.slice(2), body, /not 128 hex digits/],
    ['signature not hex', stamp, 'g'.repeat(128), body, /not 128 hex digits/],
    ['signed by another key', stamp, signInteraction(body, stamp, other.privateKey), body, /does not match/],
    ['one digit changed', stamp, flip(good), body, /does not match/],
    ['all zeros', stamp, '0'.repeat(128), body, /does not match/],
    ['body changed after signing', stamp, good, Buffer.from(PING.replace('"type":1', '"type":2')), /does not match/],
    ['body with a byte added', stamp, good, Buffer.concat([body, Buffer.from(' ')]), /does not match/],
    ['empty body', stamp, good, Buffer.alloc(0), /does not match/],
    ['timestamp changed after signing', String(NOW_SECONDS + 1), good, body, /does not match/],
    ['the signature of the timestamp alone', stamp, signInteraction('', stamp), body, /does not match/],
    ['the signature of the body alone', stamp, signInteraction(body, ''), body, /does not match/]
  ]
  for (const [name, timestamp, signature, sent, reason] of cases) {
    const verdict = verifyDiscordRequest(key, { timestamp, signature, body: sent }, NOW_MS)
    t.equal(verdict.ok, false, `${name}: refused`)
    if (!verdict.ok) t.match(verdict.reason, reason, `${name}: ${verdict.reason}`)
    if (timestamp !== undefined && signature !== undefined) {
      t.equal(await verifyKey(sent, signature, timestamp, KEYS.publicKey), false, `${name}: discord-interactions refuses it too`)
    }
  }
})

t.test('a timestamp more than five minutes away is refused even when well signed', async (t) => {
  for (const [name, seconds, ok] of [
    ['five minutes ago', NOW_SECONDS - 300, true],
    ['five minutes ahead', NOW_SECONDS + 300, true],
    ['five minutes and a second ago (a replay)', NOW_SECONDS - 301, false],
    ['a day ago (a replay)', NOW_SECONDS - 86_400, false],
    ['six minutes ahead', NOW_SECONDS + 360, false],
    ['the epoch', 0, false]
  ] as const) {
    const timestamp = String(seconds)
    const verdict = verifyDiscordRequest(key, { timestamp, signature: signInteraction(body, timestamp), body }, NOW_MS)
    t.equal(verdict.ok, ok, name)
    if (!verdict.ok) t.match(verdict.reason, /more than 5 minutes from now/)
  }
})

t.test('reasons never carry the signature or the key', async (t) => {
  const signature = signInteraction(body, stamp, discordKeys().privateKey)
  const verdict = verifyDiscordRequest(key, { timestamp: stamp, signature, body }, NOW_MS)
  t.equal(verdict.ok, false)
  t.notMatch(JSON.stringify(verdict), /[0-9a-f]{32}/i)
})
