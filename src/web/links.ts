import type { FastifyRequest } from 'fastify'

/**
 * The origin share links are built on: PUBLIC_URL when configured, otherwise
 * the scheme and host the client used (behind a trusted proxy, the ones it
 * forwarded). A Host header that is not a plain host[:port] is not trusted.
 */
export function origin (request: FastifyRequest, publicUrl: string | null): string {
  if (publicUrl !== null) return publicUrl
  const host = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(request.host) ? request.host : 'localhost'
  return `${request.protocol}://${host}`
}
