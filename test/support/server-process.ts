import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { connect, createServer, type AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'

// The compiled entry point, exactly what `npm start` and the Docker image run.
export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const SERVER = fileURLToPath(new URL('../../dist/server.js', import.meta.url))

/** Builds dist/ when a suite runs on its own (npm test builds before tap). */
export function ensureBuilt (): void {
  if (existsSync(SERVER)) return
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' })
  if (build.status !== 0) throw new Error('npm run build failed')
}

export interface ServerProcess {
  port: number
  pid: number
  child: ChildProcess
  /** Everything the process printed so far, stdout and stderr. */
  output: () => string
  /** Resident memory of the process in bytes, from /proc. */
  rss: () => number
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>
  /** Sends SIGTERM and waits for the exit code; SIGKILL after `timeout` ms. */
  stop: (timeout?: number) => Promise<number | null>
}

/** A port that was free a moment ago: the server is started on it. */
function freePort (): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

const accepts = (port: number): Promise<boolean> => new Promise((resolve) => {
  const socket = connect(port, '127.0.0.1')
  socket.once('connect', () => { socket.destroy(); resolve(true) })
  socket.once('error', () => resolve(false))
})

/**
 * Starts `node dist/server.js` on a free loopback port with exactly `env` (and
 * PATH), and resolves once it accepts connections (at any LOG_LEVEL).
 */
export async function startServer (env: Record<string, string>): Promise<ServerProcess> {
  ensureBuilt()
  const port = await freePort()
  const child = spawn(process.execPath, [SERVER], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const deadline = Date.now() + 20_000
  while (!await accepts(port)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`the server did not start listening: ${output}`)
    }
    await sleep(100)
  }
  return {
    port,
    pid: child.pid as number,
    child,
    output: () => output,
    rss: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? NaN) * 1024,
    exited,
    stop: async (timeout = 20_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode
      const killer = setTimeout(() => child.kill('SIGKILL'), timeout)
      child.kill('SIGTERM')
      const code = await exited
      clearTimeout(killer)
      return code
    }
  }
}

/** The JSON lines a server printed (pino's output), skipping anything else. */
export function logLines (output: string): Array<Record<string, unknown>> {
  return output.split('\n').flatMap((line) => {
    try {
      const parsed: unknown = JSON.parse(line)
      return typeof parsed === 'object' && parsed !== null ? [parsed as Record<string, unknown>] : []
    } catch {
      return []
    }
  })
}
