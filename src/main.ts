/* Reads the environment, builds the app, listens, and closes gracefully (see server.ts for the entry point). */
import { setTimeout } from 'node:timers/promises'
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
 * On SIGTERM (or SIGINT): /healthz turns 503 at once while requests are still
 * served for SHUTDOWN_DRAIN, long enough for a load balancer to notice; then
 * the server stops accepting connections, finishes the requests in flight and
 * the process exits 0. Whatever still runs after SHUTDOWN_TIMEOUT is cut off
 * with exit code 1, so a stuck client cannot keep a deploy waiting.
 */
closeWithGrace({
  delay: config.shutdown.timeout,
  logger: { error: (message: unknown) => app.log.error({ detail: message }, 'shutdown cut short') }
}, async ({ signal, err }) => {
  app.startDraining()
  if (err !== undefined) {
    app.log.error({ err }, 'closing after an uncaught error')
  } else {
    app.log.info({ signal, drainMs: config.shutdown.drain }, 'draining: /healthz answers 503, requests are still served')
    await setTimeout(config.shutdown.drain)
  }
  app.log.info('closing: no new connections, finishing the requests in flight')
  await app.close()
  app.log.info('closed')
})

try {
  await app.listen({ port: config.port, host: config.host })
} catch (error) {
  app.log.error({ err: error }, 'could not listen')
  process.exit(1)
}
