import { spawn, type ChildProcess } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import { accepting, freePort } from './ports.js'
import { installedAt, type RequiredTool } from './tools.js'

const REDIS_SERVER = '/usr/bin/redis-server'
export const REDIS: RequiredTool = installedAt(REDIS_SERVER, "install Debian's Redis: apt-get install redis-server (.ci/run does)")

export interface RunningRedis {
  port: number
  url: string
  /** Stops the server (SIGTERM, then SIGKILL), keeping its port for start(). */
  stop: () => Promise<void>
  /** Starts it again on the same port, empty. */
  start: () => Promise<void>
}

/**
 * Debian's redis-server on loopback and a free port, in memory only (nothing
 * saved, no append-only file), for the suites that share a rate limit.
 */
export async function startRedis (): Promise<RunningRedis> {
  const port = await freePort()
  let child: ChildProcess | null = null
  let output = ''
  const start = async (): Promise<void> => {
    output = ''
    const server = child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] })
    server.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString() })
    server.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString() })
    const deadline = Date.now() + 10_000
    while (!await accepting(port)) {
      if (server.exitCode !== null || Date.now() > deadline) {
        server.kill('SIGKILL')
        throw new Error(`redis-server did not start:\n${output}`)
      }
      await sleep(50)
    }
  }
  const stop = async (): Promise<void> => {
    const server = child
    if (server === null || server.exitCode !== null || server.signalCode !== null) return
    const exited = new Promise((resolve) => server.once('exit', resolve))
    server.kill('SIGTERM')
    const killer = setTimeout(() => server.kill('SIGKILL'), 5000)
    await exited
    clearTimeout(killer)
  }
  await start()
  return { port, url: `redis://127.0.0.1:${port}`, stop, start }
}
