import { loadConfig, type Config } from '../../src/config.js'

/**
 * The configuration tests start from: what an empty environment gives (no proxy, no chat
 * platform), on a free loopback port, with quiet logs.
 */
export const testConfig = (overrides: Partial<Config> = {}): Config => ({
  ...loadConfig({}),
  port: 0,
  host: '127.0.0.1',
  logLevel: 'silent',
  // No rate limit and no load shedding: suites inject hundreds of requests from
  // one address on a busy machine. Their own tests turn them on.
  rateLimit: null,
  metrics: { enabled: true, port: null },
  maxEventLoopDelay: 0,
  ...overrides
})
