import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import swagger from '@fastify/swagger'
import type { Config } from './config.js'
import { DEFAULT_OPTIONS, DEFAULT_TEXT, MAX_TEXT_LENGTH, useCowPath } from './cowsay/index.js'
import { useFortunePath } from './fortunes/index.js'
import { PUBLIC_DIR } from './paths.js'
import { DrawingCache } from './results/drawings.js'
import { formFields } from './results/form.js'
import { PictureCache } from './results/pictures.js'
import { FORMATS } from './results/formats.js'
import { RepresentationCache } from './results/representations.js'
import { AssetManifest } from './http/rendering/assets.js'
import { CompressedBodies } from './http/negotiation/caching.js'
import {
  AJV_OPTIONS, Metrics, abortedRequests, corsPreflight, draining, droppedLogLines, errors, firstStep, frameworkErrors,
  lazySchemaCompilers, loggingServerOptions, methodNotAllowed, metricsPlugin, rateLimit, rateLimitOptions, rateLimitStore,
  timeoutOptions, underPressure, underPressureOptions
} from './http/pipeline/index.js'
import { MAX_PATH_LENGTH, routableUrl } from './http/urls.js'
import { parseQuery } from './results/urlencoded.js'
import { view, viewOptions } from './http/rendering/views.js'
import chatRoutes from './routes/chat.js'
import cowRoutes from './routes/cows.js'
import healthRoutes from './routes/health.js'
import homeRoutes from './routes/home.js'
import oembedRoutes from './routes/oembed.js'
import openapiRoutes, { swaggerOptions } from './routes/openapi.js'
import fortuneRoutes from './routes/fortunes.js'
import resultRoutes, { resultPipeline } from './routes/results.js'
import staticRoutes from './routes/static.js'

/** Fastify's own options, from the configuration: also what server.ts listens with. */
function serverOptions (config: Config): FastifyServerOptions {
  return {
    // One line per request, secrets redacted, request ids from the proxy when sane.
    ...loggingServerOptions(config.logLevel),
    ...timeoutOptions(config.timeouts),
    // Requests that arrive on an open connection while the server closes are
    // served (with Connection: close) rather than refused with Fastify's bare
    // 503: they were accepted, and finishing them is what a graceful close means.
    return503OnClosing: false,
    // URLs the router would refuse outside the pipeline go through it instead (see refusalOf in http/urls.ts).
    rewriteUrl: routableUrl,
    trustProxy: config.trustProxy,
    routerOptions: {
      // The message limit (1,000 code points) is ours to enforce with a clear
      // 414; the router's default of 100 must not decide first.
      maxParamLength: MAX_PATH_LENGTH,
      querystringParser: parseQuery
    },
    frameworkErrors,
    schemaController: { compilersFactory: lazySchemaCompilers() },
    // The schemas are TypeBox's, valid by construction (test/http/schema-compilers.test.ts
    // checks each against the meta-schema): compiling Ajv's meta-schema to check
    // them again at every start would be half of the first request's time.
    ajv: { customOptions: { ...AJV_OPTIONS, validateSchema: false } }
  }
}

/** What tests may replace or add; production uses the real thing. */
export interface AppDependencies {
  /** The clock chat platforms' request timestamps are checked against (Date.now). */
  now?: () => number
  /**
   * Called with the app after every route is registered and before it is
   * ready: a test adds its own routes here (one that throws, say) and they
   * get every hook, the error handler and the 405s like the app's own.
   */
  extend?: (app: FastifyInstance) => void | Promise<void>
  /** Each cache's bound in bytes, where a test needs a small one to fill past (the defaults otherwise). */
  cacheBytes?: Partial<Record<'drawings' | 'representations' | 'compressed' | 'pictures', number>>
}

/**
 * Builds the whole application, ready to inject requests into or to listen.
 * Tests call this with the configuration they need; server.ts with the
 * environment's.
 */
