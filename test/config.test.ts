import t from 'tap'
import { existsSync } from 'node:fs'
import { ConfigError, DEBIAN_CJK_FONT, loadConfig } from '../src/config.js'
import { DEBIAN_COWS } from '../src/cowsay/cows.js'

t.test('defaults let the app start with no configuration', async (t) => {
  t.same(loadConfig({}), {
    port: 3000,
    host: '0.0.0.0',
    publicUrl: null,
    trustProxy: false,
    logLevel: 'info',
    slackSigningSecret: null,
    discordPublicKey: null,
    mattermostTokens: [],
    teamsHmacSecrets: [],
    telegramSecretToken: null,
    googleChat: null,
    zulipTokens: [],
    imageFonts: existsSync(DEBIAN_CJK_FONT) ? [DEBIAN_CJK_FONT] : [],
    cowPath: existsSync(DEBIAN_COWS) ? [DEBIAN_COWS] : [],
    fortunePath: [],
    offensive: false,
    rateLimit: { max: 300, windowMs: 60_000 },
    redisUrl: null,
    metrics: { enabled: true, port: null },
    maxEventLoopDelay: 1000,
    timeouts: { headers: 10_000, request: 30_000, keepAlive: 72_000, connection: 60_000 },
    shutdown: { drain: 5000, timeout: 10_000 },
    tracing: null
  })
})

t.test('OTEL_EXPORTER_OTLP_ENDPOINT switches tracing on; anything but an http(s) URL is refused at start', async (t) => {
  t.equal(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: ' http://collector:4318 ' }).tracing, 'http://collector:4318')
  t.equal(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '' }).tracing, null, 'empty: off')
  for (const bad of ['collector:4318', 'grpc://collector:4317', 'not a url']) {
    t.throws(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: bad }), { name: 'ConfigError', message: /^OTEL_EXPORTER_OTLP_ENDPOINT must be the http\(s\) URL of an OTLP\/HTTP collector/ }, bad)
  }
})

t.test('IMAGE_FONTS lists font files for pictures, each checked at start-up', async (t) => {
  const here = new URL('.', import.meta.url).pathname
  const fonts = [new URL('../package.json', import.meta.url).pathname, new URL('./helper.ts', import.meta.url).pathname]
  t.same(loadConfig({ IMAGE_FONTS: fonts.join(':') }).imageFonts, fonts, 'absolute paths, separated by ":"')
  t.same(loadConfig({ IMAGE_FONTS: ` ${fonts[0]} : ` }).imageFonts, [fonts[0]], 'blanks around them are ignored')
  for (const bad of ['relative/font.ttf', `${here}no-such-font.ttf`]) {
    t.throws(() => loadConfig({ IMAGE_FONTS: bad }), { name: 'ConfigError', message: /^IMAGE_FONTS must list existing font files by absolute path/ }, bad)
  }
})

t.test('COWPATH lists directories of cows, each checked at start-up', async (t) => {
  const test = new URL('.', import.meta.url).pathname.replace(/\/$/, '')
  const src = new URL('../src', import.meta.url).pathname
  t.same(loadConfig({ COWPATH: `${test}:${src}` }).cowPath, [test, src], 'absolute paths, separated by ":", in order')
  t.same(loadConfig({ COWPATH: ` ${test} :: ` }).cowPath, [test], 'blanks and empty entries are ignored')
  for (const bad of ['cows', '../cows', `${test}/no-such-directory`, new URL('../package.json', import.meta.url).pathname]) {
    t.throws(() => loadConfig({ COWPATH: bad }), { name: 'ConfigError', message: /^COWPATH must list existing directories by absolute path/ }, bad)
  }
})

t.test('FORTUNE_PATH lists directories of fortune databases as COWPATH does; OFFENSIVE is on or off', async (t) => {
  const test = new URL('.', import.meta.url).pathname.replace(/\/$/, '')
  t.same(loadConfig({}).fortunePath, [], 'the bundled databases alone by default')
  t.same(loadConfig({ FORTUNE_PATH: ` ${test} :: ` }).fortunePath, [test])
  for (const bad of ['fortunes', `${test}/no-such-directory`, new URL('../package.json', import.meta.url).pathname]) {
    t.throws(() => loadConfig({ FORTUNE_PATH: bad }), { name: 'ConfigError', message: /^FORTUNE_PATH must list existing directories by absolute path/ }, bad)
  }
  t.equal(loadConfig({}).offensive, false, 'hidden by default')
  for (const on of ['on', 'ON', 'true', '1']) t.equal(loadConfig({ OFFENSIVE: on }).offensive, true, on)
  for (const off of ['off', 'false', '0', '']) t.equal(loadConfig({ OFFENSIVE: off }).offensive, false, off)
  t.throws(() => loadConfig({ OFFENSIVE: 'maybe' }), { name: 'ConfigError', message: 'OFFENSIVE must be on or off, got "maybe"' })
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
  t.equal(loadConfig({ TRUST_PROXY: 'uniquelocal' }).trustProxy, 'uniquelocal')
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
    [{ TRUST_PROXY: '1' }, /^TRUST_PROXY must name the proxy by address or CIDR .* not a hop count/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/]
  ]
  for (const [env, message] of cases) {
    t.throws(() => loadConfig(env), { name: 'ConfigError', message }, JSON.stringify(env))
    try { loadConfig(env) } catch (error) { t.ok(error instanceof ConfigError) }
  }
})

