import { parseArgs } from 'node:util'
import { readFileSync } from 'node:fs'
import { discordCommands } from '../src/chat/discord/commands.js'
import { DISCORD_API_URL, SNOWFLAKE, commandsUrl, registerCommands } from '../src/chat/discord/register.js'

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

const env = process.env
const applicationId = env.DISCORD_APPLICATION_ID?.trim() ?? ''
const botToken = env.DISCORD_BOT_TOKEN?.trim() ?? ''
const guildId = (args.guild ?? env.DISCORD_GUILD_ID)?.trim() || undefined
const apiUrl = env.DISCORD_API_URL?.trim() || DISCORD_API_URL

if (!SNOWFLAKE.test(applicationId)) fail('DISCORD_APPLICATION_ID must be the application\'s id (17 to 20 digits, from the developer portal\'s General Information)', EX_CONFIG)
if (botToken === '' || /\s/.test(botToken)) fail('DISCORD_BOT_TOKEN must be the application\'s bot token (developer portal > Bot)', EX_CONFIG)
if (guildId !== undefined && !SNOWFLAKE.test(guildId)) fail('the guild id must be 17 to 20 digits (a server\'s id, from "Copy Server ID" in Discord\'s developer mode)', EX_CONFIG)
if (!/^https?:\/\/[^\s]+$/.test(apiUrl)) fail('DISCORD_API_URL must be an http(s) URL', EX_CONFIG)

const { name, version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string, version: string }
const where = guildId === undefined ? 'globally' : `in guild ${guildId}`
try {
  const result = await registerCommands({ apiUrl, applicationId, botToken, guildId, commands, userAgent: `DiscordBot (${name}, ${version})` })
  if (!result.ok) fail(`Discord refused the commands (${result.status}): ${result.message}`, 1)
  process.stdout.write(`Registered ${result.names.map((name) => '/' + name).join(' and ')} ${where} for application ${applicationId}.\n`)
} catch (error) {
  fail(`could not reach ${commandsUrl({ apiUrl, applicationId, guildId })}: ${(error as Error).message}`, 1)
}
