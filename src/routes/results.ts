import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { LRUCache } from 'lru-cache'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ACTIONS, DEFAULT_TEXT, InputError, MAX_LINK_LENGTH, RANDOM_COW, checkMessage, pickRandomCow, readOptions, type CowOptions } from '../cowsay/index.js'
import { escapeXml } from '../image/svg.js'
import { CowResult, ErrorBody, ResultBody, ResultQuery, negotiatedResult } from '../results/schemas.js'
import { canonicalPath, fitsInPath } from '../results/canonical.js'
import { CONTENT_TYPES, RESULT_FORMATS, alternatesOf, serialise, type ResultFormat } from '../results/formats.js'
import { etagOf, type RepresentationCache } from '../results/representations.js'
import { formValues } from '../results/form.js'
import { drawingLabel } from '../results/drawings.js'
import { overstrike } from '../cowsay/overstrike.js'
import { pictureAlt, resultTitle, summary } from '../results/titles.js'
import { oembedPath } from '../results/oembed.js'
import { Base64Text } from '../results/xml.js'
import type { Drawing, DrawingCache } from '../results/drawings.js'
import type { PictureCache } from '../results/pictures.js'
import { CACHE_NAMED_FORMAT, CACHE_NEGOTIATED, CACHE_NONE, sendCached, withLinks, type CachePolicy } from '../http/negotiation/caching.js'
import { HttpError } from '../http/pipeline/errors.js'
import { origin } from '../http/urls.js'
import { QUERY_ERROR, decodeUrlComponent, parseQuery } from '../results/urlencoded.js'
import { RESULT_NOT_ACCEPTABLE_MESSAGE, negotiateResult, varyOf } from '../http/negotiation/negotiate.js'
import { OPTIONAL_BODY } from './openapi.js'

export interface ResultPipelineOptions {
  drawings: DrawingCache
  pictures: PictureCache
  /** Finished bodies of results (the metrics read its counts). */
  representations: RepresentationCache
  publicUrl: string | null
}

/**
 * A result as the pipeline sends it: what is drawn, and the address it lives at. A message's
 * address is `/say/<text>?<options>`; a fortune's is `/fortune/<database>/<n>?<options>`, the
 * same drawing at another address (./fortunes.ts).
 */
export interface Result {
  text: string
  options: CowOptions
  /** The canonical path: the key of every cache of this result's bodies. */
  path: string
  /** The canonical path with `?format=`, or with another cow (the page's "Random cow"). */
  at: (format?: ResultFormat, cow?: string) => string
  /** Where a fortune comes from, which JSON and XML carry beside the drawing, and its own path (a day's fortune has one too). */
  fortune?: { database: string, index: number, path: string }
}

/** A message's result, at its canonical URL. */
const messageResult = (text: string, options: CowOptions): Result => ({
  text,
  options,
  path: canonicalPath(text, options),
  at: (format, cow = options.cow) => canonicalPath(text, { ...options, cow }, format)
})

/**
 * Sends a result in the negotiated format, through the caches; `cacheControl` replaces the
 * caching policy (a random pick is no-store, today's cow kept until midnight), and
 * `contentLocation` names the link of a result answered in its place (sent with the result
 * only, never with a 406 or 414).
 */
export type SendResult = (request: FastifyRequest<{ Querystring: Pick<ResultQuery, 'format'> }>, reply: FastifyReply, result: Result, cacheControl?: { negotiated: CachePolicy, named: CachePolicy }, contentLocation?: string) => Promise<FastifyReply>

/**
 * What a client that asked for a page gets for a random pick: the redirect, so that the address
 * bar shows the link to share. Any other client (a terminal, a program) is answered in place.
 */
export const wantsPage = (request: FastifyRequest): boolean => negotiateResult(request) === 'html'

/**
 * A random pick (a cow, a fortune): a browser is sent to its link, so that the address bar shows
 * the link to share; any other client is answered in place, the drawing with `Content-Location`
 * naming its link, and nothing kept (the next request picks again). curl does not follow
 * redirects unless asked.
 */
