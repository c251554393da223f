/**
 * The image's HEALTHCHECK: asks the server in this container for /healthz and
 * exits 0 when it answers 200, 1 otherwise. A script of ours rather than curl,
 * which the slim Node image does not have; it reads PORT and HOST as the
 * server does, so the two cannot disagree.
 */
import { loadConfig } from './config.js'

const TIMEOUT_MS = 3000

/** A wildcard bind address is reached through loopback. */
function reachableHost (host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1'
  if (host === '::') return '[::1]'
  return host.includes(':') ? `[${host}]` : host
}

async function healthy (): Promise<boolean> {
  const { host, port } = loadConfig()
  try {
    const response = await fetch(`http://${reachableHost(host)}:${port}/healthz`, { signal: AbortSignal.timeout(TIMEOUT_MS) })
    return response.status === 200
  } catch {
    return false
  }
}

process.exitCode = await healthy() ? 0 : 1
