import t from 'tap'
import { verifySlackRequest, type SignedRequest } from '../../../src/chat/slack/signature.js'
import { NOW_SECONDS, SECRET, SLACK_EXAMPLE, commandBody, sign } from '../../support/slack.js'

const at = (seconds: number): number => seconds * 1000

t.test('Slack\'s documented example verifies, with the clock at its timestamp', async (t) => {
  const request: SignedRequest = { timestamp: SLACK_EXAMPLE.timestamp, signature: SLACK_EXAMPLE.signature, body: Buffer.from(SLACK_EXAMPLE.body) }
  t.equal(sign(SLACK_EXAMPLE.secret, SLACK_EXAMPLE.timestamp, SLACK_EXAMPLE.body), SLACK_EXAMPLE.signature, 'the tests sign as Slack does')
  t.same(verifySlackRequest(SLACK_EXAMPLE.secret, request, at(Number(SLACK_EXAMPLE.timestamp))), { ok: true })
  t.same(verifySlackRequest(SLACK_EXAMPLE.secret, request, Date.now()), { ok: false, reason: 'the timestamp is more than 5 minutes from now' },
    'the same request today is a replay')
})

t.test('timestamps up to five minutes away either way are accepted, and no further', async (t) => {
  const body = Buffer.from(commandBody('hello'))
  const timestamp = String(NOW_SECONDS)
  const request = { timestamp, signature: sign(SECRET, timestamp, body), body }
  const cases: Array<[offsetMs: number, ok: boolean]> = [
    [0, true], [300_000, true], [-300_000, true], [300_999, false], [-300_001, false], [301_000, false], [-3600_000, false], [86_400_000, false]
  ]
  for (const [offset, ok] of cases) {
    t.equal(verifySlackRequest(SECRET, request, at(NOW_SECONDS) + offset).ok, ok, `clock ${offset} ms from the timestamp: ${ok ? 'accepted' : 'refused'}`)
  }
})

t.test('every way a request can fail is refused, with a reason that names the rule', async (t) => {
  const body = commandBody('hello')
  const timestamp = String(NOW_SECONDS)
  const good = sign(SECRET, timestamp, body)
  const cases: Array<[name: string, request: SignedRequest, reason: RegExp]> = [
    ['no timestamp', { timestamp: undefined, signature: good, body: Buffer.from(body) }, /Timestamp header is missing/],
    ['empty timestamp', { timestamp: '', signature: good, body: Buffer.from(body) }, /not a number of seconds/],
    ['timestamp in milliseconds', { timestamp: timestamp + '000', signature: sign(SECRET, timestamp + '000', body), body: Buffer.from(body) }, /not a number of seconds/],
    ['text timestamp', { timestamp: 'yesterday', signature: good, body: Buffer.from(body) }, /not a number of seconds/],
    ['negative timestamp', { timestamp: '-1', signature: good, body: Buffer.from(body) }, /not a number of seconds/],
    ['fractional timestamp', { timestamp: `${timestamp}.5`, signature: good, body: Buffer.from(body) }, /not a number of seconds/],
    ['no signature', { timestamp, signature: undefined, body: Buffer.from(body) }, /Signature header is missing/],
    ['empty signature', { timestamp, signature: '', body: Buffer.from(body) }, /not v0= and 64 hex digits/],
    ['other version', { timestamp, signature: good.replace('v0=', 'v1='), body: Buffer.from(body) }, /not v0=/],
    ['bare hex', { timestamp, signature: good.slice(3), body: Buffer.from(body) }, /not v0=/],
    ['truncated', { timestamp, signature: good.slice(0, -2), body: Buffer.from(body) }, /not v0=/],
    ['two signatures', { timestamp, signature: `${good}, ${good}`, body: Buffer.from(body) }, /not v0=/],
    ['not hex', { timestamp, signature: 'v0=' + 'g'.repeat(64), body: Buffer.from(body) }, /not v0=/],
    ['wrong secret', { timestamp, signature: sign('another-secret', timestamp, body), body: Buffer.from(body) }, /does not match/],
    ['all zeros', { timestamp, signature: 'v0=' + '0'.repeat(64), body: Buffer.from(body) }, /does not match/],
    ['body changed after signing', { timestamp, signature: good, body: Buffer.from(body.replace('hello', 'hellO')) }, /does not match/],
    ['field added after signing', { timestamp, signature: good, body: Buffer.from(body + '&text=evil') }, /does not match/],
    ['body cut after signing', { timestamp, signature: good, body: Buffer.from(body.slice(0, -1)) }, /does not match/],
    ['timestamp changed after signing', { timestamp: String(NOW_SECONDS - 1), signature: good, body: Buffer.from(body) }, /does not match/],
    ['old request, re-sent', { timestamp: String(NOW_SECONDS - 3600), signature: sign(SECRET, String(NOW_SECONDS - 3600), body), body: Buffer.from(body) }, /more than 5 minutes/]
  ]
  for (const [name, request, reason] of cases) {
    const verdict = verifySlackRequest(SECRET, request, at(NOW_SECONDS))
    t.equal(verdict.ok, false, `${name}: refused`)
    if (!verdict.ok) {
      t.match(verdict.reason, reason, `${name}: ${verdict.reason}`)
      t.notMatch(verdict.reason, SECRET, `${name}: the reason does not show the secret`)
      t.notMatch(verdict.reason, /[0-9a-f]{64}/, `${name}: nor a signature`)
    }
  }
})

t.test('the signature covers the raw bytes, not a re-encoding of them', async (t) => {
  // The same form encoded two ways: only the bytes that were signed verify.
  const timestamp = String(NOW_SECONDS)
  const plus = 'command=%2Fcowsay&text=hello+world'
  const percent = 'command=%2Fcowsay&text=hello%20world'
  const signature = sign(SECRET, timestamp, plus)
  t.same(verifySlackRequest(SECRET, { timestamp, signature, body: Buffer.from(plus) }, at(NOW_SECONDS)), { ok: true })
  t.equal(verifySlackRequest(SECRET, { timestamp, signature, body: Buffer.from(percent) }, at(NOW_SECONDS)).ok, false)
  const utf8 = Buffer.from('command=%2Fcowsay&text=caf\u00e9')
  t.same(verifySlackRequest(SECRET, { timestamp, signature: sign(SECRET, timestamp, utf8), body: utf8 }, at(NOW_SECONDS)), { ok: true }, 'raw UTF-8 bytes')
})