export function sendPicked (request: FastifyRequest<{ Querystring: Pick<ResultQuery, 'format'> }>, reply: FastifyReply, sendResult: SendResult, result: Result, publicUrl: string | null): Promise<FastifyReply> | FastifyReply {
  if (wantsPage(request)) return reply.header('cache-control', 'no-store').redirect(result.at(request.query.format), 302)
  return sendResult(request, reply, result, { negotiated: CACHE_NONE, named: CACHE_NONE }, origin(request, publicUrl) + result.path)
}

const errorResponses = { 400: ErrorBody, 406: ErrorBody, 414: ErrorBody }

/**
 * The largest body POST /say and /think read: a message of 1,000 four-byte
 * characters percent-encoded (12,000 bytes) or JSON-escaped as surrogate
 * pairs (12,000), and the options, with room to spare. Larger is 413.
 */
const RESULT_BODY_LIMIT = 16 * 1024
const FORM = 'application/x-www-form-urlencoded'
const FORM_NAMES = { whole: 'form body', field: 'form field' }

/**
 * `GET http://host/say/x HTTP/1.1` (absolute form, which HTTP/1.1 servers must
 * accept) is routed by its path; the text is read from the path too, not from
 * "//host/say/x".
 */
const originForm = (url: string): string => url.replace(/^https?:\/\/[^/?]*/i, '')

const escapeMarkdown = (text: string): string => text.replace(/[\\[\]]/g, (c) => '\\' + c)

/** The picture of a result, to paste elsewhere: Markdown, and an HTML <img> at the picture's size. */
function embeds (pngUrl: string, alt: string, size: { width: number, height: number }): { markdown: string, html: string } {
  return {
    markdown: `![${escapeMarkdown(alt)}](${pngUrl})`,
    html: `<img src="${escapeXml(pngUrl)}" alt="${escapeXml(alt)}" width="${size.width}" height="${size.height}">`
  }
}

/**
 * A link with your own cow in it must still fit nginx's and Node's 16 KiB request head: the
 * message and the cow file are each within their limits, but both at their longest are not.
 */
function checkLinkLength (path: string, options: CowOptions): void {
  if (options.cowfile === null) return
  if (path.length > MAX_LINK_LENGTH) {
    throw new InputError(`The link would be ${path.length} characters with this message and cow file; together they may take at most ${MAX_LINK_LENGTH}: shorten one of them`, 'too long')
  }
}

/** A result page's URL read once: what a link means does not change, and the same link is opened many times. */
const READINGS_KEPT = 1000
/** Longer URLs (a message near its limit, a cow file) are read each time; these are most of them. */
const READING_URL_MAX = 2048

/**
 * The one result pipeline: negotiation, the caches of drawings, bodies and pictures, every
 * representation. Made once by the app; the routes of messages and of fortunes send through it.
 */
