import type { APIApplicationCommandOption, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10'
import { MAX_TEXT_LENGTH, OPTION_LIST, type CowOption } from '../../cowsay/index.js'
import { FORTUNE_OPTION } from '../command.js'
import { CHAT_COMMANDS } from '../core.js'

/**
 * The slash commands as Discord registers them, derived from the option
 * table: /cowsay and /cowthink, the message first (Discord wants required
 * options before the others), then every option of the table under its own
 * name, typed by its form field: a list Discord can offer (25 choices at most)
 * or else completes as you type, a text, a bounded whole number, a box.
 */

/** Discord's option types (discord-api-types' ApplicationCommandOptionType; its enum is not needed at run time). */
const STRING = 3
const INTEGER = 4
const BOOLEAN = 5

/** Discord's limits: choices offered for an option, characters of a description. */
export const MAX_CHOICES = 25
const MAX_DESCRIPTION = 100

const describe = (text: string): string => text.length <= MAX_DESCRIPTION ? text : text.slice(0, MAX_DESCRIPTION - 1) + '…'

/** What Discord's option is made from: an option of the table, or the chat's own (FORTUNE_OPTION). */
type DeclaredOption = Pick<CowOption, 'name' | 'description' | 'field' | 'default'>

/** The options a command takes besides the message: the table's, then the chat's own. */
export const COMMAND_OPTIONS: readonly DeclaredOption[] = [...OPTION_LIST, FORTUNE_OPTION]

/** Every value a list option takes, its extra ones (such as "random") included, and none empty. */
export const listValues = (option: DeclaredOption): string[] => option.field.kind !== 'select'
  ? []
  : [option.field.first?.value, ...option.field.choices(), option.field.last?.value].filter((value): value is string => value !== undefined && value !== '')

/** Whether Discord offers the option's values itself, or asks us as the user types (autocomplete). */
export const completesAsTyped = (option: DeclaredOption): boolean => listValues(option).length > MAX_CHOICES

function discordOption (option: DeclaredOption): APIApplicationCommandOption {
  const { name, field } = option
  const description = describe(option.description)
  switch (field.kind) {
    case 'select': return completesAsTyped(option)
      ? { type: STRING, name, description, autocomplete: true }
      : { type: STRING, name, description, choices: listValues(option).map((value) => ({ name: value, value })) }
    // No length limit here: Discord counts characters its own way, and the table's rule answers with the web's words.
    case 'text': return { type: STRING, name, description }
    case 'number': return { type: INTEGER, name, description, min_value: field.min, max_value: field.max }
    case 'checkbox': return { type: BOOLEAN, name, description }
    // Your own cow, as a link's cowfile= value carries it.
    case 'textarea': return { type: STRING, name, description }
  }
}

export function discordCommands (): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return Object.entries(CHAT_COMMANDS).map(([name, action]) => ({
    name,
    description: `A cow ${action}s your message, with a link to its page`,
    options: [
      // Not required: with `fortune`, a fortune is what the cow says.
      { type: STRING, name: 'message', description: `What the cow ${action}s (up to ${MAX_TEXT_LENGTH} characters); "help" or "cows" answer only you` },
      ...COMMAND_OPTIONS.map(discordOption)
    ]
  }))
}
