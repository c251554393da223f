import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { accepting, freePort } from './ports.js'

/** The repository root, for tests and scripts alike. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
/** The compiled entry point: what the Docker image and the Procfile run. */
export const SERVER_ENTRY = 'dist/server.js'

/** `npm test` builds before tap runs; a suite run on its own builds if it must. */
export function ensureBuilt (): void {
  if (existsSync(join(ROOT, SERVER_ENTRY))) return
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' })
  if (build.status !== 0) throw new Error('npm run build failed')
}

/** A request as the server's pino log shows it. */
export interface LoggedRequest {
  method: string
  url: string
  host?: string
  remoteAddress?: string
  remotePort?: number
  reqId?: string
}

export interface RunningServer {
  port: number
  pid: number
  child: ChildProcess
  /** Everything the process printed so far, stdout and stderr. */
  output: () => string
  /** The requests that reached this process, in order (call settle() first; needs LOG_LEVEL info). */
  requests: () => LoggedRequest[]
  /** Resolves once every request answered so far is in the log: it comes through a pipe, after the response. */
  settle: () => Promise<void>
  /** Resident memory of the process in bytes, from /proc. */
  rss: () => number
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>
  /** SIGTERM to the process and anything it started, then the exit code; SIGKILL after `timeout` ms. */
  stop: (timeout?: number) => Promise<number | null>
}

export interface ServerOptions {
  /** The folder it runs in: the repository, or a copy of what an image holds. */
  cwd?: string
  /**
   * The environment besides PATH; HOST is loopback, LOG_LEVEL info and load shedding off
   * (MAX_EVENT_LOOP_DELAY_MS=0: a busy test machine must not get 503s) unless given. PORT is the port below.
   */
  env?: Record<string, string>
  /** The port to listen on: a free one unless given (a restarted process takes its predecessor's). */
  port?: number
  /** What to run: `node dist/server.js` unless given (`['npm', 'start']`, say). */
  command?: string[]
  /** How long it may take to accept connections, in ms. */
  startTimeout?: number
  /**
   * A file for the process's standard output (its log), instead of a pipe this
   * process reads: a benchmark's load generator must not also be the one
   * reading millions of log lines, as a container runtime's log driver does
   * that elsewhere. output() then holds standard error only, and requests()
   * and settle() are not for such a server.
   */
  logFile?: string
}

/** The JSON lines a process printed (pino's output), skipping anything else. */
export function logLines (output: string): Array<Record<string, unknown>> {
  return output.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return []
    try {
      const parsed: unknown = JSON.parse(line)
      return typeof parsed === 'object' && parsed !== null ? [parsed as Record<string, unknown>] : []
    } catch {
      return []
    }
  })
}

// What output() keeps at most: a benchmark at LOG_LEVEL info logs millions of requests.
const OUTPUT_LIMIT = 16 * 1024 * 1024

// A request of the test's own, straight to the process, that marks a point in its log.
const MARKER = '/healthz?log-marker='
let markers = 0

function loggedRequests (output: string): LoggedRequest[] {
  return logLines(output).flatMap((entry) => {
    const request = entry.req as LoggedRequest | undefined
    const completed = entry.msg === 'request completed' || entry.msg === 'request errored'
    return completed && request !== undefined && !request.url.startsWith(MARKER) ? [{ ...request, reqId: entry.reqId as string | undefined }] : []
  })
}

/**
 * The one launcher of the real server for tests and scripts: starts
 * `node dist/server.js` (the image's command) on a free loopback port and
 * resolves once it accepts connections, at any LOG_LEVEL.
 */
export async function startServer ({ cwd = ROOT, env = {}, port: fixedPort, command = [process.execPath, SERVER_ENTRY], startTimeout = 20_000, logFile }: ServerOptions = {}): Promise<RunningServer> {
  if (cwd === ROOT && command[1] === SERVER_ENTRY) ensureBuilt()
  const port = fixedPort ?? await freePort()
  const [program = process.execPath, ...args] = command
  const stdout = logFile === undefined ? 'pipe' : openSync(logFile, 'w')
  // Its own process group, so that stop() reaches what a wrapper such as npm starts.
  const child = spawn(program, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', LOG_LEVEL: 'info', MAX_EVENT_LOOP_DELAY_MS: '0', ...env, PORT: String(port) },
    stdio: ['ignore', stdout, 'pipe'],
    detached: true
  })
  if (typeof stdout === 'number') closeSync(stdout)
  let output = ''
  const keep = (chunk: Buffer): void => { if (output.length < OUTPUT_LIMIT) output += chunk.toString() }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const signal = (name: NodeJS.Signals): void => {
    try {
      process.kill(-(child.pid as number), name)
    } catch {}
  }

  const deadline = Date.now() + startTimeout
  while (!await accepting(port)) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      signal('SIGKILL')
      throw new Error(`the server did not start listening within ${startTimeout} ms:\n${output}`)
    }
    await sleep(10)
  }
  return {
    port,
    pid: child.pid as number,
    child,
    output: () => output,
    requests: () => loggedRequests(output),
    settle: async () => {
      const url = MARKER + String(++markers)
      await fetch(`http://127.0.0.1:${port}${url}`)
      const settled = Date.now() + 5000
      while (!output.includes(`"url":"${url}"`)) {
        if (Date.now() > settled) throw new Error(`${url} never appeared in the log`)
        await sleep(10)
      }
    },
    rss: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? NaN) * 1024,
    exited,
    stop: async (timeout = 20_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode
      const killer = setTimeout(() => signal('SIGKILL'), timeout)
      signal('SIGTERM')
      const code = await exited
      clearTimeout(killer)
      return code
    }
  }
}