export function resultPipeline (app: FastifyInstance, { drawings, pictures, representations, publicUrl }: ResultPipelineOptions): SendResult {
  const pngEtags = new WeakMap<Buffer, string>()

  /** Builds one representation's body; called once per representation, then cached. */
  function build (format: ResultFormat, result: Result, drawing: Drawing, base: string): Promise<string> | string {
    const { options } = result
    // What a screen shows of the text: a fortune's backspaces (./fortunes.ts) are in the text output and JSON only.
    const text = overstrike(result.text)
    const permalink = base + result.path
    // The pictures' alternative text, and the image in link previews.
    const alt = pictureAlt(text, options)
    const fortune: Record<string, { database: string, index: number, permalink: string }> = result.fortune === undefined ? {} : { fortune: { database: result.fortune.database, index: result.fortune.index, permalink: base + result.fortune.path } }
    switch (format) {
      case 'text':
      case 'png':
        return drawing.ansi
      case 'card':
        return drawing.output
      case 'svg':
        return pictures.svg(drawing, alt).svg
      case 'html': {
        const pngUrl = base + result.at('png')
        return app.view('pages/result.njk', {
          title: resultTitle(text, options),
          description: summary(text, 200),
          text,
          options,
          drawing: drawing.shown,
          lineCount: drawing.lines.length,
          permalink,
          canonicalUrl: permalink,
          alternates: alternatesOf((alternate) => result.at(alternate as ResultFormat), RESULT_FORMATS),
          // A day's page offers its fortune's own link (the same drawing), which oEmbed reads back.
          oembed: base + oembedPath(base + (result.fortune?.path ?? result.path)),
          downloads: { png: result.at('png'), svg: result.at('svg'), name: `${options.cow}-${options.action}s` },
          embed: embeds(pngUrl, alt, pictures.naturalSize(drawing)),
          randomCowPath: result.at(undefined, RANDOM_COW),
          card: { url: base + result.at('card'), ...pictures.pngSize(drawing, 'card'), alt },
          form: formValues(text, options)
        })
      }
      default: {
        // The ANSI drawing is base64 in XML, which cannot carry ESC; the text itself in JSON. JSON's
        // `text` keeps a fortune's backspaces too, which XML 1.0 cannot carry (its `ansi` has them).
        const value = { text: format === 'json' ? result.text : text, ...options, label: drawingLabel(text, options), output: drawing.output, ansi: new Base64Text(drawing.ansi), lines: drawing.lines, permalink, ...fortune } satisfies Partial<Record<keyof CowResult, unknown>>
        return serialise(format, { root: 'cow', value, itemNames: { lines: 'line' } })
      }
    }
  }

  return async function sendResult (request, reply, result, cacheControl, contentLocation) {
    const { text, options, path } = result
    reply.header('vary', varyOf(request))
    const format = negotiateResult(request)
    if (format === null) throw new HttpError(406, RESULT_NOT_ACCEPTABLE_MESSAGE)
    checkLinkLength(path, options)
    if (contentLocation !== undefined) reply.header('content-location', contentLocation)
    const policy = request.query.format === undefined ? cacheControl?.negotiated ?? CACHE_NEGOTIATED : cacheControl?.named ?? CACHE_NAMED_FORMAT
    reply.type(CONTENT_TYPES[format])
    if (format === 'png' || format === 'card') {
      // PNGs have their own byte-bounded cache; their ETag is remembered per buffer.
      const png = await pictures.png(drawings.draw(text, options), format === 'card' ? 'card' : 'picture')
      let etag = pngEtags.get(png)
      if (etag === undefined) pngEtags.set(png, etag = etagOf(png))
      return sendCached(request, reply, { body: png, etag }, policy)
    }
    // Pages, JSON and XML carry absolute links, so they depend on the origin too.
    const base = format === 'text' || format === 'svg' ? '' : origin(request, publicUrl)
    // A finished body is found without the drawing: that is drawn (or found) only to make one.
    const entry = await representations.get(`${format}\n${base}\n${path}`, () => build(format, result, drawings.draw(text, options), base))
    return sendCached(request, reply, entry, base === '' ? policy : withLinks(policy, publicUrl))
  }
}

export interface ResultRoutesOptions {
  sendResult: SendResult
  publicUrl: string | null
}

