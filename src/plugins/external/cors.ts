import cors from '@fastify/cors'
import type { FastifyCorsOptions } from '@fastify/cors'
import type { FastifyRequest } from 'fastify'

const READ_ONLY_METHODS = new Set(['GET', 'HEAD'])

/** A plain GET or HEAD, or a browser's preflight asking whether it may send one. */
function isReadOnly (request: FastifyRequest): boolean {
  if (READ_ONLY_METHODS.has(request.method)) return true
  const asked = request.headers['access-control-request-method']
  return request.method === 'OPTIONS' && request.headers.origin !== undefined &&
    typeof asked === 'string' && READ_ONLY_METHODS.has(asked)
}

const READ_ONLY_CORS: FastifyCorsOptions = {
  origin: '*',
  methods: [...READ_ONLY_METHODS],
  // What a script elsewhere may read beyond the safelisted headers.
  exposedHeaders: ['retry-after', 'x-request-id', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'],
  maxAge: 86_400
}

/**
 * The API is public and read-only: scripts on any site may GET it (JSON, text,
 * XML) without credentials. Nothing else is shared across origins: another
 * method, such as POST /slack/commands, or a preflight asking for one, gets no
 * CORS headers, so a browser keeps other sites' scripts from using it.
 */
export const corsOptions: FastifyCorsOptions = {
  delegator: (request: FastifyRequest, callback: (error: Error | null, options: FastifyCorsOptions) => void) => {
    callback(null, isReadOnly(request) ? READ_ONLY_CORS : { origin: false })
  }
}

export { cors }
