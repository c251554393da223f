import { lstatSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { FORTUNES_DIR } from '../paths.js'

/*
 * Fortune databases, as `fortune` finds them. FORTUNE_PATH is a list of directories, as COWPATH
 * is for cows: the first holding a name wins, and the databases bundled with the service
 * (Debian's fortunes-min: fortunes, literature, riddles) come after it, so a fresh clone serves
 * fortunes with nothing installed. Each file is read once, when the catalogue is made; a request
 * names a database only through the Map built then, so nothing a client sends becomes a path.
 */

/** A database's file may weigh at most this (the largest of Debian's full `fortunes` is under 1 MiB). */
export const MAX_DATABASE_BYTES = 4 * 1024 * 1024

/**
 * A database name: a file name without a dot (a dot marks what is not a database: strfile's
 * `.dat` index, Debian's `.u8` links, a README.md beside them).
 */
const DATABASE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_+-]{0,63}$/

/**
 * Debian's fortunes-off keeps the databases it calls offensive in `off/`, ROT13-encoded (strfile's
 * ROTATED flag). They are named as BSD fortune named them, with `-o` after the file's name, so
 * that `off/fortunes` and `fortunes` are two databases.
 */
const OFFENSIVE_DIRECTORY = 'off'
const OFFENSIVE_SUFFIX = '-o'

/** The longest fortune `fortune -s` calls short (its -n default), in characters. */
export const SHORT_FORTUNE = 160

export interface Database {
  readonly name: string
  /** Read from an `off/` directory: hidden unless the operator shows offensive content. */
  readonly offensive: boolean
  /** The fortunes, as strfile separates them, each without its final newline. */
  readonly entries: readonly string[]
}

/** A file of FORTUNE_PATH that is not served, and why (for the operator's log, never for clients). */
export interface RefusedDatabase {
  file: string
  reason: string
}

/**
 * The entries of a database in strfile's source format, as strfile separates them: a line
 * holding only `%` ends an entry, an empty entry is no entry (a `%` line right after another,
 * or the one that ends the file), and each entry's final newline is not part of it.
 */
export function readEntries (text: string): string[] {
  const entries: string[] = []
  let entry = ''
  let start = 0
  while (start < text.length) {
    const end = text.indexOf('\n', start)
    const line = end === -1 ? text.slice(start) : text.slice(start, end + 1)
    start += line.length
    if (line === '%\n') {
      if (entry !== '') entries.push(entry.replace(/\n$/, ''))
      entry = ''
    } else {
      entry += line
    }
  }
  if (entry !== '') entries.push(entry.replace(/\n$/, ''))
  return entries
}

/** ROT13, as strfile -x encodes (and fortune decodes) an offensive database. */
export const rot13 = (text: string): string =>
  text.replace(/[A-Za-z]/g, (c) => String.fromCharCode((c.charCodeAt(0) & 96) + (((c.charCodeAt(0) & 31) + 12) % 26) + 1))

const decoder = new TextDecoder('utf-8', { fatal: true })

/** Why a file's bytes are not a database of text, if they are not. */
function textOf (bytes: Buffer): string | { problem: string } {
  if (bytes.includes(0)) return { problem: 'the file holds NUL bytes: it is not text' }
  try {
    return decoder.decode(bytes)
  } catch {
    return { problem: 'the file is not UTF-8 text' }
  }
}

interface Catalogue {
  /** Every database served, sorted by name. */
  readonly databases: ReadonlyMap<string, Database>
  readonly refused: readonly RefusedDatabase[]
}

/** Reads every database of `fortunePath` (then the bundled ones); the first directory holding a name wins. */
export function loadDatabases (fortunePath: readonly string[]): Catalogue {
  const found = new Map<string, Database>()
  const refused: RefusedDatabase[] = []
  const readDirectory = (directory: string, offensive: boolean): void => {
    let files: string[]
    try {
      files = readdirSync(directory).sort()
    } catch {
      return
    }
    for (const file of files) {
      const path = join(directory, file)
      let stats
      try {
        stats = lstatSync(path)
      } catch {
        continue
      }
      if (stats.isDirectory() && file === OFFENSIVE_DIRECTORY && !offensive) {
        readDirectory(path, true)
        continue
      }
      if (!DATABASE_NAME.test(file)) continue
      const name = offensive ? file + OFFENSIVE_SUFFIX : file
      if (found.has(name) || !stats.isFile()) continue
      if (stats.size > MAX_DATABASE_BYTES) {
        refused.push({ file: path, reason: `the file is ${stats.size} bytes; a database may have at most ${MAX_DATABASE_BYTES}` })
        continue
      }
      let bytes: Buffer
      try {
        bytes = readFileSync(path)
      } catch (error) {
        refused.push({ file: path, reason: `the file cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` })
        continue
      }
      const text = textOf(bytes)
      if (typeof text !== 'string') {
        refused.push({ file: path, reason: text.problem })
        continue
      }
      const entries = readEntries(offensive ? rot13(text) : text)
      if (entries.length === 0) {
        refused.push({ file: path, reason: 'the file holds no fortune' })
        continue
      }
      found.set(name, { name, offensive, entries: Object.freeze(entries) })
    }
  }
  for (const directory of [...fortunePath, FORTUNES_DIR]) readDirectory(directory, false)
  const databases = new Map([...found.entries()].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0))
  return { databases, refused }
}
