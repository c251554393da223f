import type { ChatAnswer } from '../core.js'
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

export function slackReply (answer: ChatAnswer): SlackMessage {
  switch (answer.kind) {
    // The cow in a code block, then its page: the one user-influenced part outside the block is percent-encoded.
    case 'cow': return { response_type: 'in_channel', text: `${codeBlock(answer.drawing)}\n<${escapeSlack(answer.permalink)}>` }
    // Slack's mrkdwn makes bold with one asterisk.
    case 'usage': return { response_type: 'ephemeral', text: escapeSlack(answer.markdown).replace(/\*\*/g, '*') }
    // In a code block: names such as yasuna_01 would otherwise turn into italics.
    case 'cows': return { response_type: 'ephemeral', text: `${answer.cows.length} cows, for -f:\n${codeBlock(answer.cows.join(' '))}\nSee them all: <${escapeSlack(answer.gallery)}>` }
    // A mistake, in the words the web uses, shown as typed: nothing in it is markup.
    case 'mistake': return { response_type: 'ephemeral', text: escapeSlack(answer.message), mrkdwn: false }
  }
}
