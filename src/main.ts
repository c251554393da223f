/* Reads the environment, builds the app, listens, and closes gracefully (see server.ts for the entry point). */
import closeWithGrace from 'close-with-grace'
import { once } from 'node:events'
import type { Server } from 'node:http'
import { buildApp } from './app.js'
import { ConfigError, loadConfig, type Config } from './config.js'
import { metricsServer } from './http/pipeline/metrics.js'

function readConfig (): Config {
  try {
    return loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`)
      process.exit(78) // EX_CONFIG
    }
    throw error
  }
}

const config = readConfig()
// Before the app is built, so that it is instrumented; not even read when tracing is off.
const tracing = config.tracing === null ? null : (await import('./tracing.js')).startTracing()
const app = await buildApp(config)
// METRICS_PORT: /metrics on a port of its own, answering until the process exits.
let metrics: Server | null = null

/*
 * On SIGTERM (what orchestrators, Docker and PaaS send): /healthz turns 503 at
 * once while everything is still served, for SHUTDOWN_DRAIN at most (sooner
 * once nothing is connected); then the server stops accepting, every response
 * closes its connection, what is in flight is answered and it exits 0 (see
 * http/pipeline/draining.ts). On SIGINT (Ctrl+C in a terminal) there is no
 * one to drain for: it closes at once, still answering what is in flight.
 * Whatever still runs after SHUTDOWN_TIMEOUT is cut off with exit code 1, so
 * a stuck client cannot keep a deploy waiting.
 */
closeWithGrace({
  delay: config.shutdown.timeout,
  logger: { error: (message: unknown) => app.log.error({ detail: message }, 'shutdown cut short') }
}, async ({ signal, err }) => {
  app.startDraining()
  if (err !== undefined) {
    app.log.error({ err }, 'closing after an uncaught error')
  } else if (signal !== 'SIGINT') {
    app.log.info({ signal, maxDrainMs: config.shutdown.drain }, 'draining: /healthz answers 503, requests are still served')
    const report = await app.drain(config.shutdown.drain)
    app.log.info({ acceptedForMs: Math.round(report.acceptedForMs), closedIdle: report.closedIdle }, 'drained: no longer accepting, no connection left')
  }
  app.log.info('closing: finishing the requests in flight')
  await app.close()
  await tracing?.shutdown()
  metrics?.closeAllConnections()
  metrics?.close()
  app.log.info('closed')
})

try {
  await app.listen({ port: config.port, host: config.host })
  if (app.metrics !== null && config.metrics.port !== null) {
    metrics = metricsServer(app.metrics).listen(config.metrics.port, config.host)
    await once(metrics, 'listening')
    app.log.info({ port: config.metrics.port }, 'metrics at GET /metrics on their own port')
  }
} catch (error) {
  app.log.error({ err: error }, 'could not listen')
  process.exit(1)
}