export default async function resultRoutes (app: FastifyInstance, { sendResult, publicUrl }: ResultRoutesOptions): Promise<void> {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>()
  const readings = new LRUCache<string, Result>({ max: READINGS_KEPT })

  /**
   * `cow=random` picks a concrete cow: a browser is sent to its stable URL, any other client
   * gets it in place, Content-Location naming that URL.
   */
  function sendRandomCow (request: FastifyRequest<{ Querystring: ResultQuery }>, reply: FastifyReply, text: string, options: CowOptions): Promise<FastifyReply> | FastifyReply {
    return sendPicked(request, reply, sendResult, messageResult(text, { ...options, cow: pickRandomCow() }), publicUrl)
  }

  // This plugin's context only (Slack's route has its own form parser): forms
  // are read as strictly as query strings, JSON by Fastify, anything else is
  // 415, text/plain included.
  app.removeContentTypeParser('text/plain')
  app.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: RESULT_BODY_LIMIT }, (_request, body, done) => {
    const fields = parseQuery(String(body), FORM_NAMES)
    const problem = fields[QUERY_ERROR]
    if (problem === undefined) done(null, fields)
    else done(new HttpError(400, problem), undefined)
  })

  for (const pathAction of ACTIONS) {
    // For programs whose text is awkward in a URL: the same as the GET of the
    // canonical URL (which Content-Location names), answered in place.
    typed.post(`/${pathAction}`, {
      bodyLimit: RESULT_BODY_LIMIT,
      // A POST without a body says "moo", as GET /say does.
      preValidation: async (request) => { request.body ??= {} },
      schema: {
        ...OPTIONAL_BODY,
        summary: `${pathAction === 'say' ? 'Say' : 'Think'} something sent in the body (JSON or a form): answers as the GET of the canonical result URL would`,
        consumes: ['application/json', FORM],
        querystring: Type.Object({ format: ResultQuery.properties.format }),
        body: ResultBody,
        response: { 200: negotiatedResult(CowResult), ...errorResponses, 413: ErrorBody, 415: ErrorBody }
      }
    }, async (request, reply) => {
      const body = request.body
      const action = body.action ?? pathAction
      const options = readOptions(body, action)
      let text = DEFAULT_TEXT
      try {
        if (body.text !== undefined && body.text !== '') text = checkMessage(body.text)
      } catch (error) {
        // The same limit and words as a URL's; only the status is a body's own.
        if (error instanceof InputError && error.problem === 'too long') throw new HttpError(413, error.message)
        throw error
      }
      // "random" becomes a concrete cow here too, named by Content-Location.
      const concrete = messageResult(text, options.cow === RANDOM_COW ? { ...options, cow: pickRandomCow() } : options)
      return sendResult(request, reply, concrete, undefined, origin(request, publicUrl) + concrete.path)
    })

    // The query form, what the HTML form submits: sends the browser to the canonical URL.
    typed.get(`/${pathAction}`, {
      schema: {
        summary: `${pathAction === 'say' ? 'Say' : 'Think'} something (query form): redirects to the canonical result URL`,
        querystring: ResultQuery,
        response: { 200: negotiatedResult(CowResult), 302: Type.Null(), 303: Type.Null(), ...errorResponses }
      }
    }, async (request, reply) => {
      const action = request.query.action ?? pathAction
      const options = readOptions(request.query, action)
      if (request.query.text === undefined || request.query.text === '') {
        // As the original did: `/say` with no text says "moo", right here.
        if (options.cow === RANDOM_COW) return sendRandomCow(request, reply, DEFAULT_TEXT, options)
        return sendResult(request, reply, messageResult(DEFAULT_TEXT, options))
      }
      const text = checkMessage(request.query.text)
      if (options.cow === RANDOM_COW) return sendRandomCow(request, reply, text, options)
      checkLinkLength(canonicalPath(text, options), options)
      const target = canonicalPath(text, options, request.query.format)
      if (fitsInPath(text) || target !== request.url) return reply.redirect(target, 303)
      return sendResult(request, reply, messageResult(text, options))
    })

    // The result page: the text is the rest of the path. It is read from the raw
    // URL rather than the router's parameter, so that %2F, '+' and broken
    // encodings are ours to interpret, and the router's length limit plays no part.
    typed.get(`/${pathAction}/*`, {
      schema: {
        summary: `The cow ${pathAction === 'say' ? 'saying' : 'thinking'} the text; the Accept header or ?format= picks HTML, JSON, plain text, XML, SVG or PNG`,
        querystring: ResultQuery,
        response: { 200: negotiatedResult(CowResult), 302: Type.Null(), ...errorResponses }
      }
    }, async (request, reply) => {
      const key = `${pathAction}\n${request.url}`
      let reading = readings.get(key)
      if (reading === undefined) {
        const prefixLength = pathAction.length + 2
        const target = originForm(request.url)
        const queryStart = target.indexOf('?')
        const rawText = target.slice(prefixLength, queryStart === -1 ? undefined : queryStart)
        const decoded = checkMessage(decodeUrlComponent(rawText, 'message'))
        const text = decoded === '' ? DEFAULT_TEXT : decoded
        reading = messageResult(text, readOptions(request.query, pathAction))
        // Only links that were read without a mistake get here: a refused one is read (and refused) each time.
        if (request.url.length <= READING_URL_MAX) readings.set(key, reading)
      }
      if (reading.options.cow === RANDOM_COW) return sendRandomCow(request, reply, reading.text, reading.options)
      return sendResult(request, reply, reading)
    })
  }
}
