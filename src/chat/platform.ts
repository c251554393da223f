/**
 * What every chat platform's adapter shares: the verdict of its verification,
 * and the clock rule for platforms whose requests carry a time.
 */

/** Whether a request comes from the platform, and if not, why: the reason names the rule broken, never a secret or a signature, so it is safe to log and show. */
export type Verdict = { ok: true } | { ok: false, reason: string }

export const ACCEPTED: Verdict = { ok: true }
export const refuse = (reason: string): Verdict => ({ ok: false, reason })

/** How far a request's time may be from our clock, either way: Slack's figure, used for every platform. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60

/** Why a request signed at `seconds` is too old (or too far ahead) to answer, or undefined when it is fresh. */
export const staleness = (seconds: number, nowMs: number): string | undefined =>
  Number.isFinite(seconds) && Math.abs(nowMs / 1000 - seconds) <= MAX_CLOCK_SKEW_SECONDS
    ? undefined
    : `the timestamp is more than ${MAX_CLOCK_SKEW_SECONDS / 60} minutes from now`

/**
 * What the chat core answers a command with, before any platform's format:
 * each adapter writes these in its own markup and JSON.
 */
export type ChatAnswer =
  /** A cow for the whole channel. `drawing` is what to show (with ANSI escapes when `coloured`). */
  | { kind: 'cow', drawing: string, coloured: boolean, permalink: string, picture: () => Promise<Buffer>, alt: string }
  /** Usage, for the user alone: Markdown with **bold** and `code` spans, which each platform writes its way. */
  | { kind: 'usage', markdown: string }
  /** The cows' names, for the user alone, and the gallery's address. */
  | { kind: 'cows', cows: readonly string[], gallery: string }
  /** A mistake, in the web's words, for the user alone. */
  | { kind: 'mistake', message: string }
