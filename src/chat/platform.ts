import { createHash, timingSafeEqual } from 'node:crypto'
import type { Env } from '../environment.js'
import type { ChatAnswer, ChatRequest } from './core.js'

/**
 * What every chat platform's adapter shares: the verdict of its verification,
 * and the clock rule for platforms whose requests carry a time.
 */

/** Whether a request comes from the platform, and if not, why: the reason names the rule broken, never a secret or a signature, so it is safe to log and show. */
export type Verdict = { ok: true } | { ok: false, reason: string }

export const ACCEPTED: Verdict = { ok: true }
export const refuse = (reason: string): Verdict => ({ ok: false, reason })

/** How far a request's time may be from our clock, either way: Slack's figure, used for every platform. */
const MAX_CLOCK_SKEW_SECONDS = 5 * 60

/** Why a request signed at `seconds` is too old (or too far ahead) to answer, or undefined when it is fresh. */
export const staleness = (seconds: number, nowMs: number): string | undefined =>
  Number.isFinite(seconds) && Math.abs(nowMs / 1000 - seconds) <= MAX_CLOCK_SKEW_SECONDS
    ? undefined
    : `the timestamp is more than ${MAX_CLOCK_SKEW_SECONDS / 60} minutes from now`

/** A platform's request as its adapter sees it: the headers, and the body exactly as it arrived. */
export interface ChatHttpRequest {
  headers: Readonly<Record<string, string | string[] | undefined>>
  body: Buffer
  /** The clock, in ms since the epoch, for platforms that sign a time. */
  now: number
}

/** What an adapter makes of a request; the route turns it into HTTP (401, 400, 200). */
type ChatReply =
  /** Not from the platform (the reason is safe to log and show). */
  | { refused: string }
  /** From the platform, but not something it sends to a command. */
  | { invalid: string }
  | { json: unknown }
  | { contentType: string, body: Buffer }
  /** A check that only wants a 200 (Slack's ssl_check). */
  | { empty: true }

/** Reads a command and answers it, for the site the request came to: what the core offers an adapter. */
type Chat = (read: ChatRequest) => ChatAnswer

/**
 * A platform's secret, declared once with the platform: config.ts reads it through `read` (all of
 * them, from CHAT_PLATFORMS), the log redacts `field` and `headers`, and a test checks that
 * `.env.example` documents `variable` and the Kubernetes Secret template has its key.
 */
interface PlatformSecret<Field extends string = string, Value = unknown> {
  /** The environment variable that turns the platform on. */
  variable: string
  /** The configuration's field it is kept in (Config[field]). */
  field: Field
  /** Reads and checks the variable: what turns the platform off when unset; a ConfigError naming the rule (never the value) when malformed. */
  read: (env: Env) => Value
  /** Request headers that carry it or a signature made with it: never logged. */
  headers: readonly string[]
}

/** A chat platform, declared once: where it listens, its secret, and its adapter. */
export interface ChatPlatform<Settings = unknown, Field extends string = string, Secret = unknown> {
  name: string
  path: string
  secret: PlatformSecret<Field, Secret>
  /** The one content type it sends. */
  contentType: string
  /** The largest body it can send to a command, with room to spare. */
  bodyLimit: number
  /** The adapter's settings from its secret's value, or null when the platform is off. */
  settings: (secret: Secret) => Settings | null
  answer: (settings: Settings, request: ChatHttpRequest, chat: Chat) => Promise<ChatReply>
}

const sha256 = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest()

/**
 * Whether a token a platform sends as its whole proof (Mattermost's, Telegram's,
 * Zulip's) is `expected`, compared as SHA-256 digests: timingSafeEqual needs
 * equal lengths, and comparing digests keeps the time independent of where,
 * or whether, the lengths differ.
 */
export const sameToken = (expected: string, given: string): boolean => timingSafeEqual(sha256(expected), sha256(given))

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** A JSON body read without throwing (the adapter decides what a broken one means): its value, or the problem. */
export function readJsonBody (body: Buffer): { ok: true, value: unknown } | { ok: false, problem: string } {
  try {
    return { ok: true, value: JSON.parse(utf8.decode(body)) }
  } catch {
    return { ok: false, problem: 'The body is not JSON in UTF-8' }
  }
}

/** A JSON object (not null, not an array), whose fields an adapter reads one by one. */
export const isJsonObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** A header as one string: a repeated header is joined, and then fails its format check. */
export function header (request: ChatHttpRequest, name: string): string | undefined {
  const value = request.headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}

/**
 * Ids of requests already answered, for platforms whose signed body carries a
 * unique id: a request replayed within the clock window is refused. Bounded,
 * and kept for twice the window, since a timestamp may be that far either way.
 */
export class RecentIds {
  readonly #seen = new Map<string, number>()

  constructor (readonly max = 10_000, readonly keepMs = 2 * MAX_CLOCK_SKEW_SECONDS * 1000) {}

  /** Whether `id` is new; it is remembered from now on. */
  isNew (id: string, nowMs: number): boolean {
    // Oldest first (a Map keeps insertion order): drop what has expired, and past the bound, the oldest.
    for (const [seen, at] of this.#seen) {
      if (nowMs - at < this.keepMs && this.#seen.size < this.max) break
      this.#seen.delete(seen)
    }
    if (this.#seen.has(id)) return false
    this.#seen.set(id, nowMs)
    return true
  }
}
