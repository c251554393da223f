import rateLimit from '@fastify/rate-limit'
import type { RateLimitPluginOptions } from '@fastify/rate-limit'
import type { FastifyBaseLogger, FastifyRequest } from 'fastify'
import { Redis } from 'ioredis'
import type { RateLimit } from '../../config.js'
import { HttpError } from '../../web/http-error.js'

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

/**
 * The Redis client for the shared limit, set so that Redis being away never
 * holds a request up: no queue of commands while disconnected (they fail at
 * once, and the request is served), a quarter of a second at most for an
 * answer, and reconnection in the background, forever. Each change between
 * reachable and unreachable is logged once (not once per retry).
 */
export function rateLimitStore (url: string, log: FastifyBaseLogger): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
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
  return redis
}

export { rateLimit }
