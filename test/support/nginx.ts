import { spawn } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { ROOT } from './node-server.js'
import { accepting, freePort } from './ports.js'
import { installedAt, type RequiredTool } from './tools.js'

const NGINX_PATH = '/usr/sbin/nginx'
export const NGINX: RequiredTool = installedAt(NGINX_PATH, "install Debian's nginx: apt-get install nginx (.ci/run does)")

/** What docker-compose.yml gives nginx, written this way in nginx.conf. */
const LISTEN = 'listen 80 default_server;'
const UPSTREAM_SERVER = 'server app:3000 resolve;'
const STATIC_ROOT = '/srv/cowsay/public'
const CACHE_ROOT = '/var/cache/nginx/cowsay'

export interface NginxSite {
  /** The loopback port nginx listens on. */
  port: number
  /** Host:port of each app process. */
  upstreams: string[]
  /** The folder served as public/. */
  staticRoot: string
}

function replaceAll (config: string, from: string, to: string): string {
  if (!config.includes(from)) throw new Error(`nginx.conf no longer contains "${from}": update test/support/nginx.ts`)
  return config.split(from).join(to)
}

/**
 * The project's nginx.conf with exactly four things changed for a test: the
 * listen address (loopback, a free port), the upstream servers (app processes
 * on loopback rather than the compose service `app`), the static root and the
 * cache's folder (in the test's own temporary folder).
 */
function testConfig ({ port, upstreams, staticRoot }: NginxSite, cacheRoot: string): string {
  let config = readFileSync(join(ROOT, 'nginx.conf'), 'utf8')
  config = replaceAll(config, LISTEN, `listen 127.0.0.1:${port} default_server;`)
  config = replaceAll(config, UPSTREAM_SERVER, upstreams.map((address) => `server ${address};`).join(' '))
  config = replaceAll(config, STATIC_ROOT, staticRoot)
  config = replaceAll(config, CACHE_ROOT, cacheRoot)
  return config
}

/** One JSON line of nginx.conf's access log format. */
interface AccessLogLine {
  request_id: string
  remote_addr: string
  request: string
  status: number
  upstream: string
}

export interface RunningNginx {
  port: number
  /** The access log so far (nginx.conf logs JSON lines to standard output). */
  accessLog: () => AccessLogLine[]
  /** What nginx wrote to standard error. */
  errors: () => string
  stop: () => Promise<void>
}

/** Starts Debian's nginx in the foreground on the test's version of nginx.conf. */
export async function startNginx (site: Omit<NginxSite, 'port'>): Promise<RunningNginx> {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'cowsay-nginx-'))
  const file = join(dir, 'nginx.conf')
  writeFileSync(file, testConfig({ ...site, port }, join(dir, 'cache')))
  // A file, not a pipe, as nginx's standard output: nginx opens /dev/stdout
  // for its access log, which fails on the socket Node gives a child.
  const accessLog = join(dir, 'access.log')
  const stdout = openSync(accessLog, 'w')
  // Started as root, nginx runs its workers as nobody, who cannot read a
  // checkout in a folder only its owner may enter (as `mktemp -d` makes):
  // the workers run as whoever runs the tests instead.
  const user = process.getuid?.() === 0 ? ` user ${userInfo().username};` : ''
  const child = spawn(NGINX_PATH, ['-p', dir, '-c', file, '-e', 'stderr', '-g', `daemon off; pid ${join(dir, 'nginx.pid')};${user}`], {
    stdio: ['ignore', stdout, 'pipe']
  })
  closeSync(stdout)
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
    rmSync(dir, { recursive: true, force: true })
  }

  const deadline = Date.now() + 10_000
  while (!await accepting(port)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop()
      throw new Error(`nginx did not start:\n${stderr}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return {
    port,
    accessLog: () => readFileSync(accessLog, 'utf8').split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as AccessLogLine),
    errors: () => stderr,
    stop
  }
}
