import { createHmac, randomBytes } from 'node:crypto'
import { NOW_SECONDS } from './slack.js'

/*
 * Outgoing webhook messages made the way Microsoft Teams makes them, from its
 * documentation ("Create an outgoing webhook", and its Node sample):
 * `Authorization: HMAC ` + base64(HMAC-SHA256(raw body, key = the security
 * token decoded from base64)).
 */

/** A security token as Teams shows it when the webhook is created: base64 of 32 random bytes. */
export const TEAMS_SECRET = randomBytes(32).toString('base64')

const NOW_MS = NOW_SECONDS * 1000

export const teamsAuthorization = (body: string | Buffer, secret = TEAMS_SECRET): string =>
  'HMAC ' + createHmac('sha256', Buffer.from(secret, 'base64')).update(Buffer.from(body)).digest('base64')

/**
 * A message as Teams posts it when someone @mentions the webhook: the text
 * starts with the mention, and the activity carries its time.
 */
let messages = 0

export function teamsMessage (typed: string, { timestamp = new Date(NOW_MS).toISOString(), id = String(1793534400000 + ++messages), name = 'Cowsay' }: { timestamp?: string, id?: string, name?: string } = {}): string {
  return JSON.stringify({
    type: 'message',
    id,
    timestamp,
    localTimestamp: timestamp.replace('Z', '-08:00'),
    serviceUrl: 'https://smba.trafficmanager.net/amer/',
    channelId: 'msteams',
    from: { id: '29:1XJKJMvc5GBtc2JwZq0oj8tHZmzrQgFmB39ATiQWA85gQtHieVkKilBZ9XHoq9j7Zaqt7CZ-NJWi7me2kHTL3Bw', name: 'Steve', aadObjectId: 'f5c7a0f4-2b8b-4c3e-9f4c-1e2d3c4b5a69' },
    conversation: { isGroup: true, id: '19:4b6d9a1c8b7e4f3a9c2d1e0f5a6b7c8d@thread.skype;messageid=1793534400000', name: null, conversationType: 'channel', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' },
    recipient: null,
    textFormat: 'plain',
    attachmentLayout: null,
    membersAdded: [],
    membersRemoved: [],
    topicName: null,
    historyDisclosed: null,
    locale: 'en-US',
    text: `<at>${name}</at> ${typed}\n`,
    attachments: [{ contentType: 'text/html', content: `<div><span itemscope="" itemtype="http://schema.skype.com/Mention" itemid="0">${name}</span> ${typed}</div>` }],
    entities: [{ type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web' }],
    channelData: { teamsChannelId: '19:4b6d9a1c8b7e4f3a9c2d1e0f5a6b7c8d@thread.skype', teamsTeamId: '19:0a1b2c3d4e5f@thread.skype', channel: { id: '19:4b6d9a1c8b7e4f3a9c2d1e0f5a6b7c8d@thread.skype' }, team: { id: '19:0a1b2c3d4e5f@thread.skype' }, tenant: { id: '72f988bf-86f1-41af-91ab-2d7cd011db47' } }
  })
}

export const teamsHeaders = (body: string | Buffer, secret = TEAMS_SECRET): Record<string, string> => ({
  'content-type': 'application/json; charset=utf-8',
  authorization: teamsAuthorization(body, secret)
})
