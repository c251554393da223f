import type { Server } from 'node:http'
import type { FastifyHttpOptions } from 'fastify'
import type { Timeouts } from './config.js'

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
