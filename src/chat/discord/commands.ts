import type { APIApplicationCommandOption, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10'
import { MODES } from '../../cowsay/index.js'

/**
 * The slash commands as Discord registers them: /cowsay and /cowthink, with
 * the message first (Discord wants required options before the others) and
 * then the web's options under the web's names.
 */

/** Discord's option types (discord-api-types' ApplicationCommandOptionType, whose enum is not needed at run time). */
const STRING = 3
const INTEGER = 4
const BOOLEAN = 5

/** Each command's name and the action it stands for. */
export const DISCORD_COMMANDS = { cowsay: 'say', cowthink: 'think' } as const

function options (): APIApplicationCommandOption[] {
  return [
    { type: STRING, name: 'message', description: 'What the cow says (up to 1,000 characters); "help" or "cows" answer only you', required: true },
    { type: STRING, name: 'cow', description: 'Which cow: start typing a name, or "random"', autocomplete: true },
    { type: STRING, name: 'mode', description: 'A face that overrides the eyes (dead and stoned set the tongue too)', choices: MODES.map((mode) => ({ name: mode, value: mode })) },
    { type: STRING, name: 'eyes', description: 'Eyes: 1 or 2 characters (default oo)' },
    { type: STRING, name: 'tongue', description: 'Tongue: 1 or 2 characters (default none)' },
    { type: INTEGER, name: 'width', description: 'Wrap column, as cowsay -W (default 40)', min_value: 2, max_value: 200 },
    { type: BOOLEAN, name: 'nowrap', description: 'Keep the lines as given, as cowsay -n' }
  ]
}

export function discordCommands (): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return Object.entries(DISCORD_COMMANDS).map(([name, action]) => ({
    name,
    description: action === 'say' ? 'A cow says your message, with a link to its page' : 'A cow thinks your message, with a link to its page',
    options: options()
  }))
}
