import t from 'tap'
import { spawn } from 'node:child_process'
import { createServer } from 'node:http'
import { ROOT, ensureBuilt, startServer } from './support/node-server.js'
import { freePort } from './support/ports.js'

/** Runs the image's HEALTHCHECK command, `node dist/healthcheck.js`, and gives its exit code. */
function healthcheck (env: Record<string, string>): Promise<number | null> {
  const child = spawn(process.execPath, ['dist/healthcheck.js'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'ignore', timeout: 15_000 })
  return new Promise((resolve) => child.once('exit', resolve))
}

t.before(ensureBuilt)

t.test('dist/healthcheck.js exits 0 while the server on PORT answers /healthz, 1 once it is gone', async (t) => {
  const server = await startServer()
  t.teardown(() => server.stop())
  for (const host of ['127.0.0.1', '0.0.0.0']) {
    t.equal(await healthcheck({ PORT: String(server.port), HOST: host }), 0, `healthy, HOST=${host}`)
  }
  await server.settle()
  t.ok(server.requests().some((request) => request.url === '/healthz'), 'it asked /healthz')
  await server.stop()
  t.equal(await healthcheck({ PORT: String(server.port), HOST: '127.0.0.1' }), 1, 'unhealthy when nothing answers')
})

t.test('dist/healthcheck.js exits 1 when something else answers on the port', async (t) => {
  const port = await freePort()
  const impostor = createServer((_request, response) => { response.statusCode = 404; response.end() }).listen(port, '127.0.0.1')
  t.teardown(() => { impostor.close() })
  await new Promise((resolve) => impostor.once('listening', resolve))
  t.equal(await healthcheck({ PORT: String(port), HOST: '127.0.0.1' }), 1)
})
