import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fillFace, prepareCow, type CowTemplates } from './cow-file.js'
import type { Face } from './faces.js'
import type { Action } from './options.js'

/*
 * The catalogue: the npm `cowsay` package's drawings, each file read once at load time into a Map
 * (a plain object would answer to '__proto__' and 'constructor'). We never call the package's
 * `cows.get`, which reads any path it is given, throws on unknown names and caches every name.
 */

const COW_EXTENSION = '.cow'

/** People look for a name alphabetically whatever its case: `ackbar` before `C3PO`, `R2-D2` among the r's. */
export const byName = (a: string, b: string): number => {
  const folded = a.toLowerCase().localeCompare(b.toLowerCase(), 'en')
  return folded !== 0 ? folded : a < b ? -1 : a > b ? 1 : 0
}
const cowsDirectory = join(dirname(createRequire(import.meta.url).resolve('cowsay/package.json')), 'cows')

function loadCows (): Map<string, CowTemplates> {
  const names = readdirSync(cowsDirectory)
    .filter(file => file.endsWith(COW_EXTENSION))
    .map(file => file.slice(0, -COW_EXTENSION.length))
    .sort(byName)
  const cows = new Map<string, CowTemplates>()
  for (const name of names) {
    const templates = prepareCow(readFileSync(join(cowsDirectory, name + COW_EXTENSION), 'utf8'))
    if (templates !== undefined) cows.set(name, templates)
  }
  return cows
}

const cows = loadCows()
const cowNames: readonly string[] = Object.freeze([...cows.keys()])

/** Every cow we can draw, sorted by name, case aside. */
export function listCows (): readonly string[] {
  return cowNames
}

/** Whether `name` is one of listCows(); any other string, '__proto__' or a path included, is not. */
export function isCow (name: string): boolean {
  return cows.has(name)
}

/** The cow drawing with its face and thought trail, ending with a newline like Perl's heredoc. */
export function drawCow (name: string, action: Action, face: Face): string {
  const templates = cows.get(name)
  if (templates === undefined) throw new RangeError(`Unknown cow ${JSON.stringify(name)}: check isCow() first`)
  return fillFace(templates[action], face)
}
