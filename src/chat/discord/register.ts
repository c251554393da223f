import type { RESTPutAPIApplicationCommandsJSONBody } from 'discord-api-types/v10'

/**
 * Registering the slash commands with Discord: one bulk overwrite (PUT) of
 * the application's commands, globally or for one guild (a server, where a
 * change shows at once: handy while trying it out). What is registered is
 * exactly `commands`: commands registered before and not in it are removed.
 */

export const DISCORD_API_URL = 'https://discord.com/api/v10'

export interface Registration {
  /** The API's base URL, without a trailing slash (DISCORD_API_URL, or a stand-in in tests). */
  apiUrl: string
  applicationId: string
  botToken: string
  /** One guild's id, or undefined for global commands. */
  guildId: string | undefined
  commands: RESTPutAPIApplicationCommandsJSONBody
  /** The User-Agent Discord asks bots to send: "DiscordBot (url, version)". */
  userAgent: string
}

export type Registered = { ok: true, names: string[] } | { ok: false, status: number, message: string }

/** Discord's ids ("snowflakes") are decimal numbers of 17 to 20 digits. */
const SNOWFLAKE = /^\d{17,20}$/

export const commandsUrl = ({ apiUrl, applicationId, guildId }: Pick<Registration, 'apiUrl' | 'applicationId' | 'guildId'>): string =>
  `${apiUrl.replace(/\/+$/, '')}/applications/${applicationId}${guildId === undefined ? '' : `/guilds/${guildId}`}/commands`

/** Puts the commands; resolves with the names Discord now has, or with its status and message (never the token). */
export async function registerCommands (registration: Registration): Promise<Registered> {
  const response = await fetch(commandsUrl(registration), {
    method: 'PUT',
    headers: {
      authorization: `Bot ${registration.botToken}`,
      'content-type': 'application/json',
      'user-agent': registration.userAgent
    },
    body: JSON.stringify(registration.commands),
    signal: AbortSignal.timeout(30_000)
  })
  const text = await response.text()
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    body = undefined
  }
  if (!response.ok) {
    // Discord's errors are {"message": ..., "code": ...}; a proxy's may be anything, so only a short piece of it.
    const message = typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string' ? body.message : text.slice(0, 200)
    return { ok: false, status: response.status, message }
  }
  const names = Array.isArray(body) ? body.flatMap((command: unknown) => typeof command === 'object' && command !== null && 'name' in command && typeof command.name === 'string' ? [command.name] : []) : []
  return { ok: true, names }
}

/** What `npm run discord:register` was given: its flags and the environment. */
export interface RegisterInput {
  env: Readonly<Record<string, string | undefined>>
  guild: string | undefined
}

/**
 * The registration the environment asks for, or what is wrong with it (never
 * repeating the token): DISCORD_APPLICATION_ID, DISCORD_BOT_TOKEN, and
 * optionally DISCORD_GUILD_ID (or --guild) and DISCORD_API_URL.
 */
export function registrationFrom ({ env, guild }: RegisterInput): Omit<Registration, 'commands' | 'userAgent'> | { problem: string } {
  const applicationId = env.DISCORD_APPLICATION_ID?.trim() ?? ''
  const botToken = env.DISCORD_BOT_TOKEN?.trim() ?? ''
  const guildId = (guild ?? env.DISCORD_GUILD_ID)?.trim() || undefined
  const apiUrl = env.DISCORD_API_URL?.trim() || DISCORD_API_URL
  if (!SNOWFLAKE.test(applicationId)) return { problem: 'DISCORD_APPLICATION_ID must be the application\'s id (17 to 20 digits, from the developer portal\'s General Information)' }
  if (botToken === '' || /\s/.test(botToken)) return { problem: 'DISCORD_BOT_TOKEN must be the application\'s bot token (developer portal > Bot)' }
  if (guildId !== undefined && !SNOWFLAKE.test(guildId)) return { problem: 'the guild id must be 17 to 20 digits (a server\'s id, from "Copy Server ID" in Discord\'s developer mode)' }
  if (!/^https?:\/\/\S+$/.test(apiUrl)) return { problem: 'DISCORD_API_URL must be an http(s) URL' }
  return { apiUrl, applicationId, botToken, guildId }
}
