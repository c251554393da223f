import t from 'tap'
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, utimesSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { staleBecause } from '../../scripts/build-if-stale.mjs'
import { ROOT, startServer } from '../support/node-server.js'

// What a fresh clone has: the working tree without dist/ (and without what git ignores).
const LEFT_OUT = new Set(['.git', 'node_modules', 'dist', 'coverage', '.tap', 'bench/results', 'test-results'])

t.test('npm start in a fresh copy without dist/ builds it, then serves; a second start does not build again', async (t) => {
  const copy = mkdtempSync(join(tmpdir(), 'cowsay-fresh-'))
  t.teardown(() => rmSync(copy, { recursive: true, force: true }))
  cpSync(ROOT, copy, { recursive: true, filter: (source) => !LEFT_OUT.has(relative(ROOT, source)) })
  // What `npm ci` would install, without installing it again.
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'))
  t.notOk(existsSync(join(copy, 'dist')), 'the copy has no dist/')

  // No load shedding: the machine is busy building, which is not what this test is about.
  const npmStart = { cwd: copy, command: ['npm', 'start'], env: { HOME: process.env.HOME ?? copy, MAX_EVENT_LOOP_DELAY_MS: '0' }, startTimeout: 90_000 }
  const first = await startServer(npmStart)
  t.teardown(() => first.stop())
  const response = await fetch(`http://127.0.0.1:${first.port}/say/fresh`, { headers: { accept: 'text/plain' } })
  t.equal(response.status, 200)
  t.match(await response.text(), /< fresh >/)
  t.match(first.output(), 'dist/server.js is missing: building', 'it said why it built')
  t.ok(existsSync(join(copy, 'dist/server.js')), 'dist/ is there now')
  await first.stop()

  const second = await startServer(npmStart)
  t.teardown(() => second.stop())
  t.equal((await fetch(`http://127.0.0.1:${second.port}/say/again`)).status, 200, 'the second start serves')
  t.notMatch(second.output(), /building/, 'and did not build: dist/ is up to date')
  await second.stop()

  t.equal(staleBecause(copy), null, 'up to date')
  const later = new Date(Date.now() + 60_000)
  utimesSync(join(copy, 'src/server.ts'), later, later)
  t.equal(staleBecause(copy), 'src/server.ts is newer than dist/server.js', 'an edited source makes it stale')
  rmSync(join(copy, 'dist/server.js'))
  t.equal(staleBecause(copy), 'dist/server.js is missing')
})