t.test('reliability settings are read in their units, with a way to turn each limit off', async (t) => {
  const config = loadConfig({
    RATE_LIMIT_MAX: '50',
    RATE_LIMIT_WINDOW: '10',
    MAX_EVENT_LOOP_DELAY_MS: '250',
    HEADERS_TIMEOUT: '5',
    REQUEST_TIMEOUT: '12.5',
    KEEP_ALIVE_TIMEOUT: '65',
    CONNECTION_TIMEOUT: '30',
    SHUTDOWN_DRAIN: '0.5',
    SHUTDOWN_TIMEOUT: '20'
  })
  t.same(config.rateLimit, { max: 50, windowMs: 10_000 })
  t.equal(config.maxEventLoopDelay, 250)
  t.same(config.timeouts, { headers: 5000, request: 12_500, keepAlive: 65_000, connection: 30_000 })
  t.same(config.shutdown, { drain: 500, timeout: 20_000 })
  t.equal(loadConfig({ RATE_LIMIT_MAX: '0' }).rateLimit, null, 'RATE_LIMIT_MAX=0 turns rate limiting off')
  t.equal(loadConfig({ MAX_EVENT_LOOP_DELAY_MS: '0' }).maxEventLoopDelay, 0, 'MAX_EVENT_LOOP_DELAY_MS=0 turns shedding off')
})

t.test('bad reliability settings stop start-up with a message naming the variable', async (t) => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ RATE_LIMIT_MAX: 'lots' }, /^RATE_LIMIT_MAX must be a whole number from 0 to 1000000, got "lots"/],
    [{ RATE_LIMIT_MAX: '-1' }, /^RATE_LIMIT_MAX/],
    [{ RATE_LIMIT_WINDOW: '0' }, /^RATE_LIMIT_WINDOW must be a number of seconds from 1 to 86400, got "0"/],
    [{ RATE_LIMIT_WINDOW: '1m' }, /^RATE_LIMIT_WINDOW/],
    [{ MAX_EVENT_LOOP_DELAY_MS: '1e3' }, /^MAX_EVENT_LOOP_DELAY_MS/],
    [{ HEADERS_TIMEOUT: '-5' }, /^HEADERS_TIMEOUT/],
    [{ REQUEST_TIMEOUT: 'NaN' }, /^REQUEST_TIMEOUT/],
    [{ KEEP_ALIVE_TIMEOUT: '0' }, /^KEEP_ALIVE_TIMEOUT/],
    [{ HEADERS_TIMEOUT: '40', REQUEST_TIMEOUT: '30' }, /^HEADERS_TIMEOUT \(40 s\) must not be longer than REQUEST_TIMEOUT \(30 s\)/],
    [{ SHUTDOWN_DRAIN: '1000' }, /^SHUTDOWN_DRAIN/],
    [{ SHUTDOWN_TIMEOUT: '0' }, /^SHUTDOWN_TIMEOUT/],
    [{ SHUTDOWN_DRAIN: '10', SHUTDOWN_TIMEOUT: '10' }, /^SHUTDOWN_TIMEOUT \(10 s\) must be longer than SHUTDOWN_DRAIN \(10 s\)/]
  ]
  for (const [env, message] of cases) t.throws(() => loadConfig(env), { name: 'ConfigError', message }, JSON.stringify(env))
})

