import Negotiator from 'negotiator'
import type { FastifyRequest } from 'fastify'
import { memoByHeader } from './memo.js'
import { queryOf } from '../urls.js'
import { ERROR_FORMATS, FORMATS, IMAGE_FORMATS, RESULT_FORMATS, type ErrorFormat, type Format, type ResultFormat } from '../../results/formats.js'
import { acceptsAnything, isTerminalClient } from './terminal-clients.js'

/** The `format` query parameter, when it names one of the formats offered. */
function formatParameter<F extends string> (request: FastifyRequest, offered: Readonly<Record<F, string>>): F | undefined {
  const format = queryOf(request).format
  return typeof format === 'string' && Object.hasOwn(offered, format) ? format as F : undefined
}

/**
 * Whether a request that names no format comes from a terminal: a
 * command-line client (curl, Wget, HTTPie, PowerShell...) whose Accept leaves
 * the choice to us. It gets plain text, as wttr.in and cheat.sh answer them;
 * browsers, and anyone who names a type, are answered by their Accept.
 */
const isTerminal = memoByHeader(isTerminalClient)
const leavesItToUs = memoByHeader(acceptsAnything)
const wantsTerminalText = (request: FastifyRequest): boolean =>
  leavesItToUs(request.headers.accept) && isTerminal(request.headers['user-agent'])

/** For each table of formats offered: the format an Accept header picks among them, remembered by header. */
const byAccept = new WeakMap<Readonly<Record<string, string>>, (accept: string | undefined) => string | null>()

function chooserFor<F extends string> (offered: Readonly<Record<F, string>>): (accept: string | undefined) => F | null {
  let choose = byAccept.get(offered) as ((accept: string | undefined) => F | null) | undefined
  if (choose === undefined) {
    const entries = Object.entries(offered) as Array<[F, string]>
    const mediaTypes = entries.map(([, mediaType]) => mediaType)
    // No Accept header (or an empty one) takes the first offered; otherwise negotiator's reading of it (what the
    // accepts package does with full media types, without loading the MIME database at start).
    choose = memoByHeader((accept) => {
      const type = accept === undefined || accept === '' ? mediaTypes[0] : new Negotiator({ headers: { accept } }).mediaTypes(mediaTypes)[0]
      return entries.find(([, mediaType]) => mediaType === type)?.[0] ?? null
    })
    byAccept.set(offered, choose)
  }
  return choose
}

/**
 * The representation a request asks for among those `offered` (in order of
 * preference): `?format=` first (links and clients that cannot set headers),
 * then plain text for a terminal that names no type, then the Accept header
 * with its q-values; the first offered, HTML, is what `*\/*` and a missing
 * header get otherwise. Null when nothing offered is acceptable.
 */
function negotiateAmong<F extends string> (request: FastifyRequest, offered: Readonly<Record<F, string>>): F | null {
  const chosen = formatParameter(request, offered)
  if (chosen !== undefined) return chosen
  if (Object.hasOwn(offered, 'text') && wantsTerminalText(request)) return 'text' as F
  return chooserFor(offered)(request.headers.accept)
}

/**
 * The Vary header of a negotiated response. Without `?format=` the answer
 * depends on Accept and, for terminals, on the User-Agent; a named format
 * depends on neither, and says Accept as it always has.
 */
export const varyOf = (request: FastifyRequest): string =>
  formatParameter(request, RESULT_FORMATS) === undefined ? 'Accept, User-Agent' : 'Accept'

/** The home page: the form for browsers, a usage text for terminals (and whoever asks for text/plain). */
const HOME_FORMATS = { html: FORMATS.html, text: FORMATS.text } as const
export const negotiateHome = (request: FastifyRequest): keyof typeof HOME_FORMATS => negotiateAmong(request, HOME_FORMATS) ?? 'html'

/** The representation of a page: HTML, JSON, text or XML. */
export const negotiate = (request: FastifyRequest): Format | null => negotiateAmong(request, FORMATS)

/** The representation of a result, which may also be a picture. */
export const negotiateResult = (request: FastifyRequest): ResultFormat | null => negotiateAmong(request, RESULT_FORMATS)

/**
 * Errors are always answered: in the negotiated format, or plain text when none
 * is acceptable. A request for a picture (an <img>, a ?format=png link) gets
 * plain text too: an error cannot be a cow, and an image tag shows no page.
 */
export const errorFormat = (request: FastifyRequest): ErrorFormat => {
  try {
    const wanted = negotiateResult(request)
    if (wanted === null || Object.hasOwn(IMAGE_FORMATS, wanted)) return 'text'
    return negotiateAmong(request, ERROR_FORMATS) ?? 'text'
  } catch {
    return 'text'
  }
}

const notAcceptable = (offered: Readonly<Record<string, string>>): string =>
  `Not acceptable: this resource is available as ${[...new Set(Object.values(offered))].join(', ')} (or ?format=${Object.keys(offered).join('|')})`

export const NOT_ACCEPTABLE_MESSAGE = notAcceptable(FORMATS)
export const RESULT_NOT_ACCEPTABLE_MESSAGE = notAcceptable(RESULT_FORMATS)
