import { MODES } from '../cowsay/index.js'
import { MAX_TEXT_LENGTH } from '../web/message.js'
import { MODE_FLAGS, commandAction } from './command.js'
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

const flagOf = (mode: string): string =>
  '-' + (Object.keys(MODE_FLAGS).find((flag) => MODE_FLAGS[flag] === mode) ?? '?')

/** Usage, for `help`, `-h` or no text. `command` is the name the workspace gave it. */
export function usageMessage (command: string, origin: string): SlackMessage {
  const name = escapeSlack(command)
  const lines = [
    commandAction(command) === 'think'
      ? `*${name} hmm* posts a cow thinking it in this channel.`
      : `*${name} hello world* posts a cow saying it in this channel; *${name} think hmm* makes it think.`,
    'Options come before the text, as in the terminal:',
    '• `-f tux` picks the cow (`-f random` any of them; `' + name + ' cows` lists them)',
    '• ' + MODES.map((mode) => `\`${flagOf(mode)}\` ${mode}`).join(', '),
    '• `-e ^^` eyes and `-T U` tongue, 1 or 2 characters each',
    '• `-W 30` wrap column, 2 to 200 (default 40); `-n` keeps your line breaks',
    '• the web\'s names work too: `--cow=tux --mode=dead --eyes=^^ --tongue=U --width=30 --nowrap`',
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
