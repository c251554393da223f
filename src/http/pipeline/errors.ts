import { STATUS_CODES } from 'node:http'
import fp from 'fastify-plugin'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { InputError, OPTION_LIST } from '../../cowsay/index.js'
import { formFromRequest } from '../../results/form.js'
import { CONTENT_TYPES, serialise, type ErrorFormat } from '../../results/formats.js'
import { QUERY_RULES } from '../../results/schemas.js'
import { errorFormat, varyOf } from '../negotiation/negotiate.js'
import { queryOf } from '../urls.js'

interface ErrorBody {
  statusCode: number
  error: string
  message: string
}

const FRAMEWORK_MESSAGES: Record<string, string> = {
  FST_ERR_BAD_URL: 'Malformed URL: a percent-encoding is broken or is not UTF-8',
  FST_ERR_MAX_PARAM_LENGTH: 'The URL is too long',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is too large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Unsupported content type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Content-Length does not match the body'
}

/** The query parameter a validation error is about. */
function invalidParameter (error: FastifyError): string | undefined {
  const [first] = error.validation ?? []
  if (first === undefined) return undefined
  return first.instancePath.replace(/^\//, '').split('/')[0] ||
    String((first.params as { missingProperty?: string }).missingProperty ?? '')
}

function validationMessage (error: FastifyError): string {
  const [first] = error.validation ?? []
  const parameter = invalidParameter(error)
  // The body as a whole is not an object (a JSON array, a string): nothing to name.
  if ((parameter === undefined || parameter === '') && error.validationContext === 'body') return 'Invalid body: it must be a JSON object, or a form, of the query\'s fields'
  if (first === undefined || parameter === undefined) return 'Invalid request'
  const where = error.validationContext === 'querystring' ? 'query parameter' : error.validationContext === 'body' ? 'field' : error.validationContext ?? 'parameter'
  const allowed = (first.params as { allowedValues?: unknown[] }).allowedValues
  const rule = QUERY_RULES[parameter] ?? (allowed && `it must be one of ${allowed.join(', ')}`) ?? first.message ?? 'it is invalid'
  return `Invalid ${where} "${parameter}": ${rule}`
}

/** What a client is told: its own mistakes in full, our failures never beyond "Internal Server Error". */
function describeError (error: FastifyError): ErrorBody {
  // The domain's word for a client's mistake: a message too long is 414, anything else 400.
  if (error instanceof InputError) {
    const status = error.problem === 'too long' ? 414 : 400
    return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message: error.message }
  }
  const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500
  let message: string
  // An HttpError's message is ours (overload, draining): safe to show at any status.
  if (status >= 500 && !(error instanceof HttpError)) message = 'Something went wrong on our side; it has been logged.'
  else if (error.validation !== undefined) message = validationMessage(error)
  else message = (error.code !== undefined ? FRAMEWORK_MESSAGES[error.code] : undefined) ?? error.message
  return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message }
}

/** A mistake in one field of the form, worded for the person filling it in. */
interface FieldProblem {
  /** The field's name: an option's, or 'text' (the message). */
  field: string
  message: string
}

/** What the form calls each thing a request can get wrong; the options' labels come from the option table. */
const FIELD_NAMES: Readonly<Record<string, string>> = {
  text: 'The message',
  action: 'Say or think',
  ...Object.fromEntries(OPTION_LIST.map((option) => [option.name, `The ${option.label.toLowerCase()}`]))
}

/**
 * Which field of the form a client's mistake is in, if it is in one, and what
 * to say beside it: the domain's own words for what it found (an unknown cow,
 * a message too long), the option's rule for a value the schema refused
 * ("The wrap width must be a whole number from 2 to 200").
 */
function fieldProblem (error: FastifyError): FieldProblem | null {
  if (error instanceof InputError) return error.field === undefined ? null : { field: error.field, message: error.message }
  if (error.validation === undefined || error.validationContext !== 'querystring') return null
  const field = invalidParameter(error)
  const rule = field === undefined ? undefined : QUERY_RULES[field]
  const name = field === undefined ? undefined : FIELD_NAMES[field]
  if (field === undefined || rule === undefined || name === undefined) return null
  return { field, message: `${name} ${rule.replace(/^it /, '')}.` }
}

