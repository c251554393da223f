import { MAX_TEXT_LENGTH, OPTION_LIST, type CowOption } from '../cowsay/index.js'
import { commandAction } from './command.js'
import { codeBlock, escapeSlack } from './escape.js'

/**
 * The messages the slash command answers with, as Slack's JSON: the cow for
 * the whole channel, everything else (usage, the list, mistakes) for the
 * user's eyes only.
 */
export interface SlackMessage {
  response_type: 'in_channel' | 'ephemeral'
  text: string
  /** false shows the text literally: `*`, `_`, `~` and backticks format nothing. */
  mrkdwn?: boolean
}

/** The cow in a code block, then its page: the one user-influenced part outside the block is percent-encoded. */
export const cowMessage = (drawing: string, permalink: string): SlackMessage => ({
  response_type: 'in_channel',
  text: `${codeBlock(drawing)}\n<${escapeSlack(permalink)}>`
})

/** A mistake, in the words the web uses, shown as typed: nothing in it is markup. */
export const notice = (message: string): SlackMessage => ({
  response_type: 'ephemeral',
  text: escapeSlack(message),
  mrkdwn: false
})

/** One line of usage per option of the table: its flags, its long name, what it does. */
function optionUsage ({ name, cli, usage }: CowOption): string {
  if ('letters' in cli) {
    const letters = Object.entries(cli.letters)
    return '• ' + letters.map(([letter, value]) => `\`-${letter}\` ${value}`).join(', ') + ` (\`--${name}=${letters[0]?.[1] ?? ''}\`): ${usage}`
  }
  if ('sets' in cli) return `• \`-${cli.flag}\` (\`--${name}\`) ${usage}`
  return `• \`-${cli.flag} ${cli.example}\` (\`--${name}=${cli.example}\`) ${usage}`
}

/** Usage, for `help`, `-h` or no text. `command` is the name the workspace gave it. */
export function usageMessage (command: string, origin: string): SlackMessage {
  const name = escapeSlack(command)
  const lines = [
    commandAction(command) === 'think'
      ? `*${name} hmm* posts a cow thinking it in this channel.`
      : `*${name} hello world* posts a cow saying it in this channel; *${name} think hmm* makes it think.`,
    'Options come before the text, as in the terminal, and can be bundled (`-dn`, `-W30`):',
    ...OPTION_LIST.map((option) => escapeSlack(optionUsage(option))),
    '• `' + name + ' cows` lists the cows',
    '• `--` ends the options: `' + name + ' -- -n is not an option here`',
    `Up to ${MAX_TEXT_LENGTH} characters. Every cow gets a link to its page on ${escapeSlack(origin)}.`
  ]
  return { response_type: 'ephemeral', text: lines.join('\n') }
}

/** Every cow's name, for `cows` or `-l`, and where to see them drawn. */
export const cowListMessage = (cows: readonly string[], galleryUrl: string): SlackMessage => ({
  response_type: 'ephemeral',
  // In a code block: names such as yasuna_01 would otherwise turn into italics.
  text: `${cows.length} cows, for -f:\n${codeBlock(cows.join(' '))}\nSee them all: <${escapeSlack(galleryUrl)}>`
})
