import { Check } from 'typebox/value'
import { DEFAULT_TEXT, InputError, OPTION_LIST, RANDOM_COW, checkMessage, readOptions, type Action, type CowOptions } from '../cowsay/index.js'
import type { Size } from '../image/svg.js'
import { fortuneAt } from '../fortunes/index.js'
import { canonicalPath, fortunePath, readFortuneOptions } from './canonical.js'
import { QUERY_ERROR, decodeUrlComponent, parseQuery } from './urlencoded.js'

/**
 * oEmbed (oembed.com, version 1.0): another site (WordPress, Discourse, a
 * chat app) that is given a result's link asks GET /oembed?url=<the link> and
 * gets the result's picture to show, as a `photo`. Pure: reading a link back
 * into the result it names, and the answer.
 */

/** What a result's link names: the text and the options, as its page reads them, and where its PNG is. */
export interface LinkedResult {
  text: string
  options: CowOptions
  /** The path of the result's PNG: a message's, or a fortune's (`/fortune/<database>/<n>?...&format=png`). */
  png: string
}

/** A link read back: the result, or why it is not the link of one of this site's results (safe to show). */
export type ReadLink = { ok: true, result: LinkedResult } | { ok: false, problem: string }

const notOurs = (problem: string): ReadLink => ({ ok: false, problem })

/**
 * Reads a link the way the result routes read a request: `/say/<text>?<options>`
 * or `/say?text=<text>&<options>` (a text that cannot travel in the path), each
 * option checked by its schema. Only links under `site` (PUBLIC_URL, or the
 * origin the client asked) are ours; a random cow names no one result.
 */
export function readResultLink (link: string, site: string): ReadLink {
  let url: URL
  try {
    url = new URL(link)
  } catch {
    return notOurs('The url is not an absolute URL')
  }
  const base = new URL(site)
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname.replace(/\/?$/, '/'))) {
    return notOurs(`The url is not a result of ${site}`)
  }
  const path = url.pathname.slice(base.pathname.replace(/\/$/, '').length)
  const match = /^\/(say|think)(?:\/(.*))?$/s.exec(path)
  const fortune = /^\/fortune\/([^/]+)\/([1-9]\d{0,8})$/.exec(path)
  if (match === null && fortune === null) return notOurs('The url is not a result: results are /say/<text> and /think/<text>, fortunes /fortune/<database>/<n>')
  const query = parseQuery(url.search.slice(1))
  const broken = query[QUERY_ERROR]
  if (broken !== undefined) return notOurs(`The url is not a result: ${broken}`)
  try {
    const given: Record<string, string> = {}
    for (const [name, value] of Object.entries(query)) {
      if (Array.isArray(value)) throw new InputError(`its parameter ${name} is given more than once`)
      given[name] = value
    }
    for (const option of OPTION_LIST) {
      const value = given[option.name]
      if (value !== undefined && value !== '' && !Check(option.query, value)) throw new InputError(`its option ${option.name} is invalid: ${option.rule}`)
    }
    if (fortune !== null) {
      const found = fortuneAt(decodeUrlComponent(fortune[1] ?? '', 'database'), Number(fortune[2]))
      if (found === undefined) return notOurs('The url names no fortune there is: see /fortunes')
      const options = readFortuneOptions(given)
      if (options.cow === RANDOM_COW) return notOurs('The url names a random cow, a new one each time: embed the link it leads to')
      return { ok: true, result: { text: found.text, options, png: fortunePath(found, options, 'png') } }
    }
    if (match === null) return notOurs('The url is not a result')
    const raw = match[2] === undefined ? given.text ?? '' : decodeUrlComponent(match[2], 'message')
    const text = checkMessage(raw)
    const options = readOptions(given, match[1] as Action)
    if (options.cow === RANDOM_COW) return notOurs('The url names a random cow, a new one each time: embed the link it leads to')
    const shown = text === '' ? DEFAULT_TEXT : text
    return { ok: true, result: { text: shown, options, png: canonicalPath(shown, options, 'png') } }
  } catch (error) {
    if (error instanceof InputError) return notOurs(`The url is not a result: ${error.message.replace(/^./, (c) => c.toLowerCase())}`)
    throw error
  }
}

/** The largest size within `max` (either side may be unbounded) with the picture's proportions, never larger than it is. */
function fitWithin (size: Size, max: { width?: number, height?: number }): Size {
  const scale = Math.min(1, (max.width ?? Infinity) / size.width, (max.height ?? Infinity) / size.height)
  if (scale === 1) return size
  return { width: Math.max(1, Math.floor(size.width * scale)), height: Math.max(1, Math.floor(size.height * scale)) }
}

/** oEmbed's `photo`: the result's PNG, with what a consumer shows around it. */
export interface OEmbedPhoto {
  type: 'photo'
  version: '1.0'
  title: string
  author_name: string
  provider_name: string
  provider_url: string
  url: string
  width: number
  height: number
  cache_age: number
}

/** The service's name, as pages and oEmbed consumers show it. */
const PROVIDER_NAME = 'Cowsay as a Service'

/** A day, as the results' own caching says: a result's link always shows the same picture. */
const CACHE_AGE_SECONDS = 86_400

/** The answer for a result whose PNG is `png` pixels, drawn at most `max` large (the consumer's maxwidth and maxheight). */
export function oembedPhoto ({ options, png: pngPath }: LinkedResult, site: string, title: string, png: Size, max: { width?: number, height?: number }): OEmbedPhoto {
  const { width, height } = fitWithin(png, max)
  return {
    type: 'photo',
    version: '1.0',
    title,
    // The one who says it: the cow, or the link's own cow file.
    author_name: options.cowfile === null ? `the ${options.cow} cow` : 'a cow of the link\'s own',
    provider_name: PROVIDER_NAME,
    provider_url: site + '/',
    url: site + pngPath,
    width,
    height,
    cache_age: CACHE_AGE_SECONDS
  }
}

/** Where a result's page points oEmbed consumers: its discovery link. */
export const oembedPath = (permalink: string): string => `/oembed?url=${encodeURIComponent(permalink)}&format=json`
