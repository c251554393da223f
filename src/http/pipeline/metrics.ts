import { createServer, type Server } from 'node:http'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import { CONTENT_TYPES } from '../../results/formats.js'

/**
 * What the service is doing, for Prometheus: GET /metrics in its text format
 * (prom-client). docs/operations.md ("Metrics") says what each one means.
 *
 * Kept cheap on the hot path (issue: every request pays it): a request costs
 * three Map lookups to find its label set, whose counter and histogram
 * children are made once per set and kept; nothing else is allocated. The
 * label sets are bounded: routes are the app's own patterns, representations
 * the formats the app serves, statuses the codes it sends.
 */

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's metrics (METRICS=on), for a server of their own (METRICS_PORT); null when off. */
    metrics: Metrics | null
  }
}

/** Seconds. From a cached answer (under a millisecond) to a large uncached PNG. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]
const RENDER_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

/** A cache's lookups, counted by the cache itself (a field increment each). */
interface CacheCounts {
  hits: number
  misses: number
}

/** A cache as the metrics read it: its lookups, and what it holds. */
interface CacheSource {
  counts: CacheCounts
  stats: { entries: number, bytes: number, maxBytes: number }
}

const CACHES = ['drawings', 'representations', 'compressed', 'pictures'] as const
type CacheName = typeof CACHES[number]

/** The representation a response was sent as, from its Content-Type: the formats the app serves, else "other" (or "none"). */
const REPRESENTATIONS = new Map<string, string>(Object.entries(CONTENT_TYPES).map(([format, type]) => [type.split(';')[0]?.trim() ?? type, format]))
const representationCache = new Map<string, string>()

function representationOf (contentType: unknown): string {
  if (typeof contentType !== 'string') return 'none'
  let name = representationCache.get(contentType)
  if (name === undefined) {
    name = REPRESENTATIONS.get(contentType.split(';')[0]?.trim().toLowerCase() ?? '') ?? 'other'
    // Content types come from the app's own code, so this stays small; the cap is a guard.
    if (representationCache.size < 64) representationCache.set(contentType, name)
  }
  return name
}

interface Series {
  requests: Counter.Internal
  duration: Histogram.Internal<'route' | 'representation' | 'status'>
}

export interface MetricsSources {
  caches: Record<CacheName, CacheSource>
  /** Whether the shared rate limit's store answers; absent without one. */
  rateLimitStoreUp?: () => boolean
  /** Log lines dropped because standard output was not read (logging.ts). */
  logLinesDropped?: () => number
}

export class Metrics {
  readonly registry = new Registry()
  readonly #requests: Counter<'route' | 'representation' | 'status'>
  readonly #duration: Histogram<'route' | 'representation' | 'status'>
  readonly #renders: Histogram
  readonly #refusals: Counter
  /** route -> representation -> status -> the children of that label set. */
  readonly #series = new Map<string, Map<string, Map<number, Series>>>()

