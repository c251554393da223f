import type { KeyObject } from 'node:crypto'
import { ConfigError, readSecrets } from '../../environment.js'
import { completions, readCommandOptions } from '../core.js'
import { RecentIds, header, type ChatPlatform } from '../platform.js'
import { readInteraction } from './interaction.js'
import { COMMAND_OPTIONS, MAX_CHOICES, completesAsTyped, listValues } from './commands.js'
import { PONG, choices, discordReply } from './reply.js'
import { discordPublicKey, isDiscordPublicKey, verifyDiscordRequest } from './signature.js'

interface DiscordSettings {
  key: KeyObject
  answered: RecentIds
}

/**
 * The largest interaction Discord sends for these commands: a 1,000-emoji
 * message is 12 KB of JSON escapes, and the rest (the member, the guild, the
 * options) a few KB. Anything larger is not from Discord: 413.
 */
const BODY_LIMIT = 32 * 1024

/** Discord's interactions endpoint: PING, /cowsay and /cowthink, and the cow option's autocomplete. */
export const discord: ChatPlatform<DiscordSettings, 'discordPublicKey', string | null> = {
  name: 'Discord',
  path: '/discord/interactions',
  contentType: 'application/json',
  bodyLimit: BODY_LIMIT,
  secret: {
    variable: 'DISCORD_PUBLIC_KEY',
    field: 'discordPublicKey',
    read (env) {
      const [key, ...more] = readSecrets(env, 'DISCORD_PUBLIC_KEY', isDiscordPublicKey, 'the application\'s public key from the developer portal (64 hex digits)')
      if (more.length > 0) throw new ConfigError('DISCORD_PUBLIC_KEY must be one key (one application answers here)')
      return key ?? null
    },
    headers: ['x-signature-ed25519']
  },
  settings: (publicKey) => publicKey === null ? null : { key: discordPublicKey(publicKey), answered: new RecentIds() },

  async answer ({ key, answered }, request, chat) {
    const verdict = verifyDiscordRequest(key, {
      timestamp: header(request, 'x-signature-timestamp'),
      signature: header(request, 'x-signature-ed25519'),
      body: request.body
    }, request.now)
    if (!verdict.ok) return { refused: verdict.reason }
    const read = readInteraction(request.body)
    if (!read.ok) return { invalid: read.problem }
    const { interaction, id } = read
    if (id !== undefined && !answered.isNew(id, request.now)) return { refused: 'this interaction was already answered (a replay)' }
    switch (interaction.kind) {
      case 'ping': return { json: PONG }
      case 'other': return { invalid: `Interactions of type ${interaction.type} are not answered here` }
      case 'autocomplete': {
        const option = COMMAND_OPTIONS.find((candidate) => candidate.name === interaction.focused && completesAsTyped(candidate))
        // With nothing typed yet: the default, then the list's extras ("random" for the cow).
        const leading = option?.field.kind === 'select' ? [String(option.default), option.field.first?.value ?? '', option.field.last?.value ?? ''] : []
        const found = option === undefined ? [] : completions(listValues(option), interaction.typed, MAX_CHOICES, leading)
        return { json: choices(found) }
      }
      case 'command': {
        const { message, ...options } = interaction.options
        const reply = await discordReply(chat(readCommandOptions(interaction.name, String(message ?? ''), options)))
        return 'json' in reply ? { json: reply.json } : reply.multipart
      }
    }
  }
}
