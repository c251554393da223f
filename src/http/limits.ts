import type { Server } from 'node:http'
import rateLimit from '@fastify/rate-limit'
import type { RateLimitPluginOptions } from '@fastify/rate-limit'
import underPressure from '@fastify/under-pressure'
import type { FastifyUnderPressureOptions } from '@fastify/under-pressure'
import type { FastifyHttpOptions, FastifyRequest } from 'fastify'
import type { RateLimit, Timeouts } from '../config.js'
import { HttpError } from './errors.js'

/**
 * Not counted: health checks (load balancers poll them) and static files (one
 * page pulls several). Everything else is, 404s included.
 */
const UNLIMITED_ROUTES = new Set(['/healthz', '/static/*'])

const isUnlimited = (request: FastifyRequest): boolean => UNLIMITED_ROUTES.has(request.routeOptions.url ?? '')

const seconds = (ms: number): string => Math.ceil(ms / 1000) === 1 ? '1 second' : `${Math.ceil(ms / 1000)} seconds`

/**
 * Per-client limits, keyed on request.ip: the client's address as the trusted
 * proxy reports it (TRUST_PROXY), so that behind nginx each client has its own
 * budget and a forged X-Forwarded-For from anyone else changes nothing. IPv6
 * clients are counted by /64, what one subscriber usually holds. The 429 is an
 * HttpError, rendered by the one error handler; the plugin sets Retry-After.
 */
export function rateLimitOptions ({ max, windowMs }: RateLimit): RateLimitPluginOptions {
  return {
    // Not added route by route (`global`): app.ts installs one hook at the
    // root, which also covers the 404 handler.
    global: false,
    max,
    timeWindow: windowMs,
    allowList: isUnlimited,
    errorResponseBuilder: (_request, context) =>
      new HttpError(context.statusCode, `Too many requests: at most ${max} every ${seconds(windowMs)} from one address; try again in ${seconds(context.ttl)}`)
  }
}

export { rateLimit }

/** How long an overloaded instance asks clients to wait; the delay is measured every second. */
export const OVERLOAD_RETRY_AFTER_SECONDS = 5

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
