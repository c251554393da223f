/**
 * Slack's text escaping. In both directions Slack encodes exactly three
 * characters: `&`, `<` and `>` (they delimit its markup: `<!channel>`,
 * `<@U123>`, `<https://…|label>`). A command's text arrives encoded that way;
 * a message's text must be sent encoded that way.
 */

const ENCODE: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' }
const DECODE: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>' }

/** For text we send: nothing in it can form Slack markup such as a mention or a link. */
export const escapeSlack = (text: string): string => text.replace(/[&<>]/g, (c) => ENCODE[c] ?? c)

/** For text Slack sent: what the user typed. One pass, so a typed `&amp;lt;` stays `&lt;`. */
export const unescapeSlack = (text: string): string => text.replace(/&(?:amp|lt|gt);/g, (entity) => DECODE[entity] ?? entity)

const ZERO_WIDTH_SPACE = '\u200B'

/**
 * A drawing as the body of a ``` code block, shown exactly but unable to
 * break out of it. Adjacent backticks get a zero-width space between them so
 * no run of three can close the block (several cows have "``" in them, and a
 * user can type "```"); the space has no width, so the columns stay aligned.
 * `@channel`, `@here` and `@everyone` get one after the `@`: escaping already
 * stops `<!channel>`, and this keeps a plain one from ever notifying anyone.
 */
export function codeBlock (drawing: string): string {
  const body = escapeSlack(drawing)
    .replace(/`(?=`)/g, '`' + ZERO_WIDTH_SPACE)
    .replace(/@(?=(?:channel|here|everyone)\b)/gi, '@' + ZERO_WIDTH_SPACE)
  return '```\n' + body + (body.endsWith('\n') ? '' : '\n') + '```'
}