/**
 * The refusals a flood meets: not found, a method not allowed, over the rate
 * limit, load shed. What protects the service must be its cheapest answer, so
 * each is made once per format and message (a small page, without the form)
 * and kept as bytes; a mistake in a field still gets the page that puts the
 * form beside it.
 */
const REFUSALS = new Set([404, 405, 429, 503])
/** Bodies kept (the 429's message counts down the seconds); all are forgotten when full. */
const REFUSALS_KEPT = 512

declare module 'fastify' {
  interface FastifyInstance {
    /** The refusals' bodies, by format, status and message. */
    refusalBodies: Map<string, Buffer>
  }
}

async function refusalBody (request: FastifyRequest, format: ErrorFormat, body: ErrorBody): Promise<Buffer> {
  const bodies = request.server.refusalBodies
  const key = `${format}\n${body.statusCode}\n${body.message}`
  let bytes = bodies.get(key)
  if (bytes === undefined) {
    bytes = Buffer.from(format === 'html' ? await request.server.view('pages/refusal.njk', { ...body }) : errorText(format, body))
    if (bodies.size >= REFUSALS_KEPT) bodies.clear()
    bodies.set(key, bytes)
  }
  return bytes
}

/** An error in a format other than a page. */
function errorText (format: Exclude<ErrorFormat, 'html'>, body: ErrorBody): string {
  switch (format) {
    case 'text':
      return `${body.statusCode} ${body.error}: ${body.message}\n`
    default:
      return serialise(format, { root: 'error', value: { ...body } })
  }
}

/** Renders an error in the representation the client negotiated: the one place that does. A page also marks the field at fault. */
async function sendError (request: FastifyRequest, reply: FastifyReply, body: ErrorBody, problem: FieldProblem | null = null): Promise<FastifyReply> {
  const format = errorFormat(request)
  reply.code(body.statusCode).header('vary', varyOf(request)).header('cache-control', 'no-store').type(CONTENT_TYPES[format])
  if (problem === null && REFUSALS.has(body.statusCode)) return reply.send(await refusalBody(request, format, body))
  if (format !== 'html') return reply.send(errorText(format, body))
  return reply.send(await request.server.view('pages/error.njk', { ...body, problem, form: formFromRequest(request.url, queryOf(request)) }))
}

/** Errors the router raises before any route runs (bad percent-encoding, overlong parameters). */
export function frameworkErrors (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  sendError(request, reply, describeError(error)).catch((failure: unknown) => {
    request.log.error({ err: failure }, 'could not render a framework error')
    reply.code(500).type('text/plain; charset=utf-8').send('500 Internal Server Error\n')
  })
}

async function errors (app: FastifyInstance): Promise<void> {
  app.decorate('refusalBodies', new Map<string, Buffer>())
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const body = describeError(error)
    if (body.statusCode >= 500 && !(error instanceof HttpError)) request.log.error({ err: error }, 'request failed')
    // At info level a request is one line, written when it completes (its status says enough).
    else request.log.debug({ statusCode: body.statusCode, reason: body.message }, 'client error')
    return sendError(request, reply, body, body.statusCode < 500 ? fieldProblem(error) : null)
  })

  app.setNotFoundHandler(async (request, reply) =>
    sendError(request, reply, { statusCode: 404, error: 'Not Found', message: 'There is no page at this address. Try the form at /.' }))
}

export default fp(errors, { name: 'errors' })

/**
 * An error a client caused, with the status and the message it is shown.
 * The error handler renders it in the client's format; anything that is not an
 * HttpError (or a Fastify 4xx) is a 500 whose message never leaves the server.
 */
export class HttpError extends Error {
  constructor (readonly statusCode: number, message: string) {
    super(message)
    this.name = 'HttpError'
  }
}

export const badRequest = (message: string): HttpError => new HttpError(400, message)
