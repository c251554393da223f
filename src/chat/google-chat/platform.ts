import { ConfigError, type Env } from '../../environment.js'
import { RecentIds, header, staleness, type ChatPlatform } from '../platform.js'
import { googleChatReply, readEvent, readMessageRequest } from './event.js'
import { GOOGLE_KEY_URLS, googleChatVerifier, isGoogleChatAudience, verifyGoogleChatRequest, type GoogleChatVerifier, type GoogleKeyUrls } from './token.js'

/** What turns Google Chat on: the audience its tokens are for, and where Google publishes the keys (tests publish their own). */
interface GoogleChatSetting {
  audience: string
  keyUrls: GoogleKeyUrls
}

function readAudience (env: Env): GoogleChatSetting | null {
  const audience = env.GOOGLE_CHAT_AUDIENCE?.trim() || null
  if (audience === null) return null
  if (!isGoogleChatAudience(audience)) {
    throw new ConfigError('GOOGLE_CHAT_AUDIENCE must be the Google Cloud project\'s number (digits) or the app\'s https:// endpoint URL, whichever the Chat API\'s "Authentication Audience" is set to')
  }
  return { audience, keyUrls: GOOGLE_KEY_URLS }
}

/** The largest event Google Chat sends for a command: the message as text, argument text and formatted text, each up to 12 KB of JSON escapes, and the space, the user and annotations. */
const BODY_LIMIT = 64 * 1024

interface GoogleChatSettings {
  verifier: GoogleChatVerifier
  answered: RecentIds
}

/** A Google Chat app's HTTP endpoint, pointed at POST /google-chat/events. */
export const googleChat: ChatPlatform<GoogleChatSettings, 'googleChat', GoogleChatSetting | null> = {
  name: 'Google Chat',
  path: '/google-chat/events',
  contentType: 'application/json',
  bodyLimit: BODY_LIMIT,
  secret: {
    variable: 'GOOGLE_CHAT_AUDIENCE',
    field: 'googleChat',
    read: readAudience,
    headers: ['authorization']
  },
  settings: (setting) => setting === null ? null : { verifier: googleChatVerifier(setting.audience, setting.keyUrls), answered: new RecentIds() },

  async answer ({ verifier, answered }, request, chat) {
    const verdict = await verifyGoogleChatRequest(verifier, header(request, 'authorization'), request.now)
    if (!verdict.ok) return { refused: verdict.reason }
    const read = readEvent(request.body)
    if (!read.ok) return { invalid: read.problem }
    const { event } = read
    // The token does not cover the body: the event's own time and the message's name refuse old and replayed ones.
    const stale = staleness(Date.parse(event.eventTime) / 1000, request.now)
    if (stale !== undefined) return { refused: stale }
    if (event.message === undefined) return { json: {} }
    if (!answered.isNew(event.message.name, request.now)) return { refused: 'this message was already answered (a replay)' }
    // Chat shows an answer to one user alone only after a slash command.
    const privateTo = event.message.command === undefined ? undefined : event.user
    return { json: googleChatReply(chat(readMessageRequest(event.message)), privateTo) }
  }
}
