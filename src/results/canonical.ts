import { DEFAULT_OPTIONS, optionParameters, readOptions, type Action, type CowOptions } from '../cowsay/index.js'
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

/**
 * The options of a fortune's URL: those that differ from a fortune's defaults, in the option
 * table's order, `action=think` first. A fortune keeps its line breaks unless `nowrap=0` (it is
 * laid out by hand, as `fortune | cowsay -n` shows it); a day's cow is the day's own unless `cow=`.
 */
function fortuneParameters (options: CowOptions, defaultCow: string): Array<[string, string]> {
  const parameters: Array<[string, string]> = options.action === 'think' ? [['action', 'think']] : []
  if (options.cow !== defaultCow && options.cowfile === null) parameters.push(['cow', options.cow])
  // Against the table's defaults with nowrap turned over: "nowrap" is then written only when it is off.
  for (const [name, value] of optionParameters({ ...options, cow: DEFAULT_OPTIONS.cow, nowrap: !options.nowrap })) {
    parameters.push(name === 'nowrap' ? [name, '0'] : [name, value])
  }
  return parameters
}

const withFormat = (parameters: Array<[string, string]>, format: ResultFormat | undefined): Array<[string, string]> =>
  format === undefined ? parameters : [...parameters, ['format', format]]

/** A fortune's one URL: `/fortune/<database>/<n>?<options>`. */
export const fortunePath = (fortune: { database: string, index: number }, options: CowOptions, format?: ResultFormat): string =>
  `/fortune/${encodeText(fortune.database)}/${fortune.index}${queryString(withFormat(fortuneParameters(options, DEFAULT_OPTIONS.cow), format))}`

/** A day's one URL: `/day/<YYYY-MM-DD>?<options>`, the cow being the day's unless another is named. */
export const dayPath = (day: string, dayCow: string, options: CowOptions, format?: ResultFormat): string =>
  `/day/${day}${queryString(withFormat(fortuneParameters(options, dayCow), format))}`

/**
 * The options a fortune's link asks for (query values already checked by their schemas): a
 * fortune keeps its line breaks unless `nowrap=0`, and the cow is `defaultCow` (a day's own)
 * unless one is named. What fortunePath and dayPath write, read back.
 */
export function readFortuneOptions (query: Readonly<Record<string, unknown>>, defaultCow: string = DEFAULT_OPTIONS.cow): CowOptions {
  const given = Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined && value !== ''))
  return readOptions({ nowrap: '1', cow: defaultCow, ...given }, query.action === 'think' ? 'think' : 'say' as Action)
}
