import type { Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../src/app.js'
import { testConfig } from './support/config.js'
import type { Config } from '../src/config.js'

/** Builds the real app for one test and closes it when the test ends. */
export async function build (t: Test, overrides: Partial<Config> = {}): Promise<FastifyInstance> {
  const app = await buildApp(testConfig(overrides))
  t.teardown(() => app.close())
  return app
}

export const ACCEPT = {
  html: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  json: 'application/json',
  text: 'text/plain',
  xml: 'application/xml'
} as const

/** Extracts the text of the first <pre> on a page, unescaped as a browser would. */
export function preText (html: string): string | undefined {
  const match = /<pre[^>]*>([\s\S]*?)<\/pre>/.exec(html)
  if (match?.[1] === undefined) return undefined
  return match[1]
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'").replace(/&#92;/g, '\\').replace(/&amp;/g, '&')
}

/** Builds the real app and listens on a free loopback port: for suites that need real sockets. */
export async function listen (t: Test, overrides: Partial<Config> = {}): Promise<{ app: FastifyInstance, port: number, origin: string }> {
  const app = await build(t, overrides)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  return { app, port, origin: `http://127.0.0.1:${port}` }
}
