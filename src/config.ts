/**
 * Configuration comes from the environment, is validated once at start-up and
 * is typed from then on. Every variable has a default so that `npm start` works
 * with no configuration at all; `.env.example` documents each one.
 */

import { existsSync, statSync } from 'node:fs'
import { isAbsolute } from 'node:path'
import { readChatSecrets, type ChatSecrets } from './chat/platforms.js'
import { defaultCowPath } from './cowsay/cows.js'
import { ConfigError, type Env } from './environment.js'

export { ConfigError }

type TrustProxy = boolean | string

/** The service's settings; the chat platforms' secrets are declared with the platforms (src/chat/platforms.ts). */
export interface Config extends ChatSecrets {
  /** Port to listen on (PaaS platforms set PORT). */
  port: number
  /** Address to bind: all interfaces by default, as containers and PaaS need. */
  host: string
  /** Absolute origin used in share links, e.g. https://cowsay.example; null derives it from the request. */
  publicUrl: string | null
  /** Which proxies to believe for X-Forwarded-* (Fastify's trustProxy). */
  trustProxy: TrustProxy
  /** Pino log level. */
  logLevel: string
  /** Font files for pictures beyond the bundled DejaVu Sans Mono and Noto Emoji (CJK, for one), in order. */
  imageFonts: string[]
  /** Directories of cow files, the first holding a name winning; the bundled collection comes after them. */
  cowPath: string[]
  /** Directories of fortune databases (strfile's source format), the first holding a name winning; the bundled ones come after them. */
  fortunePath: string[]
  /** Show what Debian calls offensive: the cows of its cowsay-off and the databases under a FORTUNE_PATH directory's off/. */
  offensive: boolean
  /** Requests each client (request.ip) may make per window; null turns rate limiting off. */
  rateLimit: RateLimit | null
  /** Where the rate limit is kept when several processes share it (redis://...); null keeps it in this process. */
  redisUrl: string | null
  /** GET /metrics (Prometheus): off, on the app's port, or on a port of its own. */
  metrics: Metrics
  /** Event-loop delay in ms above which new requests are shed with 503; 0 turns shedding off. */
  maxEventLoopDelay: number
  /** Node's HTTP server timeouts, in ms. */
  timeouts: Timeouts
  /** What SIGTERM does, in ms: report not-ready for `drain` while still serving, then close; exit by `timeout` at the latest. */
  shutdown: Shutdown
  /** Where traces go (OTEL_EXPORTER_OTLP_ENDPOINT, OTLP over HTTP); null: no tracing, and nothing of OpenTelemetry is loaded. */
  tracing: string | null
}

interface Metrics {
  enabled: boolean
  /** A port of its own (not reachable through the public route); null serves /metrics on the app's port. */
  port: number | null
}

export interface RateLimit {
  max: number
  windowMs: number
}

export interface Timeouts {
  /** The whole request head must arrive within this (slow-header clients). */
  headers: number
  /** The whole request, body included, must arrive within this (slow-body clients). */
  request: number
  /** An idle keep-alive connection is closed after this. */
  keepAlive: number
  /** A connection on which nothing moves for this long is closed (clients that stop reading). */
  connection: number
}

interface Shutdown {
  drain: number
  timeout: number
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

function readPort (env: Env, name = 'PORT', fallback: number | null = 3000): number | null {
  const raw = env[name]?.trim()
  if (raw === undefined || raw === '') return fallback
  // 0 asks the system for a free port (what the tests do).
  if (!/^\d+$/.test(raw) || Number(raw) > 65535) {
    throw new ConfigError(`${name} must be a whole number from 0 to 65535, got "${raw}"`)
  }
  return Number(raw)
}

function readRedisUrl (env: Env): string | null {
  const raw = env.REDIS_URL?.trim()
  if (raw === undefined || raw === '') return null
  let url: URL | null = null
  try {
    url = new URL(raw)
  } catch {}
  if (url === null || (url.protocol !== 'redis:' && url.protocol !== 'rediss:') || url.hostname === '') {
    // Never echo the value: it may hold a password.
    throw new ConfigError('REDIS_URL must be a redis:// or rediss:// URL such as redis://cowsay-redis:6379')
  }
  return raw
}

const SWITCH: Record<string, boolean> = { on: true, true: true, 1: true, off: false, false: false, 0: false }

function readMetrics (env: Env): Metrics {
  return { enabled: readSwitch(env, 'METRICS', 'on'), port: readPort(env, 'METRICS_PORT', null) }
}

function readPublicUrl (env: Env): string | null {
  const raw = env.PUBLIC_URL?.trim()
  if (raw === undefined || raw === '') return null
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new ConfigError(`PUBLIC_URL must be an absolute http(s) URL such as https://cowsay.example, got "${raw}"`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`PUBLIC_URL must use http or https, got "${raw}"`)
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new ConfigError(`PUBLIC_URL must be an origin with an optional path prefix, got "${raw}"`)
  }
  return url.origin + url.pathname.replace(/\/+$/, '')
}