export async function buildApp (config: Config, dependencies: AppDependencies = {}): Promise<FastifyInstance> {
  const app = Fastify(serverOptions(config))
  // The operator learns which files of COWPATH are not drawn, and why; clients never see paths.
  for (const { file, reason } of useCowPath(config.cowPath, { offensive: config.offensive })) app.log.warn({ file, reason }, 'cow file not read')
  for (const { file, reason } of useFortunePath(config.fortunePath, config.offensive)) app.log.warn({ file, reason }, 'fortune database not read')
  const assets = new AssetManifest(PUBLIC_DIR)
  const { cacheBytes = {} } = dependencies
  const drawings = new DrawingCache(cacheBytes.drawings)
  const pictures = new PictureCache(config.imageFonts, cacheBytes.pictures)
  const representations = new RepresentationCache(cacheBytes.representations)
  const compressed = new CompressedBodies(cacheBytes.compressed)
  app.decorate('compressedBodies', compressed)
  const redis = config.rateLimit === null || config.redisUrl === null ? undefined : await rateLimitStore(config.redisUrl, app.log)
  if (redis !== undefined) app.addHook('onClose', async () => { redis.disconnect() })
  const metrics = !config.metrics.enabled
    ? null
    : new Metrics({
      caches: { drawings, representations, compressed, pictures },
      rateLimitStoreUp: redis === undefined ? undefined : () => redis.status === 'ready',
      logLinesDropped: droppedLogLines
    }, () => app.isDraining())
  app.decorate('metrics', metrics)
  if (metrics !== null) pictures.onRendered = (seconds) => metrics.pictureRendered(seconds)

  // Security and CORS headers, the request id and unreadable requests' refusals, in one
  // hook: first, so that every refusal below carries them too.
  await app.register(firstStep)
  await app.register(abortedRequests)
  await app.register(draining)
  // Early, so that every answer is counted, refusals below included.
  if (metrics !== null) await app.register(metricsPlugin, { metrics, ownPort: config.metrics.port !== null })
  if (config.maxEventLoopDelay > 0) await app.register(underPressure, underPressureOptions(config.maxEventLoopDelay))
  if (config.rateLimit !== null) {
    await app.register(rateLimit, rateLimitOptions(config.rateLimit, { redis, onRefused: metrics === null ? undefined : () => metrics.rateLimitRefused() }))
    app.addHook('onRequest', app.rateLimit())
  }
  await app.register(corsPreflight)
  await app.register(view, viewOptions(assets, {
    formFields: formFields(),
    defaults: DEFAULT_OPTIONS,
    maxTextLength: MAX_TEXT_LENGTH,
    defaultText: DEFAULT_TEXT,
    publicUrl: config.publicUrl,
    // What the footer tells programs they may ask for: every document format but the page itself.
    dataTypes: Object.entries(FORMATS).filter(([format]) => format !== 'html').map(([, mediaType]) => mediaType)
  }))
  await app.register(swagger, swaggerOptions)
  await app.register(errors)
  // Before the routes: each GET route gets its 405 for the other methods as it is declared.
  await app.register(methodNotAllowed)

  await app.register(homeRoutes, { drawings, publicUrl: config.publicUrl })
  const sendResult = resultPipeline(app, { drawings, pictures, representations, publicUrl: config.publicUrl })
  await app.register(resultRoutes, { sendResult, publicUrl: config.publicUrl })
  await app.register(fortuneRoutes, { sendResult, publicUrl: config.publicUrl, now: dependencies.now ?? Date.now })
  await app.register(cowRoutes, { publicUrl: config.publicUrl })
  await app.register(oembedRoutes, { drawings, pictures, publicUrl: config.publicUrl })
  await app.register(healthRoutes)
  await app.register(openapiRoutes)
  await app.register(staticRoutes, { assets })
  await app.register(chatRoutes, { config, drawings, pictures, now: dependencies.now ?? Date.now })
  if (dependencies.extend !== undefined) await app.register(async (child) => { await dependencies.extend?.(child) })

  await app.ready()
  return app
}
