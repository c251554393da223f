import { optionParameters, type CowOptions } from '../cowsay/index.js'
import type { ResultFormat } from './formats.js'

// Everything but letters, digits, '-' and '_' is percent-encoded. '.', '!', '(',
// ')', '~', '*' and "'" are legal in a path, but chat apps' link detectors drop
// them at the end of a URL, and '+' turns into a space in some hops.
const encodeText = (text: string): string =>
  encodeURIComponent(text).replace(/[.!'()*~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())

/**
 * Browsers, nginx and every URL library resolve "." and ".." path segments
 * before the request is sent, however they are encoded (WHATWG counts %2E as a
 * dot, nginx decodes %2F before it resolves). A text with such a segment cannot
 * travel in the path, so its canonical URL keeps it in the query instead.
 */
export const fitsInPath = (text: string): boolean =>
  !text.split(/[/\\]/).some((segment) => segment === '.' || segment === '..')

const queryString = (parameters: Array<[string, string]>): string =>
  parameters.length === 0 ? '' : '?' + parameters.map(([key, value]) => `${key}=${encodeText(value)}`).join('&')

/**
 * The one URL of a result: `/say/<text>?<options>`, the text percent-encoded so
 * that it survives browsers, nginx and chat apps and decodes to the same text,
 * then the options that differ from the defaults, in the option table's order.
 * It is also the identity of a result: the caches of drawings, representations
 * and pictures are keyed by it. A `format` is appended last when a redirect
 * must keep the client's choice.
 */
export function canonicalPath (text: string, options: CowOptions, format?: ResultFormat): string {
  const parameters: Array<[string, string]> = optionParameters(options)
  if (format !== undefined) parameters.push(['format', format])
  if (fitsInPath(text)) return `/${options.action}/${encodeText(text)}${queryString(parameters)}`
  return `/${options.action}${queryString([['text', text], ...parameters])}`
}

/** The form with `options` chosen (`/?cow=tux`): the options that differ from the defaults, as canonicalPath writes them. */
export const formPath = (options: CowOptions): string => '/' + queryString(optionParameters(options))
