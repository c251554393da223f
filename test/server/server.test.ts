import t from 'tap'
import { spawnSync } from 'node:child_process'
import { ROOT, SERVER_ENTRY, ensureBuilt, startServer } from '../support/node-server.js'

t.before(ensureBuilt)

t.test('the server listens on PORT and HOST and serves the app', async (t) => {
  // The launcher gives it a free PORT and HOST=127.0.0.1.
  const server = await startServer()
  const response = await fetch(`http://127.0.0.1:${server.port}/say/hello`, { headers: { accept: 'text/plain' } })
  t.equal(response.status, 200)
  t.match(await response.text(), /< hello >/)
  const page = await fetch(`http://127.0.0.1:${server.port}/`)
  t.equal(page.status, 200)
  t.match(page.headers.get('content-security-policy'), /script-src 'self'/)
  t.match(server.output(), `Server listening at http://127.0.0.1:${server.port}`, 'on the PORT and HOST it was given')
  t.equal(await server.stop(), 0, 'SIGTERM closes it cleanly')
  t.match(server.output(), /"msg":"request completed"/, 'requests are logged as JSON lines')
})

t.test('a bad configuration stops start-up with a clear message', async (t) => {
  for (const [env, message] of [
    [{ PORT: 'eighty' }, /Configuration error: PORT must be a whole number/],
    [{ PUBLIC_URL: 'nope' }, /Configuration error: PUBLIC_URL must be an absolute/]
  ] as const) {
    const result = spawnSync(process.execPath, [SERVER_ENTRY], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 10_000 })
    t.equal(result.status, 78, `${JSON.stringify(env)}: exit code 78 (EX_CONFIG)`)
    t.match(result.stderr, message)
    t.notMatch(result.stderr, /at .*\.js:\d+/, 'no stack trace')
  }
})
