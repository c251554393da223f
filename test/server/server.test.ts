import t from 'tap'
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

// The compiled entry point, exactly what `npm start` and the Docker image run.
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const SERVER = fileURLToPath(new URL('../../dist/server.js', import.meta.url))

t.before(() => {
  if (!existsSync(SERVER)) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' })
    if (build.status !== 0) throw new Error('npm run build failed')
  }
})

function start (env: Record<string, string>): Promise<{ port: number, stop: () => Promise<number | null>, output: () => string }> {
  const child = spawn(process.execPath, [SERVER], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error('no listen line in 10 s: ' + output)) }, 10_000)
    child.stdout.on('data', () => {
      const match = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(output)
      if (match?.[1] === undefined) return
      clearTimeout(timer)
      resolve({
        port: Number(match[1]),
        output: () => output,
        stop: () => new Promise((resolve) => {
          child.once('exit', (code) => resolve(code))
          child.kill('SIGTERM')
        })
      })
    })
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`exited with ${code}: ${output}`)) })
  })
}

t.test('the server listens on PORT and HOST and serves the app', async (t) => {
  const server = await start({ PORT: '0', HOST: '127.0.0.1' })
  const response = await fetch(`http://127.0.0.1:${server.port}/say/hello`, { headers: { accept: 'text/plain' } })
  t.equal(response.status, 200)
  t.match(await response.text(), /< hello >/)
  const page = await fetch(`http://127.0.0.1:${server.port}/`)
  t.equal(page.status, 200)
  t.match(page.headers.get('content-security-policy'), /script-src 'self'/)
  t.equal(await server.stop(), 0, 'SIGTERM closes it cleanly')
  t.match(server.output(), /"msg":"request completed"/, 'requests are logged as JSON lines')
})

t.test('a bad configuration stops start-up with a clear message', async (t) => {
  for (const [env, message] of [
    [{ PORT: 'eighty' }, /Configuration error: PORT must be a whole number/],
    [{ PUBLIC_URL: 'nope' }, /Configuration error: PUBLIC_URL must be an absolute/]
  ] as const) {
    const result = spawnSync(process.execPath, [SERVER], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 10_000 })
    t.equal(result.status, 78, `${JSON.stringify(env)}: exit code 78 (EX_CONFIG)`)
    t.match(result.stderr, message)
    t.notMatch(result.stderr, /at .*\.js:\d+/, 'no stack trace')
  }
})
