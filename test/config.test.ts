import t from 'tap'
import { ConfigError, loadConfig } from '../src/config.js'

t.test('defaults let the app start with no configuration', async (t) => {
  t.same(loadConfig({}), {
    port: 3000,
    host: '0.0.0.0',
    publicUrl: null,
    trustProxy: false,
    logLevel: 'info',
    slackSigningSecret: null,
    rateLimit: { max: 300, windowMs: 60_000 },
    maxEventLoopDelay: 1000,
    timeouts: { headers: 10_000, request: 30_000, keepAlive: 72_000, connection: 60_000 }
  })
})

t.test('good values are read and normalised', async (t) => {
  const config = loadConfig({
    PORT: '8080',
    HOST: '127.0.0.1',
    PUBLIC_URL: 'https://cowsay.example/',
    TRUST_PROXY: '10.0.0.0/8,127.0.0.1',
    LOG_LEVEL: 'warn',
    SLACK_SIGNING_SECRET: ' s3cret '
  })
  t.equal(config.port, 8080)
  t.equal(loadConfig({ PORT: '0' }).port, 0, '0 picks a free port')
  t.equal(config.host, '127.0.0.1')
  t.equal(config.publicUrl, 'https://cowsay.example')
  t.equal(config.trustProxy, '10.0.0.0/8,127.0.0.1')
  t.equal(config.logLevel, 'warn')
  t.equal(config.slackSigningSecret, 's3cret')
  t.equal(loadConfig({ TRUST_PROXY: 'true' }).trustProxy, true)
  t.equal(loadConfig({ TRUST_PROXY: '1' }).trustProxy, 1)
  t.equal(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy, 'loopback')
  t.equal(loadConfig({ PUBLIC_URL: 'https://example.com/cows/' }).publicUrl, 'https://example.com/cows')
})

t.test('bad values stop start-up with a message naming the variable', async (t) => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ PORT: 'eighty' }, /^PORT must be a whole number from 0 to 65535, got "eighty"/],
    [{ PORT: '-1' }, /^PORT/],
    [{ PORT: '70000' }, /^PORT/],
    [{ PORT: '80.5' }, /^PORT/],
    [{ PUBLIC_URL: 'cowsay.example' }, /^PUBLIC_URL must be an absolute http\(s\) URL/],
    [{ PUBLIC_URL: 'ftp://cowsay.example' }, /^PUBLIC_URL must use http or https/],
    [{ PUBLIC_URL: 'https://cowsay.example/?a=1' }, /^PUBLIC_URL must be an origin/],
    [{ TRUST_PROXY: 'yes please' }, /^TRUST_PROXY must be/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/]
  ]
  for (const [env, message] of cases) {
    t.throws(() => loadConfig(env), { name: 'ConfigError', message }, JSON.stringify(env))
    try { loadConfig(env) } catch (error) { t.ok(error instanceof ConfigError) }
  }
})
