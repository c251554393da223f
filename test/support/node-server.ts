import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root and the compiled entry point `npm test` builds before tap runs. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
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
  /** The requests that reached this process, in order (call settle() first). */
  requests: () => LoggedRequest[]
  /** Resolves once every request answered so far is in the log: it comes through a pipe, after the response. */
  settle: () => Promise<void>
  /** Everything the process printed. */
  output: () => string
  /** SIGTERM, then the exit code. */
  stop: () => Promise<number | null>
}

const LISTENING = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/
// A request of the test's own, straight to the process, that marks a point in its log.
const MARKER = '/healthz?log-marker='
let markers = 0

function loggedRequests (output: string): LoggedRequest[] {
  const requests: LoggedRequest[] = []
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue
    const entry = JSON.parse(line) as { msg?: string, reqId?: string, req?: LoggedRequest }
    if ((entry.msg === 'request completed' || entry.msg === 'request errored') && entry.req !== undefined && !entry.req.url.startsWith(MARKER)) {
      requests.push({ ...entry.req, reqId: entry.reqId })
    }
  }
  return requests
}

/**
 * Starts a real `node dist/server.js` (the image's command) on a free loopback
 * port and reads its JSON log, so a test can see which requests reached Node.
 */
export function startServer ({ cwd = ROOT, env = {} }: { cwd?: string, env?: Record<string, string> } = {}): Promise<RunningServer> {
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    cwd,
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))

  const running = (port: number): RunningServer => ({
    port,
    requests: () => loggedRequests(output),
    output: () => output,
    settle: async () => {
      const url = MARKER + String(++markers)
      await fetch(`http://127.0.0.1:${port}${url}`)
      const deadline = Date.now() + 5000
      while (!output.includes(`"url":"${url}"`)) {
        if (Date.now() > deadline) throw new Error(`${url} never appeared in the log`)
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      return exited
    }
  })

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`no listen line within 15 s:\n${output}`)) }, 15_000)
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`the server exited with ${code}:\n${output}`)) })
    const onData = (): void => {
      const port = LISTENING.exec(output)?.[1]
      if (port === undefined) return
      child.stdout.off('data', onData)
      clearTimeout(timer)
      resolve(running(Number(port)))
    }
    child.stdout.on('data', onData)
  })
}
