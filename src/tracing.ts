/**
 * Traces, when OTEL_EXPORTER_OTLP_ENDPOINT names a collector (OTLP over
 * HTTP): a span for each request, through the Fastify organisation's own
 * @fastify/otel, with the request id and the route on it; the health checks
 * and /metrics, which a cluster asks every few seconds, are left out.
 *
 * main.ts imports this module only when tracing is on, and the build leaves
 * OpenTelemetry out of the bundle: with tracing off nothing of it is read,
 * so start-up and every request are as they were. The SDK's own variables
 * configure the rest (OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_HEADERS,
 * OTEL_BSP_SCHEDULE_DELAY ...).
 */
import { FastifyOtelInstrumentation } from '@fastify/otel'
import type { Span } from '@opentelemetry/api'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources'
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node'
import type { FastifyRequest } from 'fastify'

/** Asked every few seconds by orchestrators and Prometheus: spans of them would drown the rest. */
const UNTRACED = new Set(['/healthz', '/livez', '/metrics'])

/** What each span of a request carries: its id (the log's reqId, nginx's $request_id) and its route. */
function describe (span: Span, request: FastifyRequest): void {
  span.setAttributes({ 'cowsay.request_id': request.id, 'http.route': request.routeOptions.url ?? '(unmatched)' })
}

/**
 * Starts sending spans, before the app is built: every Fastify instance made
 * after this is instrumented (registerOnInitialization). Returns what flushes
 * the spans not yet sent, for the shutdown.
 */
export function startTracing (): { shutdown: () => Promise<void> } {
  const resource = resourceFromAttributes({ 'service.name': 'cowsay' }).merge(detectResources({ detectors: [envDetector] }))
  const provider = new NodeTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())] })
  provider.register()
  const instrumentation = new FastifyOtelInstrumentation({
    registerOnInitialization: true,
    ignorePaths: (route) => UNTRACED.has(route.url),
    // The request span and the handler's; a span for each of the five hooks would cost more than it tells.
    instrumentHooks: false,
    requestHook: (span, request) => {
      describe(span, request)
      span.updateName(`${request.method} ${request.routeOptions.url ?? '(unmatched)'}`)
    },
    lifecycleHook: (span, { request }) => describe(span, request)
  })
  instrumentation.setTracerProvider(provider)
  return { shutdown: () => provider.shutdown() }
}