  constructor ({ caches, rateLimitStoreUp, logLinesDropped = () => 0 }: MetricsSources, isDraining: () => boolean) {
    const registers = [this.registry]
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 20 })
    this.#requests = new Counter({
      name: 'cowsay_http_requests_total',
      help: 'Requests answered, by route pattern, representation sent and status code.',
      labelNames: ['route', 'representation', 'status'],
      registers
    })
    this.#duration = new Histogram({
      name: 'cowsay_http_request_duration_seconds',
      help: 'Time from the request arriving to its response being sent, by route pattern, representation and status code.',
      labelNames: ['route', 'representation', 'status'],
      buckets: LATENCY_BUCKETS,
      registers
    })
    this.#renders = new Histogram({
      name: 'cowsay_picture_render_seconds',
      help: 'Time to render one PNG picture (cache misses only), waiting for a render slot excluded.',
      buckets: RENDER_BUCKETS,
      registers
    })
    this.#refusals = new Counter({
      name: 'cowsay_rate_limit_refusals_total',
      help: 'Requests refused with 429 by the rate limit.',
      registers
    })
    // Read from the caches' own counters when Prometheus scrapes, not per lookup.
    const mirror = (name: string, help: string, field: keyof CacheCounts): void => {
      const counter: Counter<'cache'> = new Counter({
        name,
        help,
        labelNames: ['cache'],
        registers,
        collect: () => {
          counter.reset()
          for (const cache of CACHES) counter.inc({ cache }, caches[cache].counts[field])
        }
      })
    }
    mirror('cowsay_cache_hits_total', 'Lookups answered from a cache: drawings (rendered text), representations (finished HTML, JSON, text, XML, SVG bodies), compressed (their brotli and gzip bodies) and pictures (PNGs).', 'hits')
    mirror('cowsay_cache_misses_total', 'Lookups a cache could not answer, so the drawing, representation, compressed body or PNG was made.', 'misses')
    const held = (name: string, help: string, field: 'entries' | 'bytes' | 'maxBytes'): void => {
      const gauge: Gauge<'cache'> = new Gauge({
        name,
        help,
        labelNames: ['cache'],
        registers,
        collect: () => { for (const cache of CACHES) gauge.set({ cache }, caches[cache].stats[field]) }
      })
    }
    held('cowsay_cache_entries', 'What a cache holds, in entries.', 'entries')
    held('cowsay_cache_bytes', 'What a cache holds, in bytes as it counts them against its bound.', 'bytes')
    held('cowsay_cache_max_bytes', 'What a cache may hold, in bytes: its bound (the least recently used entries go first).', 'maxBytes')
    const draining: Gauge = new Gauge({
      name: 'cowsay_draining',
      help: '1 once the process has been told to stop (readiness answers 503), else 0.',
      registers,
      collect: () => { draining.set(isDraining() ? 1 : 0) }
    })
    const droppedLines: Counter = new Counter({
      name: 'cowsay_log_lines_dropped_total',
      help: 'Log lines dropped because standard output was not being read and 16 MiB were waiting.',
      registers,
      collect: () => { droppedLines.reset(); droppedLines.inc(logLinesDropped()) }
    })
    if (rateLimitStoreUp !== undefined) {
      const up: Gauge = new Gauge({
        name: 'cowsay_rate_limit_store_up',
        help: '1 while the shared rate limit\'s Redis answers; 0 while it does not and requests are served without the limit.',
        registers,
        collect: () => { up.set(rateLimitStoreUp() ? 1 : 0) }
      })
    }
  }

  /** One answered request. */
  request (route: string, contentType: unknown, status: number, seconds: number): void {
    const representation = representationOf(contentType)
    let byRepresentation = this.#series.get(route)
    if (byRepresentation === undefined) this.#series.set(route, byRepresentation = new Map())
    let byStatus = byRepresentation.get(representation)
    if (byStatus === undefined) byRepresentation.set(representation, byStatus = new Map())
    let series = byStatus.get(status)
    if (series === undefined) {
      const labels = { route, representation, status: String(status) }
      byStatus.set(status, series = { requests: this.#requests.labels(labels), duration: this.#duration.labels(labels) })
    }
    series.requests.inc()
    series.duration.observe(seconds)
  }

  pictureRendered (seconds: number): void {
    this.#renders.observe(seconds)
  }

  rateLimitRefused (): void {
    this.#refusals.inc()
  }

  /** The exposition: what GET /metrics answers. */
  async text (): Promise<{ contentType: string, body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() }
  }
}

/** Requests that matched no route are counted under one label, not their URL. */
const UNMATCHED = '(unmatched)'

/**
 * Counts every answered request, and serves GET /metrics on the app's own
 * port unless `ownPort` (METRICS_PORT) moves it to a server of its own.
 */
async function metricsPlugin (app: FastifyInstance, { metrics, ownPort }: { metrics: Metrics, ownPort: boolean }): Promise<void> {
  app.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done) => {
    metrics.request(request.routeOptions.url ?? UNMATCHED, reply.getHeader('content-type'), reply.statusCode, reply.elapsedTime / 1000)
    done()
  })
  if (ownPort) return
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const { contentType, body } = await metrics.text()
    return reply.header('cache-control', 'no-store').type(contentType).send(body)
  })
}

export default fp(metricsPlugin, { name: 'metrics' })

/** GET /metrics on a port of its own (METRICS_PORT), for the scraper only; anything else 404. */
export function metricsServer (metrics: Metrics): Server {
  return createServer((request, response) => {
    const path = request.url?.split('?')[0]
    if ((request.method !== 'GET' && request.method !== 'HEAD') || path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: metrics are at GET /metrics\n')
      return
    }
    metrics.text().then(({ contentType, body }) => {
      response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(request.method === 'HEAD' ? undefined : body)
    }, () => {
      response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Metrics could not be collected\n')
    })
  })
}
