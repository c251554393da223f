import rateLimit from '@fastify/rate-limit'
import type { RateLimitPluginOptions } from '@fastify/rate-limit'
import type { FastifyRequest } from 'fastify'
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