t.test('the chat platforms\' secrets are read, each checked, and never repeated in a message', async (t) => {
  const key = 'a'.repeat(64)
  const teams = Buffer.alloc(32, 5).toString('base64')
  const config = loadConfig({
    DISCORD_PUBLIC_KEY: ` ${key} `,
    MATTERMOST_TOKEN: 'tok1, tok2 ,',
    TEAMS_HMAC_SECRET: `${teams},${Buffer.alloc(16, 6).toString('base64')}`,
    TELEGRAM_SECRET_TOKEN: ' a-Secret_0 ',
    GOOGLE_CHAT_AUDIENCE: '123456789012',
    ZULIP_TOKEN: 'xvOzfurIutdRRVLzpXrIIHXJvNfaJLJ0,second0token'
  })
  t.equal(config.discordPublicKey, key)
  t.equal(config.telegramSecretToken, 'a-Secret_0')
  t.match(config.googleChat, { audience: '123456789012', keyUrls: { chat: /^https:\/\/www\.googleapis\.com\/.*chat@system\.gserviceaccount\.com$/ } })
  t.match(loadConfig({ GOOGLE_CHAT_AUDIENCE: 'https://cowsay.example/google-chat/events' }).googleChat, { audience: 'https://cowsay.example/google-chat/events', keyUrls: { idToken: 'https://www.googleapis.com/oauth2/v1/certs' } })
  t.same(config.zulipTokens, ['xvOzfurIutdRRVLzpXrIIHXJvNfaJLJ0', 'second0token'])
  t.same(config.mattermostTokens, ['tok1', 'tok2'], 'a list, blanks ignored')
  t.same(config.teamsHmacSecrets, [teams, Buffer.alloc(16, 6).toString('base64')])
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ DISCORD_PUBLIC_KEY: 'not-a-key-0123' }, /^DISCORD_PUBLIC_KEY must be the application's public key from the developer portal \(64 hex digits\)/],
    [{ DISCORD_PUBLIC_KEY: `${key},${key}` }, /^DISCORD_PUBLIC_KEY must be one key/],
    [{ MATTERMOST_TOKEN: 'good,bad token-0123' }, /^MATTERMOST_TOKEN must be the slash commands' tokens.*; value 2 of 2 is not$/],
    [{ TEAMS_HMAC_SECRET: 'not*base64-0123' }, /^TEAMS_HMAC_SECRET must be the outgoing webhooks' security tokens/],
    [{ TEAMS_HMAC_SECRET: Buffer.alloc(8).toString('base64') }, /^TEAMS_HMAC_SECRET must be/],
    [{ TELEGRAM_SECRET_TOKEN: 'has spaces-0123' }, /^TELEGRAM_SECRET_TOKEN must be 1 to 256 characters/],
    [{ TELEGRAM_SECRET_TOKEN: 'x'.repeat(257) }, /^TELEGRAM_SECRET_TOKEN must be/],
    [{ GOOGLE_CHAT_AUDIENCE: 'http://cowsay.example/google-chat/events' }, /^GOOGLE_CHAT_AUDIENCE must be the Google Cloud project's number/],
    [{ ZULIP_TOKEN: 'good0token,bad-token-0123' }, /^ZULIP_TOKEN must be the outgoing webhook bots' tokens.*; value 2 of 2 is not$/]
  ]
  for (const [env, message] of cases) {
    const [name, value] = Object.entries(env)[0] ?? ['', '']
    try {
      loadConfig(env)
      t.fail(`${name} ${value}: accepted`)
    } catch (error) {
      t.ok(error instanceof ConfigError, `${name}: a ConfigError`)
      t.match((error as Error).message, message, (error as Error).message)
      t.notMatch((error as Error).message, /0123|AAAAAAAA/, `${name}: the value is not repeated`)
    }
  }
})

t.test('REDIS_URL shares the rate limit; a bad one stops start-up without echoing it', async (t) => {
  t.equal(loadConfig({ REDIS_URL: 'redis://cowsay-redis:6379' }).redisUrl, 'redis://cowsay-redis:6379')
  t.equal(loadConfig({ REDIS_URL: ' rediss://:pw@redis.example:6380/2 ' }).redisUrl, 'rediss://:pw@redis.example:6380/2', 'TLS, a password and a database')
  t.equal(loadConfig({ REDIS_URL: '' }).redisUrl, null, 'empty: the limit stays in the process')
  for (const bad of ['cowsay-redis:6379', 'http://redis:6379', 'redis://', 'redis://:s3cret@']) {
    t.throws(() => loadConfig({ REDIS_URL: bad }), { name: 'ConfigError', message: /^REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/ }, bad)
  }
  t.throws(() => loadConfig({ REDIS_URL: 'redis:/:s3cret@host' }), { message: /^(?!.*s3cret)/ }, 'the value is not in the message (it may hold a password)')
})

t.test('METRICS turns /metrics on or off; METRICS_PORT moves it to a port of its own', async (t) => {
  t.same(loadConfig({ METRICS: 'off' }).metrics, { enabled: false, port: null })
  t.same(loadConfig({ METRICS: 'ON', METRICS_PORT: '9464' }).metrics, { enabled: true, port: 9464 })
  t.same(loadConfig({ METRICS: 'true' }).metrics, { enabled: true, port: null })
  t.throws(() => loadConfig({ METRICS: 'maybe' }), { name: 'ConfigError', message: /^METRICS must be on or off, got "maybe"/ })
  t.throws(() => loadConfig({ METRICS_PORT: '70000' }), { name: 'ConfigError', message: /^METRICS_PORT must be a whole number from 0 to 65535/ })
})
