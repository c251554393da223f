/**
 * The Markdown every chat platform here speaks (Slack's mrkdwn, Discord's,
 * Mattermost's CommonMark, Teams' and Zulip's): a drawing in a fenced code block it
 * cannot leave, and plain text that formats nothing.
 */

const ZERO_WIDTH_SPACE = '\u200B'

/** The words that notify a whole channel on one platform or another (Zulip's are in bold: `@**all**`, silent `@_**all**`). */
const CHANNEL_MENTION = /@(?=(?:_?\*\*)?(?:channel|here|everyone|all|stream|topic)\b)/gi

/**
 * A drawing as a ``` code block, shown exactly but unable to break out of it.
 * Adjacent backticks get a zero-width space between them so no run of three
 * can close the block (several cows have "``" in them, and a user can type
 * "```"); the space has no width, so the columns stay aligned. `@channel` and
 * its kind get one after the `@`, so that no platform ever notifies anyone.
 * `language` names the block's highlighting (Discord's `ansi` shows colours).
 */
export function fence (drawing: string, language = ''): string {
  const body = drawing
    .replace(/`(?=`)/g, '`' + ZERO_WIDTH_SPACE)
    .replace(CHANNEL_MENTION, '@' + ZERO_WIDTH_SPACE)
  return '```' + language + '\n' + body + (body.endsWith('\n') ? '' : '\n') + '```'
}

/**
 * Text shown as written, outside a code block (a mistake's message quotes
 * what the user typed): a backslash before each character that could start
 * emphasis, code, a spoiler, a link, a tag or a heading (CommonMark's escapes,
 * which Discord's Markdown shares), and no channel mention.
 */
export const plainMarkdown = (text: string): string =>
  text.replace(/[\\`*_~|[\]<>#]/g, (c) => '\\' + c).replace(CHANNEL_MENTION, '@' + ZERO_WIDTH_SPACE)
