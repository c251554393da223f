import underPressure from '@fastify/under-pressure'
import type { FastifyUnderPressureOptions } from '@fastify/under-pressure'
import { HttpError } from '../../web/http-error.js'

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
