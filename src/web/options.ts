import { DEFAULT_OPTIONS, isCow, listCows, type Action, type CowOptions, type Mode } from '../cowsay/index.js'
import type { ResultQuery } from '../schemas/result.js'
import { badRequest } from './http-error.js'
import { quote } from './quote.js'

export const RANDOM_COW = 'random'

const TRUE_VALUES = new Set(['1', 'true', 'on'])

/**
 * Turns validated query parameters into renderer options. The schema has checked
 * types and ranges; the cow is checked here against the catalogue (a Map, so
 * names like "__proto__" or "../../etc/passwd" are simply unknown).
 */
export function cowOptions (query: ResultQuery, action: Action): CowOptions {
  const cow = query.cow === undefined || query.cow === '' ? DEFAULT_OPTIONS.cow : query.cow
  if (cow !== RANDOM_COW && !isCow(cow)) {
    throw badRequest(`Unknown cow ${quote(cow)}: see /cows for the ${listCows().length} cows there are (or use "random")`)
  }
  return {
    action,
    cow,
    mode: query.mode === undefined || query.mode === '' ? null : query.mode as Mode,
    eyes: query.eyes === undefined || query.eyes === '' ? DEFAULT_OPTIONS.eyes : query.eyes,
    tongue: query.tongue === undefined || query.tongue === '' ? DEFAULT_OPTIONS.tongue : query.tongue,
    width: query.width === undefined || query.width === '' ? DEFAULT_OPTIONS.width : Number(query.width),
    nowrap: query.nowrap !== undefined && TRUE_VALUES.has(query.nowrap)
  }
}

export function pickRandomCow (random: () => number = Math.random): string {
  const cows = listCows()
  return cows[Math.floor(random() * cows.length)] ?? DEFAULT_OPTIONS.cow
}
