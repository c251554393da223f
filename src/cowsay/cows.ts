import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { CowFileError, MAX_COW_FILE_BYTES, readCowFile, type CowFace, type CowFile } from './cow-file/index.js'

/*
 * The catalogue: where cows come from, as Perl cowsay finds them. COWPATH is a list of
 * directories, the first holding a name wins; its default is Debian's directory when the
 * `cowsay` package is installed. After COWPATH comes the collection bundled with the service
 * (the npm `cowsay` package's files), so every name Perl knows draws Debian's original and the
 * rest still draw. Every file is read once, by our reader (./cow-file/), when the catalogue is
 * made; requests only look names up in a Map (a plain object would answer to '__proto__'), so a
 * name from a request never becomes a path.
 */

/** Where Debian's `cowsay` package puts its cows. */
export const DEBIAN_COWS = '/usr/share/cowsay/cows'
/** The npm `cowsay` package's cow files, shipped in node_modules. */
export const BUNDLED_COWS = join(dirname(createRequire(import.meta.url).resolve('cowsay/package.json')), 'cows')

/** Debian's cows, the bundled collection, or a directory the operator put in COWPATH. */
export type CowSource = 'debian' | 'bundled' | 'local'
export const COW_SOURCES: readonly CowSource[] = ['debian', 'bundled', 'local']

const COW_EXTENSION = '.cow'

/**
 * The cows hidden unless the operator shows offensive content (OFFENSIVE=on), by name wherever
 * they come from, with the reason the docs give (docs: cows). Debian's rule: its `cowsay-off`
 * package holds the cows "some people may consider to be offensive", and Debian left out of both
 * packages the ones it called controversial; the bundled collection carries some of each.
 */
export const OFFENSIVE_COWS: Readonly<Record<string, string>> = {
  'beavis.zen': 'in Debian\'s cowsay-off',
  bong: 'in Debian\'s cowsay-off (drug use)',
  mutilated: 'in Debian\'s cowsay-off (a castrated bull)',
  telebears: 'left out of Debian\'s packages: its own comment says "a cow performing an unnatural act"'
}

/** Whether the offensive-content rule hides this cow by default. */
export const isOffensiveCow = (name: string): boolean => Object.hasOwn(OFFENSIVE_COWS, name)

/** People look for a name alphabetically whatever its case: `ackbar` before `C3PO`, `R2-D2` among the r's. */
export const byName = (a: string, b: string): number => {
  const folded = a.toLowerCase().localeCompare(b.toLowerCase(), 'en')
  return folded !== 0 ? folded : a < b ? -1 : a > b ? 1 : 0
}
/** A cow name: what `cowsay -l` lists, and nothing a path could hide in. */
const COW_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.+-]{0,63}$/

interface Entry {
  source: CowSource
  cow: CowFile
}

/** A file of the COWPATH that is not drawn, and why (for the operator's log, not for clients). */
interface RefusedCow {
  file: string
  reason: string
}

interface Catalogue {
  /** Every name, sorted by name, case aside. */
  readonly names: readonly string[]
  readonly entries: ReadonlyMap<string, Entry>
  readonly refused: readonly RefusedCow[]
}

export interface CatalogueOptions {
  /** Serve the cows of OFFENSIVE_COWS too; hidden, they are not in the catalogue at all. */
  offensive?: boolean
}

/** COWPATH when the environment does not set it: Debian's cows when they are installed. */
export function defaultCowPath (): string[] {
  return existsSync(DEBIAN_COWS) ? [DEBIAN_COWS] : []
}

function sourceOf (directory: string): CowSource {
  const path = resolve(directory)
  return path === DEBIAN_COWS ? 'debian' : path === resolve(BUNDLED_COWS) ? 'bundled' : 'local'
}

/**
 * Reads every cow of `cowPath` (then the bundled collection); the first directory holding a name
 * wins. A hidden cow is not read: asking for it is asking for a cow there is not.
 */
export function loadCatalogue (cowPath: readonly string[], { offensive = false }: CatalogueOptions = {}): Catalogue {
  const entries = new Map<string, Entry>()
  const refused: RefusedCow[] = []
  for (const directory of [...cowPath, BUNDLED_COWS]) {
    const source = sourceOf(directory)
    for (const file of readdirSync(directory).sort()) {
      if (!file.endsWith(COW_EXTENSION)) continue
      const name = file.slice(0, -COW_EXTENSION.length)
      const path = join(directory, file)
      if (entries.has(name) || (!offensive && isOffensiveCow(name))) continue
      if (!COW_NAME.test(name)) {
        refused.push({ file: path, reason: 'the name is not a cow name (letters, digits and _ . + -, at most 64)' })
        continue
      }
      const stats = statSync(path)
      if (!stats.isFile()) continue
      if (stats.size > MAX_COW_FILE_BYTES) {
        refused.push({ file: path, reason: `the file is ${stats.size} bytes; a cow file may have at most ${MAX_COW_FILE_BYTES}` })
        continue
      }
      try {
        entries.set(name, { source, cow: readCowFile(readFileSync(path)) })
      } catch (error) {
        if (!(error instanceof CowFileError)) throw error
        refused.push({ file: path, reason: error.message })
      }
    }
  }
  const names = Object.freeze([...entries.keys()].sort(byName))
  return { names, entries, refused }
}

// One catalogue per process: buildApp() makes it from the configured COWPATH.
let current: Catalogue | undefined
const catalogue = (): Catalogue => (current ??= loadCatalogue(defaultCowPath()))

/** Makes the catalogue from `cowPath` (and the bundled collection); returns the files it refused. */
export function useCowPath (cowPath: readonly string[], options: CatalogueOptions = {}): readonly RefusedCow[] {
  current = loadCatalogue(cowPath, options)
  drawn.clear()
  return current.refused
}

/** Every cow we can draw, sorted by name, case aside. */
export function listCows (): readonly string[] {
  return catalogue().names
}

/** Whether `name` is one of listCows(); any other string, '__proto__' or a path included, is not. */
export function isCow (name: string): boolean {
  return catalogue().entries.has(name)
}

/** Where a cow of listCows() comes from. */
export function cowSource (name: string): CowSource {
  return entry(name).source
}

/**
 * The cow drawing with its face and thought trail, ending with a newline like Perl's heredoc.
 * A cow file's statements give the same drawing for the same face, and most requests ask for
 * the default cow's default face, so drawings are remembered (five hundred, then forgotten
 * all at once): a new message pays for its balloon only.
 */
export function drawCow (name: string, face: CowFace): string {
  const key = `${name}\n${face.eyes}\n${face.tongue}\n${face.thoughts}\n${face.messageLines}`
  let drawing = drawn.get(key)
  if (drawing === undefined) {
    drawing = entry(name).cow.draw(face)
    if (drawn.size >= DRAWN_KEPT) drawn.clear()
    drawn.set(key, drawing)
  }
  return drawing
}

const drawn = new Map<string, string>()
const DRAWN_KEPT = 512

function entry (name: string): Entry {
  const found = catalogue().entries.get(name)
  if (found === undefined) throw new RangeError(`Unknown cow ${JSON.stringify(name)}: check isCow() first`)
  return found
}
