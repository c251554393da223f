import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { discordCommands } from '../src/chat/discord/commands.js'
import { commandsUrl, registerCommands, registrationFrom } from '../src/chat/discord/register.js'

/*
 * npm run discord:register [-- --guild <id>] [-- --print]
 *
 * Registers /cowsay and /cowthink with Discord (a bulk overwrite of the
 * application's commands), from the environment:
 *   DISCORD_APPLICATION_ID  the application's id (developer portal > General Information)
 *   DISCORD_BOT_TOKEN       its bot token (developer portal > Bot > Reset Token); never printed
 *   DISCORD_GUILD_ID        optional: register in this one server only (shows at once), not globally
 *   DISCORD_API_URL         optional: the API's base URL (default https://discord.com/api/v10)
 * --print writes the commands' JSON to standard output and sends nothing.
 */

const EX_USAGE = 64
const EX_CONFIG = 78

function fail (message: string, code: number): never {
  process.stderr.write(`discord:register: ${message}\n`)
  process.exit(code)
}

function readArguments (): { guild?: string | undefined, print?: boolean | undefined } {
  try {
    return parseArgs({ options: { guild: { type: 'string' }, print: { type: 'boolean' } }, strict: true }).values
  } catch (error) {
    return fail(`${(error as Error).message}; usage: npm run discord:register [-- --guild <id>] [-- --print]`, EX_USAGE)
  }
}

const args = readArguments()
const commands = discordCommands()
if (args.print === true) {
  process.stdout.write(JSON.stringify(commands, null, 2) + '\n')
  process.exit(0)
}

const settings = registrationFrom({ env: process.env, guild: args.guild })
if ('problem' in settings) fail(settings.problem, EX_CONFIG)
const { name, version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string, version: string }
const where = settings.guildId === undefined ? 'globally' : `in guild ${settings.guildId}`
try {
  const result = await registerCommands({ ...settings, commands, userAgent: `DiscordBot (${name}, ${version})` })
  if (!result.ok) fail(`Discord refused the commands (${result.status}): ${result.message}`, 1)
  process.stdout.write(`Registered ${result.names.map((command) => '/' + command).join(' and ')} ${where} for application ${settings.applicationId}.\n`)
} catch (error) {
  fail(`could not reach ${commandsUrl(settings)}: ${(error as Error).message}`, 1)
}
