import type { Server } from 'node:http'
import rateLimit from '@fastify/rate-limit'
import type { RateLimitPluginOptions } from '@fastify/rate-limit'
import underPressure from '@fastify/under-pressure'
import type { FastifyUnderPressureOptions } from '@fastify/under-pressure'
import type { FastifyBaseLogger, FastifyHttpOptions, FastifyRequest } from 'fastify'
import type { Redis } from 'ioredis'
import type { RateLimit, Timeouts } from '../../config.js'
import { HttpError } from './errors.js'

/**
 * Not counted: health checks and metrics (load balancers, probes and
 * Prometheus poll them) and static files (one page pulls several). Everything
 * else is, 404s included.
 */
const UNLIMITED_ROUTES = new Set(['/healthz', '/livez', '/metrics', '/static/*'])

const isUnlimited = (request: FastifyRequest): boolean => UNLIMITED_ROUTES.has(request.routeOptions.url ?? '')

const seconds = (ms: number): string => Math.ceil(ms / 1000) === 1 ? '1 second' : `${Math.ceil(ms / 1000)} seconds`

/** What the rate limit needs to know beyond its numbers. */
export interface RateLimitHooks {
  /** The shared store (REDIS_URL); without it each process counts on its own. */
  redis?: Redis
  /** Called for each request refused with 429 (the metrics count them). */
  onRefused?: () => void
}

/**
 * Per-client limits, keyed on request.ip: the client's address as the trusted
 * proxy reports it (TRUST_PROXY), so that behind nginx each client has its own
 * budget and a forged X-Forwarded-For from anyone else changes nothing. IPv6
 * clients are counted by /64, what one subscriber usually holds. The 429 is an
 * HttpError, rendered by the one error handler; the plugin sets Retry-After.
 *
 * With a Redis store every process counts in the same place, so N replicas
 * give a client the limit once. When Redis cannot answer, the request is
 * served (skipOnError): a missing limit for a moment is better than a site
 * that refuses everyone because a counter is away.
 */
export function rateLimitOptions ({ max, windowMs }: RateLimit, { redis, onRefused }: RateLimitHooks = {}): RateLimitPluginOptions {
  return {
    // Not added route by route (`global`): app.ts installs one hook at the
    // root, which also covers the 404 handler.
    global: false,
    max,
    timeWindow: windowMs,
    allowList: isUnlimited,
    ...(redis === undefined ? {} : { redis, nameSpace: 'cowsay-rate-limit:', skipOnError: true }),
    ...(onRefused === undefined ? {} : { onExceeded: onRefused }),
    errorResponseBuilder: (_request, context) =>
      new HttpError(context.statusCode, `Too many requests: at most ${max} every ${seconds(windowMs)} from one address; try again in ${seconds(context.ttl)}`)
  }
}

/** How long the rate limit's store may take to connect, at start and after a loss. */
const CONNECT_TIMEOUT_MS = 1000

/**
 * The Redis client for the shared limit, set so that Redis being away never
 * holds a request up: no queue of commands while disconnected (they fail at
 * once, and the request is served), a quarter of a second at most for an
 * answer, and reconnection in the background, forever. Each change between
 * reachable and unreachable is logged once (not once per retry).
 * ioredis is loaded here, only when REDIS_URL asks for it: loading it costs
 * some 40 ms of every start.
 */
export async function rateLimitStore (url: string, log: FastifyBaseLogger): Promise<Redis> {
  const { Redis } = (await import('ioredis')).default
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: CONNECT_TIMEOUT_MS,
    commandTimeout: 250,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000)
  })
  let reachable: boolean | null = null
  const report = (now: boolean, error?: Error): void => {
    if (reachable === now) return
    reachable = now
    if (now) log.info('rate limit store reachable: the limit is shared')
    // The URL may hold a password: log the error's code, never the URL.
    else log.warn({ err: error === undefined ? undefined : { message: error.message, code: (error as NodeJS.ErrnoException).code } }, 'rate limit store unreachable: serving without the rate limit until it is back')
  }
  redis.on('ready', () => report(true))
  redis.on('error', (error: Error) => report(false, error))
  redis.on('close', () => report(false))
  // Commands are not queued while it connects (enableOfflineQueue: false), and the limit fails
  // open: a request served before the store is ready is not counted. So the app starts serving
  // once the store answers, or says it cannot, or after the connect timeout at the most.
  await new Promise<void>((resolve) => {
    const settled = (): void => {
      clearTimeout(timer)
      redis.off('ready', settled)
      redis.off('error', settled)
      resolve()
    }
    const timer = setTimeout(settled, CONNECT_TIMEOUT_MS)
    redis.once('ready', settled)
    redis.once('error', settled)
  })
  return redis
}

export { rateLimit }

/** How long an overloaded instance asks clients to wait; the delay is measured every second. */
const OVERLOAD_RETRY_AFTER_SECONDS = 5

/**
 * Load shedding: when the event loop lags more than `maxEventLoopDelay` ms (on
 * average over the last second), new requests get 503 with Retry-After at once
 * instead of queueing behind the lag until every client has timed out. The
 * error goes through our error handler, so it comes in the client's format.
 */
export function underPressureOptions (maxEventLoopDelay: number): FastifyUnderPressureOptions {
  return {
    maxEventLoopDelay,
    retryAfter: OVERLOAD_RETRY_AFTER_SECONDS,
    pressureHandler: async (_request, reply) => {
      reply.header('retry-after', String(OVERLOAD_RETRY_AFTER_SECONDS))
      throw new HttpError(503, `The service is overloaded; try again in ${OVERLOAD_RETRY_AFTER_SECONDS} seconds`)
    }
  }
}

export { underPressure }

/**
 * Node's HTTP timeouts, so that a client sending a byte a second, or opening
 * connections and saying nothing, holds a socket for seconds rather than
 * minutes. Node enforces the header and request limits only when it sweeps its
 * connections, every 30 s by default; sweeping every second (or a quarter of
 * the header limit when that is shorter) makes the limits mean what they say.
 */
export function timeoutOptions (timeouts: Timeouts): FastifyHttpOptions<Server> {
  return {
    connectionTimeout: timeouts.connection,
    keepAliveTimeout: timeouts.keepAlive,
    requestTimeout: timeouts.request,
    http: {
      headersTimeout: timeouts.headers,
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(timeouts.headers / 4)))
    }
  }
}
