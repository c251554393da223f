import t from 'tap'
import { isTeamsSecret, verifyTeamsRequest } from '../../src/chat/teams.js'
import { TEAMS_SECRET, teamsAuthorization, teamsMessage } from '../support/teams.js'

const body = Buffer.from(teamsMessage('hello'))

t.test('a message signed as Teams documents it is accepted', async (t) => {
  t.same(verifyTeamsRequest([TEAMS_SECRET], teamsAuthorization(body), body), { ok: true })
})

t.test('forgeries are refused, for the reason they are', async (t) => {
  const good = teamsAuthorization(body)
  const cases: Array<[name: string, authorization: string | undefined, body: Buffer, reason: RegExp]> = [
    ['no Authorization', undefined, body, /missing/],
    ['another scheme', good.replace('HMAC', 'Bearer'), body, /not "HMAC"/],
    ['not base64', 'HMAC ' + '*'.repeat(43) + '=', body, /not "HMAC"/],
    ['a digest too short', good.slice(0, -4), body, /not "HMAC"/],
    ['keyed by the token as text, not decoded', 'HMAC ' + teamsAuthorization(body, Buffer.from(TEAMS_SECRET).toString('base64')).slice(5), body, /does not match/],
    ['signed with another token', teamsAuthorization(body, Buffer.alloc(32, 7).toString('base64')), body, /does not match/],
    ['body changed after signing', good, Buffer.from(teamsMessage('hellO')), /does not match/],
    ['empty body', good, Buffer.alloc(0), /does not match/]
  ]
  for (const [name, authorization, sent, reason] of cases) {
    const verdict = verifyTeamsRequest([TEAMS_SECRET], authorization, sent)
    t.equal(verdict.ok, false, `${name}: refused`)
    if (!verdict.ok) t.match(verdict.reason, reason, `${name}: ${verdict.reason}`)
  }
})

t.test('a security token is base64 of 16 bytes or more', async (t) => {
  t.ok(isTeamsSecret(TEAMS_SECRET))
  for (const bad of ['', 'not base64!', 'c2hvcnQ=', Buffer.alloc(15).toString('base64'), TEAMS_SECRET.slice(1)]) t.notOk(isTeamsSecret(bad), JSON.stringify(bad))
})

t.test('each team\'s webhook has its own token: a message signed with any one of them is accepted', async (t) => {
  const other = Buffer.alloc(32, 9).toString('base64')
  t.same(verifyTeamsRequest([other, TEAMS_SECRET], teamsAuthorization(body), body), { ok: true })
  t.same(verifyTeamsRequest([other, TEAMS_SECRET], teamsAuthorization(body, other), body), { ok: true })
  t.equal(verifyTeamsRequest([other], teamsAuthorization(body), body).ok, false)
  t.equal(verifyTeamsRequest([], teamsAuthorization(body), body).ok, false, 'no tokens, no entry')
})
