import { createHash } from 'node:crypto'
import { isOffensiveCow, listCows } from '../cowsay/cows.js'
import { SHORT_FORTUNE, loadDatabases, type Database, type RefusedDatabase } from './databases.js'

/**
 * Fortunes: the databases a request may name, a fortune by its address (database and index,
 * counting from 1), one at random, and the cow and fortune of a day. Nothing here knows about
 * HTTP.
 */
export { SHORT_FORTUNE, readEntries, rot13 } from './databases.js'
export type { RefusedDatabase } from './databases.js'

/** A fortune and its address: the same text at the same address while the file is unchanged. */
export interface Fortune {
  database: string
  /** Counting from 1, as strfile separates the entries. */
  index: number
  text: string
}

interface Catalogue {
  /** The databases served (offensive ones only when shown), sorted by name. */
  readonly databases: ReadonlyMap<string, Database>
  /** Every fortune served, in a fixed order (database by name, then index): what random and the day pick from. */
  readonly all: readonly Fortune[]
  readonly short: readonly Fortune[]
  /** The fortunes that are never offensive, in the same fixed order: what the day picks from. */
  readonly family: readonly Fortune[]
}

function catalogueOf (databases: Iterable<Database>): Omit<Catalogue, 'family'> {
  const served = new Map<string, Database>()
  const all: Fortune[] = []
  for (const database of databases) {
    served.set(database.name, database)
    database.entries.forEach((text, at) => all.push({ database: database.name, index: at + 1, text }))
  }
  return { databases: served, all, short: all.filter(isShort) }
}

const isShort = (fortune: Fortune): boolean => [...fortune.text].length <= SHORT_FORTUNE

// One catalogue per process: buildApp() makes it from FORTUNE_PATH and OFFENSIVE.
let current: Catalogue | undefined
const catalogue = (): Catalogue => current ?? install(loadDatabases([]).databases, false)

function install (databases: ReadonlyMap<string, Database>, offensive: boolean): Catalogue {
  const served = catalogueOf([...databases.values()].filter((database) => offensive || !database.offensive))
  const family = offensive ? served.all.filter((fortune) => served.databases.get(fortune.database)?.offensive !== true) : served.all
  current = { ...served, family }
  return current
}

/** Reads the databases of `fortunePath` (then the bundled ones); offensive ones are served only when `offensive`. Returns the files left out. */
export function useFortunePath (fortunePath: readonly string[], offensive: boolean): readonly RefusedDatabase[] {
  const { databases, refused } = loadDatabases(fortunePath)
  install(databases, offensive)
  return refused
}

export interface DatabaseSummary {
  name: string
  /** How many fortunes it holds. */
  count: number
  offensive: boolean
}

/** The databases served, by name, with their sizes. */
export function listDatabases (): DatabaseSummary[] {
  return [...catalogue().databases.values()].map(({ name, entries, offensive }) => ({ name, count: entries.length, offensive }))
}

/** The names of the databases served, as a message that says what exists lists them. */
export const databaseNames = (): string => listDatabases().map(({ name }) => name).join(', ')

/** Whether `name` is a database served; any other string (a path, '__proto__') is not. */
export function isDatabase (name: string): boolean {
  return catalogue().databases.has(name)
}

/** How many fortunes a database served holds (0 for any other name). */
export function databaseSize (name: string): number {
  return catalogue().databases.get(name)?.entries.length ?? 0
}

/** The fortune at this address, or undefined when there is none. */
export function fortuneAt (database: string, index: number): Fortune | undefined {
  const text = catalogue().databases.get(database)?.entries[index - 1]
  return text === undefined || !Number.isInteger(index) || index < 1 ? undefined : { database, index, text }
}

/**
 * The fortune a link or a command numbers `index` (from 1, in decimal without a sign or leading
 * zeros, as fortunePath writes it), or undefined when the database holds none of that number.
 */
export function fortuneNumbered (database: string, index: string): Fortune | undefined {
  return /^[1-9]\d{0,8}$/.test(index) ? fortuneAt(database, Number(index)) : undefined
}

/**
 * A fortune at random, every one equally likely (not weighed by file, as `fortune -e`): from one
 * database when `database` is given, among the short ones (SHORT_FORTUNE characters or fewer, as
 * `fortune -s`) when `short`. Undefined when none is left to choose from.
 */
export function randomFortune ({ database, short = false }: { database?: string, short?: boolean } = {}, random: () => number = Math.random): Fortune | undefined {
  const { all, short: shortOnes, databases } = catalogue()
  if (database !== undefined && !short) {
    // One database: its own entries, without going through every fortune served.
    const entries = databases.get(database)?.entries ?? []
    const at = Math.floor(random() * entries.length)
    return at < entries.length ? fortuneAt(database, at + 1) : undefined
  }
  const pool = database === undefined ? (short ? shortOnes : all) : shortOnes.filter((fortune) => fortune.database === database)
  return pool[Math.floor(random() * pool.length)]
}

/** A day, as the calendar in UTC names it: YYYY-MM-DD. */
export type Day = string

export const dayOf = (time: Date): Day => time.toISOString().slice(0, 10)

/** The cow and the fortune of a day. */
export interface DayPick {
  cow: string
  fortune: Fortune
}

/**
 * The cow and fortune of `day`, from the date alone: a hash of it picks one of the cows and one
 * of the fortunes, each list in a fixed order (by name, then index), so every replica and every
 * restart with the same cows and databases agrees. Offensive cows and databases are never picked,
 * even where the operator shows them: the day is what the home of the service shows everyone.
 */
export function dayPick (day: Day): DayPick {
  const hash = createHash('sha256').update(`cowsay-day\n${day}`).digest()
  const cows = listCows().filter((cow) => !isOffensiveCow(cow))
  const { family } = catalogue()
  const cow = cows[Number(hash.readBigUInt64BE(0) % BigInt(cows.length))] ?? 'default'
  const fortune = family[Number(hash.readBigUInt64BE(8) % BigInt(family.length))]
  if (fortune === undefined) throw new Error('no fortune to pick from: the bundled databases are missing')
  return { cow, fortune }
}
