import t from 'tap'
import { verifyMattermostRequest } from '../../src/chat/mattermost.js'
import { MATTERMOST_TOKEN } from '../support/mattermost.js'

const header = `Token ${MATTERMOST_TOKEN}`

t.test('the command\'s token, in the header, the form or both, is accepted', async (t) => {
  t.same(verifyMattermostRequest([MATTERMOST_TOKEN], { authorization: header, token: MATTERMOST_TOKEN }), { ok: true }, 'both, as Mattermost sends it')
  t.same(verifyMattermostRequest([MATTERMOST_TOKEN], { authorization: header, token: undefined }), { ok: true }, 'the header alone')
  t.same(verifyMattermostRequest([MATTERMOST_TOKEN], { authorization: undefined, token: MATTERMOST_TOKEN }), { ok: true }, 'the form field alone')
})

t.test('anything else is refused, and the reason never repeats a token', async (t) => {
  const cases: Array<[name: string, authorization: string | undefined, token: string | undefined, reason: RegExp]> = [
    ['nothing', undefined, undefined, /token is missing/],
    ['another token in both', 'Token guessed', 'guessed', /not the command's token/],
    ['the right header, another form token', header, 'guessed', /not the command's token/],
    ['the right form token, another header', 'Token guessed', MATTERMOST_TOKEN, /not the command's token/],
    ['a prefix of the token', `Token ${MATTERMOST_TOKEN.slice(0, -1)}`, undefined, /not the command's token/],
    ['the token and more', undefined, MATTERMOST_TOKEN + 'x', /not the command's token/],
    ['an empty form token', undefined, '', /not the command's token/],
    ['Bearer instead of Token', `Bearer ${MATTERMOST_TOKEN}`, MATTERMOST_TOKEN, /not "Token"/],
    ['lower-case scheme', `token ${MATTERMOST_TOKEN}`, MATTERMOST_TOKEN, /not "Token"/],
    ['no token after the scheme', 'Token ', MATTERMOST_TOKEN, /not "Token"/],
    ['two tokens in the header', `Token ${MATTERMOST_TOKEN} ${MATTERMOST_TOKEN}`, undefined, /not "Token"/]
  ]
  for (const [name, authorization, token, reason] of cases) {
    const verdict = verifyMattermostRequest([MATTERMOST_TOKEN], { authorization, token })
    t.equal(verdict.ok, false, `${name}: refused`)
    if (!verdict.ok) {
      t.match(verdict.reason, reason, `${name}: ${verdict.reason}`)
      t.notMatch(verdict.reason, /xr3j5|guessed/, `${name}: no token in the reason`)
    }
  }
})

t.test('each command has its own token: any one of them is accepted, but not two mixed', async (t) => {
  const cowthink = '9j3qwm5kp7a1bz8c4x6d2e0fgh'
  const tokens = [MATTERMOST_TOKEN, cowthink]
  t.same(verifyMattermostRequest(tokens, { authorization: `Token ${cowthink}`, token: cowthink }), { ok: true })
  t.same(verifyMattermostRequest(tokens, { authorization: header, token: MATTERMOST_TOKEN }), { ok: true })
  t.equal(verifyMattermostRequest(tokens, { authorization: header, token: cowthink }).ok, false, 'header and form from two commands')
  t.equal(verifyMattermostRequest([], { authorization: header, token: MATTERMOST_TOKEN }).ok, false, 'no tokens, no entry')
})
