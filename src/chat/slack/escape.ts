import { fence } from '../markdown.js'

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

/**
 * A drawing as the body of a ``` code block, shown exactly but unable to
 * break out of it or notify anyone (see fence), with Slack's own escaping
 * first, so that no `<!channel>` or `<https://…|link>` in it is markup.
 */
export const codeBlock = (drawing: string): string => fence(escapeSlack(drawing))
