/**
 * Configuration comes from the environment, is validated once at start-up and
 * is typed from then on. Every variable has a default so that `npm start` works
 * with no configuration at all; `.env.example` documents each one.
 */

import { existsSync } from 'node:fs'
import { isAbsolute } from 'node:path'

export type TrustProxy = boolean | string

export interface Config {
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
  /** Slack signing secret; null turns the Slack endpoint off. */
  slackSigningSecret: string | null
  /** Font files for pictures beyond the bundled DejaVu Sans Mono and Noto Emoji (CJK, for one), in order. */
  imageFonts: string[]
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

type Env = Record<string, string | undefined>

function readPort (env: Env): number {
  const raw = env.PORT?.trim()
  if (raw === undefined || raw === '') return 3000
  // 0 asks the system for a free port (what the tests do).
  if (!/^\d+$/.test(raw) || Number(raw) > 65535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535, got "${raw}"`)
  }
  return Number(raw)
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

export function loadConfig (env: Env = process.env): Config {
  return {
    port: readPort(env),
    host: env.HOST?.trim() || '0.0.0.0',
    publicUrl: readPublicUrl(env),
    trustProxy: readTrustProxy(env),
    logLevel: readLogLevel(env),
    slackSigningSecret: env.SLACK_SIGNING_SECRET?.trim() || null,
    imageFonts: readImageFonts(env)
  }
}

/** The configuration tests start from: no proxy, no Slack, quiet logs. */
export const testConfig = (overrides: Partial<Config> = {}): Config => ({
  port: 0,
  host: '127.0.0.1',
  publicUrl: null,
  trustProxy: false,
  logLevel: 'silent',
  slackSigningSecret: null,
  imageFonts: defaultImageFonts(),
  ...overrides
})
