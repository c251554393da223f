import type { Test } from 'tap'
import { buildApp } from '../../../src/app.js'
import { testConfig } from '../../../src/config.js'

/** The real app listening on a free loopback port for one suite; closed when the suite ends. */
export async function listen (t: Test): Promise<string> {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  return app.listen({ port: 0, host: '127.0.0.1' })
}