/** OpenTelemetry's standard variable; the SDK reads it again, with its companions (src/tracing.ts). */
function readTracing (env: Env): string | null {
  const raw = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim()
  if (raw === undefined || raw === '') return null
  if (!URL.canParse(raw) || !/^https?:$/.test(new URL(raw).protocol)) {
    throw new ConfigError(`OTEL_EXPORTER_OTLP_ENDPOINT must be the http(s) URL of an OTLP/HTTP collector such as http://collector:4318, got "${raw}"`)
  }
  return raw
}

function readTrustProxy (env: Env): TrustProxy {
  const raw = env.TRUST_PROXY?.trim()
  if (raw === undefined || raw === '' || raw === 'false') return false
  if (raw === 'true') return true
  // Fastify 5 trusts no one for a hop count (a direct client could forge the
  // hops), so a number would quietly turn the proxy off: name the proxy instead.
  if (/^\d+$/.test(raw)) {
    throw new ConfigError(`TRUST_PROXY must name the proxy by address or CIDR (uniquelocal behind docker compose's nginx, loopback behind a local one), not a hop count, which Fastify ignores; got "${raw}"`)
  }
  // A comma-separated list of addresses or CIDR ranges, as @fastify/proxy-addr takes it.
  if (/^[0-9a-fA-F:.,/ ]+$/.test(raw) || /^(loopback|linklocal|uniquelocal)(,|$)/.test(raw)) return raw
  throw new ConfigError(`TRUST_PROXY must be true, false, or a list of addresses/CIDRs, got "${raw}"`)
}

