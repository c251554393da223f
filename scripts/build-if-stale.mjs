// @ts-check
/*
 * `npm start` runs this first: it builds dist/ when dist/ is missing or older
 * than what it is built from, so that a fresh clone starts with
 * `npm ci && npm start`. The image and the Procfile start `node dist/server.js`
 * directly: they are built already. Plain JavaScript, since it runs before
 * anything is compiled.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

/** What `npm run build` reads (scripts/build.ts bundles src/ and compiles views/). */
const SOURCES = ['src', 'views', 'scripts/build.ts', 'tsconfig.json']
const BUILT = 'dist/server.js'

/** @param {string} path @returns {string[]} every file at or below path */
const filesIn = (path) => !existsSync(path)
  ? []
  : statSync(path).isDirectory()
    ? readdirSync(path).flatMap((name) => filesIn(join(path, name)))
    : [path]

/**
 * Why the checkout at `root` needs a build, or null when dist/ is up to date.
 * @param {string} root
 * @returns {string | null}
 */
export function staleBecause (root) {
  const built = join(root, BUILT)
  if (!existsSync(built)) return `${BUILT} is missing`
  const builtAt = statSync(built).mtimeMs
  const newer = SOURCES.flatMap((source) => filesIn(join(root, source))).find((file) => statSync(file).mtimeMs > builtAt)
  return newer === undefined ? null : `${relative(root, newer)} is newer than ${BUILT}`
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url))
  const reason = staleBecause(root)
  if (reason !== null) {
    console.error(`${reason}: building (npm run build)`)
    const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' })
    if (build.status !== 0) {
      console.error('The build failed: it needs the dev dependencies (npm ci), and TypeScript errors are shown above.')
      process.exit(build.status ?? 1)
    }
  }
}
