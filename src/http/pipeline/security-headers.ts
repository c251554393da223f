import type { IncomingMessage, ServerResponse } from 'node:http'
import helmet, { type HelmetOptions } from 'helmet'

const HSTS = 'max-age=31536000; includeSubDomains'

/**
 * Strict by design: no inline script or style anywhere, so the policy can say
 * 'self'. helmet's default `upgrade-insecure-requests` is dropped because it
 * breaks the site on plain HTTP (a local compose stack); HSTS is sent only on
 * HTTPS requests (see SECURITY_HEADERS below).
 */
const helmetOptions: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      connectSrc: ["'self'"],
      fontSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      imgSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'"]
    }
  },
  strictTransportSecurity: false,
  // The same answer as frame-ancestors 'none', for browsers that only know this header.
  xFrameOptions: { action: 'deny' },
  referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  // Cows are public and meant to be embedded (an <img> of the PNG in someone's README).
  crossOriginResourcePolicy: { policy: 'cross-origin' }
}

/**
 * The headers helmet sets with these options, computed once. They are the same
 * for every response, and building helmet's middleware per request (what
 * @fastify/helmet does) cost 42 µs a request here, most of a result page's
 * budget; running the prebuilt middleware once against a recorder costs nothing.
 */
function helmetHeaders (options: HelmetOptions = helmetOptions): Record<string, string> {
  const headers: Record<string, string> = {}
  const recorder = {
    setHeader (name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value)
      return recorder
    },
    removeHeader () {}
  }
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, () => {})
  return headers
}

/**
 * helmet's headers, for every response (pages, errors, API, static files):
 * computed once, set by the first step of every request (http/pipeline/first-step.ts).
 * HSTS only over HTTPS as the client sees it (through a trusted proxy): over
 * plain HTTP it is meaningless and would pin a local stack to HTTPS.
 */
const HTTP_HEADERS = helmetHeaders()
export const SECURITY_HEADERS = {
  http: HTTP_HEADERS,
  https: { ...HTTP_HEADERS, 'strict-transport-security': HSTS }
} as const
