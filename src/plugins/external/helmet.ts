import helmet from '@fastify/helmet'
import type { FastifyHelmetOptions } from '@fastify/helmet'

/**
 * Strict by design: no inline script or style anywhere, so the policy can say
 * 'self'. helmet's default `upgrade-insecure-requests` is dropped because it
 * breaks the site on plain HTTP (a local compose stack); HSTS is sent only on
 * HTTPS requests, by the security-headers hook.
 */
export const helmetOptions: FastifyHelmetOptions = {
  global: true,
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
  referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  crossOriginResourcePolicy: { policy: 'same-site' }
}

export { helmet }
