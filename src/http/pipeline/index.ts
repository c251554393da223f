/**
 * What every request passes through, in the order app.ts registers it. The rule for what is a
 * plugin, across src/http/:
 *
 *  - a plugin of ours is its file's default export, wrapped in fastify-plugin and named, so its
 *    hooks reach every route (only pipeline/ has them);
 *  - a third-party plugin is re-exported by the file that makes its options, beside its
 *    `...Options()` factory (limits.ts, rendering/views.ts), and app.ts registers the pair;
 *  - negotiation/ and rendering/ are plain functions and classes the routes call, never plugins;
 *  - routes (src/routes/) are encapsulated plugins: default exports, not wrapped.
 *
 * Where a change lands: pipeline/ changes every answer (headers, limits, logs, errors);
 * negotiation/ changes which representation is chosen and how it is cached and compressed;
 * rendering/ changes how templates and static assets are read.
 */
export { default as abortedRequests, droppedLogLines, loggingServerOptions } from './logging.js'
export { default as corsPreflight } from './cors.js'
export { default as draining } from './draining.js'
export { default as errors, frameworkErrors } from './errors.js'
export { default as firstStep } from './first-step.js'
export { rateLimit, rateLimitOptions, rateLimitStore, timeoutOptions, underPressure, underPressureOptions } from './limits.js'
export { default as methodNotAllowed } from './methods.js'
export { default as metricsPlugin, Metrics } from './metrics.js'
export { AJV_OPTIONS, lazySchemaCompilers } from './schema-compilers.js'
