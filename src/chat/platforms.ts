import { discord } from './discord/platform.js'
import { mattermost } from './mattermost.js'
import type { ChatPlatform } from './platform.js'
import { slack } from './slack/platform.js'
import { teams } from './teams.js'

/** Every chat platform the service answers, each declared once in its adapter. */
export const CHAT_PLATFORMS: ReadonlyArray<ChatPlatform<any>> = [slack, discord, mattermost, teams]
