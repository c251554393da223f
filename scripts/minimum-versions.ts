import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import semver from 'semver'

export interface Minimum {
  /** The lowest safe version of each maintained major line. */
  minimum: string[]
  reach: string
  advisories: string[]
}

export interface LockFile {
  packages: Record<string, { version?: string }>
}

export interface BelowMinimum {
  /** Where the lock file puts it, e.g. node_modules/cowsay/node_modules/ansi-regex. */
  path: string
  name: string
  version: string
  required: string
  advisories: string[]
}

/** The package name at the end of a lock-file path, scoped names included. */
export const packageName = (path: string): string => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)

/**
 * The minimum a version must reach: the listed minimum of its own major line;
 * on a line older than any listed (or between listed lines), the next listed
 * minimum above it (nothing on such a line is known to be safe); on a newer
 * line than all, none.
 */
export function requiredFor (version: string, minimums: readonly string[]): string | null {
  const major = semver.major(version)
  const sorted = [...minimums].sort(semver.compare)
  const sameLine = sorted.find((minimum) => semver.major(minimum) === major)
  if (sameLine !== undefined) return semver.lt(version, sameLine) ? sameLine : null
  return sorted.find((minimum) => semver.major(minimum) > major) ?? null
}

/** Every copy of a listed package that the lock file resolves below its minimum. */
export function findBelowMinimum (lock: LockFile, minimums: Record<string, Minimum>): BelowMinimum[] {
  const found: BelowMinimum[] = []
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path.includes('node_modules/') || entry.version === undefined) continue
    const name = packageName(path)
    const rule = minimums[name]
    if (rule === undefined) continue
    const required = requiredFor(entry.version, rule.minimum)
    if (required !== null) found.push({ path, name, version: entry.version, required, advisories: rule.advisories })
  }
  return found
}

/** Listed packages the lock file no longer resolves at all: the list has gone stale. */
export function missingFromLock (lock: LockFile, minimums: Record<string, Minimum>): string[] {
  const present = new Set(Object.keys(lock.packages).filter((path) => path.includes('node_modules/')).map(packageName))
  return Object.keys(minimums).filter((name) => !present.has(name))
}

export function readJson<T> (path: string): T {
  return JSON.parse(readFileSync(new URL(path, new URL('..', import.meta.url)), 'utf8')) as T
}

// `npm run check:versions`: the same check as the test, for a person at a terminal.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const lock = readJson<LockFile>('package-lock.json')
  const { packages } = readJson<{ packages: Record<string, Minimum> }>('security/minimum-versions.json')
  const below = findBelowMinimum(lock, packages)
  for (const entry of below) console.error(`${entry.path} ${entry.version} is below ${entry.required}: ${entry.advisories.join('; ')}`)
  for (const name of missingFromLock(lock, packages)) console.error(`${name} is listed in security/minimum-versions.json but not in the lock file`)
  console.log(below.length === 0 ? `All ${Object.keys(packages).length} listed packages are at or above their minimum.` : `${below.length} below minimum.`)
  process.exitCode = below.length === 0 ? 0 : 1
}
