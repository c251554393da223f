import type { Test } from 'tap'
import { execFile } from 'node:child_process'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { promisify } from 'node:util'
import { ROOT } from './node-server.js'

/** One request a stand-in API received. */
export interface Received { method: string, url: string, headers: IncomingHttpHeaders, body: string }

/**
 * A stand-in for a platform's API on loopback, for the scripts that call one
 * (discord:register, telegram:webhook): records each request and answers it
 * with what `answer` makes of it. Closed when the test ends.
 */
export async function standIn (t: Test, answer: (received: Received) => { status: number, body: unknown }): Promise<{ origin: string, received: Received[] }> {
  const received: Received[] = []
  const server = createServer((request, response) => {
    let body = ''
    request.setEncoding('utf8')
    request.on('data', (chunk: string) => { body += chunk })
    request.on('end', () => {
      const entry = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body }
      received.push(entry)
      const { status, body: reply } = answer(entry)
      response.writeHead(status, { 'content-type': 'application/json' })
      response.end(JSON.stringify(reply))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received }
}

const run = promisify(execFile)

/** Runs a script of scripts/ with exactly `env` (and PATH); resolves with its exit code and output. */
export async function runScript (script: string, env: Record<string, string>, args: string[] = []): Promise<{ code: number, stdout: string, stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number, stdout: string, stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}
