import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { ROOT } from './support/node-server.js'

// The structure docs/architecture.md draws, held to the code: imports run one way (each part
// imports only the parts below it, and files of its own folder), and no source file grows past
// the size one reader can hold.

const SRC = join(ROOT, 'src')
const MAX_LINES = 400

/** The parts of src/, bottom first; a part may import only from parts on a lower floor, or from itself. */
const FLOORS: ReadonlyArray<readonly string[]> = [
  ['paths.ts', 'environment.ts', 'types', 'tracing.ts'],
  ['cowsay'],
  ['image', 'fortunes'],
  ['results'],
  ['chat'],
  ['config.ts'],
  ['http', 'healthcheck.ts'],
  ['routes'],
  ['app.ts'],
  ['main.ts'],
  ['server.ts']
]
const floorOf = new Map(FLOORS.flatMap((parts, floor) => parts.map((part) => [part, floor])))

function * sources (dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield * sources(path)
    else if (/\.(ts|mjs|js)$/.test(entry.name)) yield path
  }
}

const partOf = (file: string): string => relative(SRC, file).split(sep)[0] ?? ''
const files = [...sources(SRC)]

t.test('every part of src/ has its floor', async (t) => {
  for (const part of new Set(files.map(partOf))) t.ok(floorOf.has(part), `src/${part}: placed in FLOORS (test/architecture.test.ts) and docs/architecture.md`)
})

t.test('imports run one way: down, or within a part', async (t) => {
  let imports = 0
  for (const file of files) {
    const from = partOf(file)
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/(?:from|import\s*\()\s*'(\.{1,2}\/[^']+)'/g)) {
      const target = partOf(resolve(dirname(file), (specifier ?? '').replace(/\.js$/, '.ts')))
      imports++
      if (target === from) continue
      const ok = (floorOf.get(target) ?? Infinity) < (floorOf.get(from) ?? -1)
      if (!ok) t.fail(`${relative(ROOT, file)} imports ${specifier}: src/${target} is not below src/${from}`)
    }
  }
  t.ok(imports > 100, `${imports} imports between files of src/ read`)
})

t.test(`no source file is over ${MAX_LINES} lines`, async (t) => {
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split('\n').length - 1
    if (lines > MAX_LINES) t.fail(`${relative(ROOT, file)}: ${lines} lines; split it at its seams`)
  }
  t.pass(`${files.length} files`)
})