function readLogLevel (env: Env): string {
  const raw = env.LOG_LEVEL?.trim() || 'info'
  if (!LOG_LEVELS.includes(raw)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`)
  }
  return raw
}

/** Where Debian's fonts-noto-cjk puts Noto Sans CJK: pictures use it when it is installed. */
export const DEBIAN_CJK_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'

const defaultImageFonts = (): string[] => existsSync(DEBIAN_CJK_FONT) ? [DEBIAN_CJK_FONT] : []

function readImageFonts (env: Env): string[] {
  const raw = env.IMAGE_FONTS?.trim()
  if (raw === undefined || raw === '') return defaultImageFonts()
  const files = raw.split(':').map((file) => file.trim()).filter((file) => file !== '')
  for (const file of files) {
    if (!isAbsolute(file) || !existsSync(file)) {
      throw new ConfigError(`IMAGE_FONTS must list existing font files by absolute path, separated by ":"; "${file}" is not one`)
    }
  }
  return files
}

function isDirectory (path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/** Directories separated by ":", as Perl cowsay's COWPATH and FORTUNE_PATH list them, the first holding a name winning. */
function readDirectories (env: Env, name: string, fallback: () => string[]): string[] {
  const raw = env[name]?.trim()
  if (raw === undefined || raw === '') return fallback()
  const directories = raw.split(':').map((directory) => directory.trim()).filter((directory) => directory !== '')
  for (const directory of directories) {
    if (!isAbsolute(directory) || !isDirectory(directory)) {
      throw new ConfigError(`${name} must list existing directories by absolute path, separated by ":"; "${directory}" is not one`)
    }
  }
  return directories
}

function readSwitch (env: Env, name: string, fallback: 'on' | 'off'): boolean {
  const raw = env[name]?.trim().toLowerCase() || fallback
  const value = SWITCH[raw]
  if (value === undefined) throw new ConfigError(`${name} must be on or off, got "${env[name]?.trim() ?? ''}"`)
  return value
}

/** A duration given in seconds (fractions allowed), returned in ms. */
function readSeconds (env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim()
  if (raw === undefined || raw === '') return fallback * 1000
  const seconds = Number(raw)
  if (!/^\d+(\.\d+)?$/.test(raw) || seconds < min || seconds > max) {
    throw new ConfigError(`${name} must be a number of seconds from ${min} to ${max}, got "${raw}"`)
  }
  return Math.round(seconds * 1000)
}

function readWholeNumber (env: Env, name: string, fallback: number, max: number): number {
  const raw = env[name]?.trim()
  if (raw === undefined || raw === '') return fallback
  if (!/^\d+$/.test(raw) || Number(raw) > max) {
    throw new ConfigError(`${name} must be a whole number from 0 to ${max}, got "${raw}"`)
  }
  return Number(raw)
}

// A person at the form makes a few requests a minute and static files are not
// counted; 300 a minute per address leaves room for offices behind one NAT and
// for scripts, and stops one client from taking the whole service.
function readRateLimit (env: Env): RateLimit | null {
  const max = readWholeNumber(env, 'RATE_LIMIT_MAX', 300, 1_000_000)
  const windowMs = readSeconds(env, 'RATE_LIMIT_WINDOW', 60, 1, 86_400)
  return max === 0 ? null : { max, windowMs }
}

// nginx in front keeps idle upstream connections for 60 s: Node must keep them
// longer (72 s, Fastify's default) or nginx may send a request on a connection
// Node is closing. Behind nginx the request head and body arrive at once, so the
// header and request limits only ever bite clients that talk to Node directly.
function readTimeouts (env: Env): Timeouts {
  const timeouts = {
    headers: readSeconds(env, 'HEADERS_TIMEOUT', 10, 0.1, 600),
    request: readSeconds(env, 'REQUEST_TIMEOUT', 30, 0.1, 600),
    keepAlive: readSeconds(env, 'KEEP_ALIVE_TIMEOUT', 72, 0.1, 600),
    connection: readSeconds(env, 'CONNECTION_TIMEOUT', 60, 0.1, 600)
  }
  // Node refuses to start with a request limit shorter than the header limit.
  if (timeouts.headers > timeouts.request) {
    throw new ConfigError(`HEADERS_TIMEOUT (${timeouts.headers / 1000} s) must not be longer than REQUEST_TIMEOUT (${timeouts.request / 1000} s)`)
  }
  return timeouts
}

// An orchestrator (Kubernetes, a load balancer) takes a few seconds to stop
// sending traffic to a process it is replacing: 5 s of drain by default, which
// ends early once every connection has closed, so a process nobody talks to
// still stops at once.
function readShutdown (env: Env): Shutdown {
  const shutdown = {
    drain: readSeconds(env, 'SHUTDOWN_DRAIN', 5, 0, 300),
    timeout: readSeconds(env, 'SHUTDOWN_TIMEOUT', 10, 1, 600)
  }
  if (shutdown.drain >= shutdown.timeout) {
    throw new ConfigError(`SHUTDOWN_TIMEOUT (${shutdown.timeout / 1000} s) must be longer than SHUTDOWN_DRAIN (${shutdown.drain / 1000} s): it bounds the drain and the requests still in flight after it`)
  }
  return shutdown
}

export function loadConfig (env: Env = process.env): Config {
  return {
    port: readPort(env) ?? 3000,
    host: env.HOST?.trim() || '0.0.0.0',
    publicUrl: readPublicUrl(env),
    trustProxy: readTrustProxy(env),
    logLevel: readLogLevel(env),
    rateLimit: readRateLimit(env),
    redisUrl: readRedisUrl(env),
    metrics: readMetrics(env),
    maxEventLoopDelay: readWholeNumber(env, 'MAX_EVENT_LOOP_DELAY_MS', 1000, 60_000),
    timeouts: readTimeouts(env),
    shutdown: readShutdown(env),
    tracing: readTracing(env),
    ...readChatSecrets(env),
    imageFonts: readImageFonts(env),
    cowPath: readDirectories(env, 'COWPATH', defaultCowPath),
    // No default beyond the bundled databases: the day's pick is then the same wherever the service runs.
    fortunePath: readDirectories(env, 'FORTUNE_PATH', () => []),
    offensive: readSwitch(env, 'OFFENSIVE', 'off')
  }
}
