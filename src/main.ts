/* Reads the environment, builds the app, listens, and closes gracefully (see server.ts for the entry point). */
import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { ConfigError, loadConfig, type Config } from './config.js'

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
const app = await buildApp(config)

/*
 * On SIGTERM (what orchestrators, Docker and PaaS send): /healthz turns 503 at
 * once and every response closes its connection; the server keeps accepting
 * until the connections have closed (SHUTDOWN_DRAIN at most, while traffic
 * still arrives), then stops accepting, answers what is in flight and exits 0
 * (see plugins/app/draining.ts). On SIGINT (Ctrl+C in a terminal) there is no
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
    app.log.info({ signal, maxDrainMs: config.shutdown.drain }, 'draining: /healthz answers 503, responses close their connections')
    const report = await app.drain(config.shutdown.drain)
    app.log.info({ acceptedForMs: Math.round(report.acceptedForMs), closedIdle: report.closedIdle }, 'drained: no longer accepting, no connection left')
  }
  app.log.info('closing: finishing the requests in flight')
  await app.close()
  app.log.info('closed')
})

try {
  await app.listen({ port: config.port, host: config.host })
} catch (error) {
  app.log.error({ err: error }, 'could not listen')
  process.exit(1)
}
