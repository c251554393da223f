import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { usageHint } from '../../src/chat/core.js'
import { OPTION_LIST, type CowOption } from '../../src/cowsay/index.js'
import { ROOT } from '../support/node-server.js'

// The copies of the option table kept outside the code: the chat apps' settings and every list
// of options in the docs. An option added to src/cowsay/options.ts and forgotten in one of
// them fails here, naming the file and the option.

const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8')
const NAMES = OPTION_LIST.map(({ name }) => name)

/** The command-line flags of an option: its letter, or each of its letters. */
const flagsOf = ({ cli }: CowOption): string[] => 'letters' in cli ? Object.keys(cli.letters).map((letter) => `-${letter}`) : [`-${cli.flag}`]

/** The text between `start` and the next `end`, so that each check reads the one list it is about. */
function between (file: string, start: string, end: string): string {
  const text = read(file)
  const from = text.indexOf(start)
  if (from === -1) throw new Error(`${file}: "${start}" not found`)
  return text.slice(from, text.indexOf(end, from + start.length))
}

/** The names in backticks in a piece of Markdown. */
const quoted = (text: string): string[] => [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? '')

t.test('slack/manifest.yml: the usage hints are the option table\'s, and the description names every option', async (t) => {
  const manifest = parse(read('slack/manifest.yml'))
  const hints = Object.fromEntries(manifest.features.slash_commands.map((command: { command: string, usage_hint: string }) => [command.command, command.usage_hint]))
  t.equal(hints['/cowsay'], usageHint('say'))
  t.equal(hints['/cowthink'], usageHint('think'))
  const description: string = manifest.display_information.long_description
  for (const option of OPTION_LIST) t.ok(flagsOf(option).some((flag) => description.includes(flag + ' ') || description.includes(flag + ',') || description.includes(flag + ')')), `long_description shows ${option.name} (${flagsOf(option).join(' ')})`)
})

t.test('mattermost/slash-commands.json: the autocomplete hints are the option table\'s', async (t) => {
  const { commands } = JSON.parse(read('mattermost/slash-commands.json')) as { commands: Array<{ trigger: string, auto_complete_hint: string }> }
  t.same(commands.map(({ trigger }) => trigger), ['cowsay', 'cowthink'])
  for (const { trigger, auto_complete_hint: hint } of commands) t.equal(hint, usageHint(trigger === 'cowthink' ? 'think' : 'say'), trigger)
})

t.test('docs/api.md: a row for every option, and the canonical order is the table\'s', async (t) => {
  const rows = new Set([...read('docs/api.md').matchAll(/^\| `(\w+)` \|/gm)].map((match) => match[1]))
  for (const name of NAMES) t.ok(rows.has(name), `a row for ${name}`)
  t.same(quoted(between('docs/api.md', 'the order ', ' (')).at(-1)?.split(', ') ?? [], NAMES, 'the order of the canonical URL')
})

t.test('docs/chat.md: every flag and every long option of the chat commands', async (t) => {
  const options = between('docs/chat.md', 'Options come before the text', '\n- ')
  for (const option of OPTION_LIST) {
    for (const flag of flagsOf(option)) t.match(options, new RegExp('`' + flag + '\\b|\\s' + flag + '\\b'), `${option.name}: ${flag}`)
    t.match(options, `--${option.name}`, `${option.name}: --${option.name}`)
  }
})

for (const [file, start, end] of [
  ['docs/architecture.md', 'Every option of a cow (', ')'],
  ['README.md', 'Options (', ')'],
  ['docs/chat/discord.md', 'The options are the', 'The message is taken']
] as const) {
  t.test(`${file}: its list of options names every option`, async (t) => {
    const listed = quoted(between(file, start, end))
    for (const name of NAMES) t.ok(listed.includes(name), name)
  })
}
