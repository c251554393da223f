import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import fastifyStatic from '@fastify/static'
import swagger from '@fastify/swagger'
import type { Config } from './config.js'
import { DEFAULT_OPTIONS, MODES, listCows } from './cowsay/index.js'
import { PUBLIC_DIR } from './paths.js'
import { view, viewOptions } from './plugins/external/view.js'
import { swaggerOptions } from './plugins/external/swagger.js'
import errors, { frameworkErrors } from './plugins/app/errors.js'
import securityHeaders from './plugins/app/security-headers.js'
import { methodNotAllowed } from './plugins/app/method-not-allowed.js'
import cowRoutes from './routes/cows.js'
import healthRoutes from './routes/health.js'
import homeRoutes from './routes/home.js'
import openapiRoutes from './routes/openapi.js'
import resultRoutes from './routes/results.js'
import slackRoutes from './routes/slack.js'
import staticRoutes from './routes/static.js'
import { AssetManifest } from './web/assets.js'
import { DEFAULT_TEXT, MAX_TEXT_LENGTH } from './web/message.js'
import { QUERY_ERROR, parseQuery } from './web/querystring.js'
import { DrawingCache } from './web/results.js'
import { PictureCache } from './web/pictures.js'
import { badRequest } from './web/http-error.js'

/** Fastify's own options, from the configuration: also what server.ts listens with. */
export function serverOptions (config: Config): FastifyServerOptions {
  return {
    logger: { level: config.logLevel },
    trustProxy: config.trustProxy,
    // Request ids come from the proxy when it sends one, so a request can be
    // followed from nginx's log to ours.
    requestIdHeader: 'x-request-id',
    routerOptions: {
      // The message limit (1,000 code points) is ours to enforce with a clear
      // 414; the router's default of 100 must not decide first.
      maxParamLength: MAX_TEXT_LENGTH * 12 + 64,
      querystringParser: parseQuery
    },
    frameworkErrors,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, useDefaults: false } }
  }
}

/** What tests may replace; production uses the real thing. */
export interface AppDependencies {
  /** The clock Slack's request timestamps are checked against (Date.now). */
  now?: () => number
}

/**
 * Builds the whole application, ready to inject requests into or to listen.
 * Tests call this with the configuration they need; server.ts with the
 * environment's.
 */
export async function buildApp (config: Config, dependencies: AppDependencies = {}): Promise<FastifyInstance> {
  const app = Fastify(serverOptions(config))
  const assets = new AssetManifest(PUBLIC_DIR)
  const drawings = new DrawingCache()
  const pictures = new PictureCache(config.imageFonts)

  app.addHook('onRequest', async (request) => {
    const problem = (request.query as Record<symbol, string | undefined>)[QUERY_ERROR]
    if (problem !== undefined) throw badRequest(problem)
  })

  await app.register(securityHeaders)
  await app.register(fastifyStatic, { root: PUBLIC_DIR, serve: false })
  await app.register(view, viewOptions(assets, {
    cows: listCows(),
    modes: MODES,
    defaults: DEFAULT_OPTIONS,
    maxTextLength: MAX_TEXT_LENGTH,
    defaultText: DEFAULT_TEXT,
    publicUrl: config.publicUrl
  }))
  await app.register(swagger, swaggerOptions)
  await app.register(errors)
  const addMethodNotAllowed = methodNotAllowed(app)

  await app.register(homeRoutes, { drawings })
  await app.register(resultRoutes, { drawings, pictures, publicUrl: config.publicUrl })
  await app.register(cowRoutes, { drawings })
  await app.register(healthRoutes)
  await app.register(openapiRoutes)
  await app.register(staticRoutes, { assets })
  // Never open without verification: no secret, no route (404).
  if (config.slackSigningSecret === null) app.log.info('Slack commands are off: set SLACK_SIGNING_SECRET to answer POST /slack/commands')
  else await app.register(slackRoutes, { signingSecret: config.slackSigningSecret, drawings, publicUrl: config.publicUrl, now: dependencies.now ?? Date.now })
  await app.after()
  addMethodNotAllowed()

  await app.ready()
  return app
}
