import t, { type Test } from 'tap'
import { spawnSync } from 'node:child_process'
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, posix } from 'node:path'
import { argumentsOf, readStages, runtimeCopies } from '../support/dockerfile.js'
import { ROOT, ensureBuilt, startServer, type RunningServer } from '../support/node-server.js'

/*
 * The Dockerfile's runtime stage rebuilt without Docker: a folder with only
 * the files it copies, node_modules from `npm ci --omit=dev` (what the build
 * stage's `npm prune --omit=dev` leaves), and `node dist/server.js` in it. A
 * runtime dependency left in devDependencies, or a folder the image forgets,
 * fails here.
 */

const PRODUCED_BY_INSTALL = 'node_modules'

/** Copies what the runtime stage copies into `image`; gives what it left to npm. */
function assembleImage (image: string, t: Test): void {
  const buildWorkdir = readStages()[0]?.instructions.filter((instruction) => instruction.getKeyword() === 'WORKDIR').map(argumentsOf).at(-1)?.[0] ?? '/'
  for (const { fromStage, sources, destination } of runtimeCopies()) {
    // The fonts and cows stages give files of the distribution's (the CJK font, Debian's cows), not of the project.
    if (fromStage === 'fonts' || fromStage === 'cows') continue
    for (const source of sources) {
      // The build stage's files are the repository's once `npm test` has built it.
      const path = fromStage === null ? source : posix.relative(buildWorkdir, source)
      if (path === PRODUCED_BY_INSTALL) continue
      const target = destination.endsWith('/') ? join(image, destination, posix.basename(path)) : join(image, destination)
      t.ok(existsSync(join(ROOT, path)), `${fromStage ?? 'context'}: ${source} exists`)
      cpSync(join(ROOT, path), target, { recursive: true })
    }
  }
}

t.test('the runtime stage, installed without dev dependencies, serves pages, JSON and assets', async (t) => {
  ensureBuilt()
  const image = mkdtempSync(join(tmpdir(), 'cowsay-image-'))
  chmodSync(image, 0o755)
  t.teardown(() => rmSync(image, { recursive: true, force: true }))
  assembleImage(image, t)

  const install = spawnSync('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: image, encoding: 'utf8', timeout: 300_000 })
  t.equal(install.status, 0, `npm ci --omit=dev: ${install.stderr.slice(-2000)}`)
  // The lock file marks what only development needs (tap, typescript and all they pull in).
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> }
  const devOnly = Object.entries(lock.packages).filter(([path, entry]) => path !== '' && entry.dev === true).map(([path]) => path)
  t.ok(devOnly.includes('node_modules/typescript') && devOnly.includes('node_modules/tap'), `${devOnly.length} dev-only packages in the lock`)
  t.same(devOnly.filter((path) => existsSync(join(image, path))), [], 'none of them in the image')
  t.notOk(existsSync(join(image, 'src')), 'no TypeScript sources in the image')

  let server: RunningServer | undefined
  try {
    server = await startServer({ cwd: image, env: { NODE_ENV: 'production' } })
  } catch (error) {
    t.fail(`node dist/server.js did not start in the image: ${String(error)}`)
    return
  }
  t.teardown(() => server?.stop())
  const get = async (path: string, accept = '*/*'): Promise<{ status: number, type: string, body: string }> => {
    const response = await fetch(`http://127.0.0.1:${server?.port ?? 0}${path}`, { headers: { accept } })
    return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.text() }
  }

  const home = await get('/', 'text/html')
  t.equal(home.status, 200, 'the form page (views/ came along)')
  t.match(home.body, /<form[^>]+action="\/say"/)
  const stylesheet = /href="(\/static\/css\/site\.[0-9a-f]{10}\.css)"/.exec(home.body)?.[1]
  t.ok(stylesheet, 'the page links a fingerprinted stylesheet (public/ came along)')
  const css = await get(stylesheet ?? '/static/missing.css')
  t.equal(css.status, 200, 'which the image serves')
  t.equal(css.body, readFileSync(join(ROOT, 'public/css/site.css'), 'utf8'))

  const json = await get('/say/hello?cow=tux', 'application/json')
  t.equal(json.status, 200)
  t.match(json.type, /^application\/json/)
  t.match(JSON.parse(json.body), { text: 'hello', cow: 'tux', output: /< hello >/ })
  const text = await get('/think/hmm', 'text/plain')
  t.match(text.body, /^ _____\n\( hmm \)\n/)
  const page = await get('/say/hello', 'text/html')
  t.match(page.body, /&lt; hello &gt;/, 'a result page')
  const health = await get('/healthz')
  t.same(JSON.parse(health.body), { status: 'ok' })
  const healthcheck = spawnSync(process.execPath, ['dist/healthcheck.js'], { cwd: image, env: { PATH: process.env.PATH ?? '', PORT: String(server.port), HOST: '127.0.0.1' }, timeout: 15_000 })
  t.equal(healthcheck.status, 0, "the image's HEALTHCHECK command works in it")

  t.equal(await server.stop(), 0, 'SIGTERM stops it cleanly')
})
