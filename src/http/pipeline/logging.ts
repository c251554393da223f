import { randomUUID } from 'node:crypto'
import pino from 'pino'
import type { IncomingMessage } from 'node:http'
import fp from 'fastify-plugin'
import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify'
import { CHAT_PLATFORMS } from '../../chat/platforms.js'

/**
 * Headers and fields that carry credentials. Nothing we log today includes
 * headers or bodies, but a future `log.info({ req: { headers } })` or a Slack
 * failure logged with its payload must not leak them: they are replaced
 * wherever they sit in these usual shapes.
 */
const SECRET_HEADERS = [...new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', ...CHAT_PLATFORMS.flatMap(({ secret }) => secret.headers)])]
/** Each chat platform's secret, by the configuration field its declaration names, and the usual names of credentials. */
const SECRET_FIELDS = [...CHAT_PLATFORMS.map(({ secret }) => secret.field), 'signingSecret', 'token', 'password']

export const REDACTED = '[redacted]'

type Loggable = Record<string, unknown>
const isObject = (value: unknown): value is Loggable => typeof value === 'object' && value !== null

function redactKeys (value: unknown, keys: readonly string[]): unknown {
  if (!isObject(value) || !keys.some((key) => key in value)) return value
  const copy: Loggable = { ...value }
  for (const key of keys) if (key in copy) copy[key] = REDACTED
  return copy
}

const withRedactedHeaders = (value: unknown): unknown =>
  isObject(value) && isObject(value.headers) ? { ...value, headers: redactKeys(value.headers, SECRET_HEADERS) } : value

/**
 * Serializers, not pino's `redact`: redact walked its 30 paths on every log
 * line, 10% of the time a cached result took here, while a serializer runs
 * only when its key is present. Requests and replies are Fastify's usual
 * fields (never their headers); anything else under these keys is copied
 * with the secrets replaced.
 */
const serializers: Record<string, (value: unknown) => unknown> = {
  req: (req) => isObject(req) && 'raw' in req
    ? { method: req.method, url: req.url, host: req.host, remoteAddress: req.ip, remotePort: (req.socket as { remotePort?: number } | undefined)?.remotePort }
    : withRedactedHeaders(req),
  res: (res) => isObject(res) && 'raw' in res ? { statusCode: res.statusCode } : withRedactedHeaders(res),
  request: withRedactedHeaders,
  headers: (headers) => redactKeys(headers, SECRET_HEADERS),
  ...Object.fromEntries(['body', 'payload', 'config', 'query', 'params'].map((key) => [key, (value: unknown) => redactKeys(value, SECRET_FIELDS)])),
  ...Object.fromEntries(SECRET_FIELDS.map((key) => [key, () => REDACTED]))
}

export function loggerOptions (level: string): { level: string, serializers: typeof serializers } {
  return { level, serializers }
}

// What nginx's $request_id and the usual tracing ids look like; anything else
// (8 KB of text, control characters) is not copied into our logs.
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/

/**
 * The proxy's X-Request-Id when it sends a sane one, so a request can be
 * followed from nginx's log to ours; a fresh UUID otherwise.
 */
function requestId (request: IncomingMessage): string {
  const given = request.headers['x-request-id']
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID()
}

/**
 * One log line per request, written when the response has been sent: method,
 * URL, client address, status, time and request id together, instead of
 * Fastify's two lines ("incoming request", then "request completed" without
 * the URL) that a reader has to join by id.
 */
class OneLinePerRequest extends LogController {
  override incomingRequest (): void {}

  override requestCompleted (error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return
    const line = {
      req: request,
      res: reply,
      responseTime: reply.elapsedTime,
      // A URL the router could not take was routed as "/" (see routableUrl in http/urls.ts).
      ...(request.originalUrl === request.url ? {} : { originalUrl: request.originalUrl.slice(0, 2048) })
    }
    if (error) reply.log.error({ ...line, err: error }, 'request errored')
    else reply.log.info(line, 'request completed')
  }
}

/**
 * Where the lines go: standard output through pino's asynchronous destination
 * (sonic-boom), which queues lines and lets the event loop write them, instead
 * of a synchronous write() per request (8% of a cached result's time). Lines
 * are written together once 4 KiB have gathered (a write system call per
 * twenty requests or so under load, where one per line cost another 6%), and
 * at least every quarter of a second, so that a quiet server's log is never
 * more than that behind. pino flushes what is left synchronously when the
 * process exits, process.exit() included, so the last lines before a stop, or
 * before the exit that follows a fatal error (main.ts), are written too.
 */
const LOG_BATCH_BYTES = 4096
const LOG_FLUSH_MS = 250
/**
 * What waits to be written is bounded: when whatever reads standard output
 * stops reading (a stuck log collector), lines beyond 16 MiB are dropped, and
 * counted (cowsay_log_lines_dropped_total), instead of the process growing
 * until its memory limit kills it. (Measured: a load generator reading the
 * log slowly let 200,000 requests grow the server by 90 MB.)
 */
const LOG_BUFFER_MAX_BYTES = 16 * 1024 * 1024
let dropped = 0
/** Log lines dropped so far because standard output was not being read. */
export const droppedLogLines = (): number => dropped

function asyncStdout (): pino.DestinationStream {
  const destination = pino.destination({ dest: 1, sync: false, minLength: LOG_BATCH_BYTES, periodicFlush: LOG_FLUSH_MS, maxLength: LOG_BUFFER_MAX_BYTES })
  destination.on('drop', () => { dropped++ })
  return destination
}

export function loggingServerOptions (level: string): FastifyServerOptions {
  return {
    logger: { ...loggerOptions(level), ...(level === 'silent' ? {} : { stream: asyncStdout() }) },
    logController: new OneLinePerRequest(),
    requestIdHeader: false,
    genReqId: requestId
  }
}

/**
 * A request the client gives up on before any response is logged too: it
 * would otherwise leave no line at all. (Every response names its request id,
 * X-Request-Id, so a user reporting a problem can quote the line we logged:
 * the first step of every request sets it, http/pipeline/first-step.ts.)
 */
async function abortedRequestsPlugin (app: FastifyInstance): Promise<void> {
  app.addHook('onRequestAbort', (request, done) => {
    request.log.info({ req: request }, 'request aborted by the client')
    done()
  })
}

export default fp(abortedRequestsPlugin, { name: 'aborted-requests' })
