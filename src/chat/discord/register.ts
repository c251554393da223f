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
export const SNOWFLAKE = /^\d{17,20}$/

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
