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
import { pictureAlt, resultTitle, summary } from '../results/titles.js'
import { oembedPath } from '../results/oembed.js'
import { Base64Text } from '../results/xml.js'
import type { Drawing, DrawingCache } from '../results/drawings.js'
import type { PictureCache } from '../results/pictures.js'
import { CACHE_NAMED_FORMAT, CACHE_NEGOTIATED, sendCached, withLinks } from '../http/negotiation/caching.js'
import { HttpError } from '../http/pipeline/errors.js'
import { origin } from '../http/urls.js'
import { QUERY_ERROR, decodeUrlComponent, parseQuery } from '../results/urlencoded.js'
import { RESULT_NOT_ACCEPTABLE_MESSAGE, negotiateResult, varyOf } from '../http/negotiation/negotiate.js'
import { OPTIONAL_BODY } from './openapi.js'

export interface ResultRoutesOptions {
  drawings: DrawingCache
  pictures: PictureCache
  /** Finished bodies of results (the metrics read its counts). */
  representations: RepresentationCache
  publicUrl: string | null
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
interface Reading { text: string, options: CowOptions, path: string }
const READINGS_KEPT = 1000
/** Longer URLs (a message near its limit, a cow file) are read each time; these are most of them. */
const READING_URL_MAX = 2048

export default async function resultRoutes (app: FastifyInstance, { drawings, pictures, representations, publicUrl }: ResultRoutesOptions): Promise<void> {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>()
  const readings = new LRUCache<string, Reading>({ max: READINGS_KEPT })
  const pngEtags = new WeakMap<Buffer, string>()

  /** Builds one representation's body; called once per representation, then cached. */
  function build (format: ResultFormat, text: string, options: CowOptions, drawing: Drawing, base: string): Promise<string> | string {
    const path = canonicalPath(text, options)
    const permalink = base + path
    // The pictures' alternative text, and the image in link previews.
    const alt = pictureAlt(text, options)
    switch (format) {
      case 'text':
      case 'png':
        return drawing.ansi
      case 'card':
        return drawing.output
      case 'svg':
        return pictures.svg(drawing, alt).svg
      case 'html': {
        const pngUrl = base + canonicalPath(text, options, 'png')
        return app.view('pages/result.njk', {
          title: resultTitle(text, options),
          description: summary(text, 200),
          text,
          options,
          drawing: drawing.ansi,
          lineCount: drawing.lines.length,
          permalink,
          canonicalUrl: permalink,
          alternates: alternatesOf((alternate) => canonicalPath(text, options, alternate), RESULT_FORMATS),
          oembed: base + oembedPath(permalink),
          downloads: { png: canonicalPath(text, options, 'png'), svg: canonicalPath(text, options, 'svg'), name: `${options.cow}-${options.action}s` },
          embed: embeds(pngUrl, alt, pictures.naturalSize(drawing)),
          randomCowPath: canonicalPath(text, { ...options, cow: RANDOM_COW }),
          card: { url: base + canonicalPath(text, options, 'card'), ...pictures.pngSize(drawing, 'card'), alt },
          form: formValues(text, options)
        })
      }
      default: {
        // The ANSI drawing is base64 in XML, which cannot carry ESC; the text itself in JSON.
        const value = { text, ...options, label: drawingLabel(text, options), output: drawing.output, ansi: new Base64Text(drawing.ansi), lines: drawing.lines, permalink } satisfies Record<keyof CowResult, unknown>
        return serialise(format, { root: 'cow', value, itemNames: { lines: 'line' } })
      }
    }
  }

  /** Sends the result at its canonical `path` (the key of every cache of it) in the negotiated format. */
  async function sendResult (request: FastifyRequest<{ Querystring: Pick<ResultQuery, 'format'> }>, reply: FastifyReply, text: string, options: CowOptions, path = canonicalPath(text, options)): Promise<FastifyReply> {
    reply.header('vary', varyOf(request))
    const format = negotiateResult(request)
    if (format === null) throw new HttpError(406, RESULT_NOT_ACCEPTABLE_MESSAGE)
    checkLinkLength(path, options)
    const policy = request.query.format === undefined ? CACHE_NEGOTIATED : CACHE_NAMED_FORMAT
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
    const entry = await representations.get(`${format}\n${base}\n${path}`, () => build(format, text, options, drawings.draw(text, options), base))
    return sendCached(request, reply, entry, base === '' ? policy : withLinks(policy, publicUrl))
  }

  /** `cow=random` picks a concrete cow and sends the client to its stable URL. */
  function redirectToRandomCow (reply: FastifyReply, text: string, options: CowOptions, request: FastifyRequest<{ Querystring: ResultQuery }>): FastifyReply {
    const format = request.query.format
    return reply.header('cache-control', 'no-store').redirect(canonicalPath(text, { ...options, cow: pickRandomCow() }, format), 302)
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
      const concrete = options.cow === RANDOM_COW ? { ...options, cow: pickRandomCow() } : options
      reply.header('content-location', origin(request, publicUrl) + canonicalPath(text, concrete))
      return sendResult(request, reply, text, concrete)
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
        if (options.cow === RANDOM_COW) return redirectToRandomCow(reply, DEFAULT_TEXT, options, request)
        return sendResult(request, reply, DEFAULT_TEXT, options)
      }
      const text = checkMessage(request.query.text)
      if (options.cow === RANDOM_COW) return redirectToRandomCow(reply, text, options, request)
      checkLinkLength(canonicalPath(text, options), options)
      const target = canonicalPath(text, options, request.query.format)
      if (fitsInPath(text) || target !== request.url) return reply.redirect(target, 303)
      return sendResult(request, reply, text, options)
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
        const options = readOptions(request.query, pathAction)
        reading = { text, options, path: canonicalPath(text, options) }
        // Only links that were read without a mistake get here: a refused one is read (and refused) each time.
        if (request.url.length <= READING_URL_MAX) readings.set(key, reading)
      }
      const { text, options, path } = reading
      if (options.cow === RANDOM_COW) return redirectToRandomCow(reply, text, options, request)
      return sendResult(request, reply, text, options, path)
    })
  }
}
