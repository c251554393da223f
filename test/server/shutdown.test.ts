import t from 'tap'
import { Agent, request as httpRequest } from 'node:http'
import { connect } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { logLines, startServer } from '../support/node-server.js'
import { parseResponse } from '../support/raw-http.js'

/*
 * Steady load against the compiled server (`node dist/server.js`), SIGTERM in
 * the middle, then count. A request is accepted when the server logged it; every
 * accepted request must reach its client with the status the server logged. The
 * only failures allowed are connections the server never accepted (refused
 * after it stopped listening, or reset before it read a request).
 */

const WORKERS = 8
const LOAD_MS_BEFORE_SIGTERM = 1500
const PATHS = ['/say/steady%20load?format=json', '/think/hmm?format=text', '/cows?format=json', '/', '/healthz', '/say/abc?cow=tux&format=xml']

interface Outcome {
  id: string
  path: string
  afterSigterm: boolean
  status?: number
  body?: string
  error?: string
}

function send (agent: Agent, port: number, path: string, id: string): Promise<Pick<Outcome, 'status' | 'body' | 'error'>> {
  return new Promise((resolve) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, agent, headers: { 'x-request-id': id } }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => { body += chunk })
      response.on('end', () => resolve({ status: response.statusCode, body }))
      response.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }))
    })
    request.setTimeout(10_000, () => request.destroy(new Error('client timeout')))
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }))
    request.end()
  })
}

/** A POST whose body arrives in two halves: the server must wait for the second to answer. */
async function slowRequest (port: number): Promise<{ finish: () => Promise<number | null> }> {
  const socket = connect(port, '127.0.0.1')
  await new Promise((resolve) => socket.on('connect', resolve))
  let answer = ''
  socket.on('data', (chunk: Buffer) => { answer += chunk.toString() })
  socket.on('error', () => {})
  const closed = new Promise((resolve) => socket.on('close', resolve))
  socket.write('POST /in-flight HTTP/1.1\r\nHost: localhost\r\nX-Request-Id: in-flight\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{"a":')
  return {
    finish: async () => {
      socket.write('"b"}\n')
      await Promise.race([closed, sleep(10_000, undefined, { ref: false })])
      socket.destroy()
      return parseResponse(answer).status
    }
  }
}

const isRefused = (port: number): Promise<boolean> => new Promise((resolve) => {
  const socket = connect(port, '127.0.0.1')
  socket.on('connect', () => { socket.destroy(); resolve(false) })
  socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'))
})

t.test('SIGTERM under steady load: draining, then no accepted request fails and the process exits 0', async (t) => {
  const server = await startServer({ env: { LOG_LEVEL: 'info', RATE_LIMIT_MAX: '0', MAX_EVENT_LOOP_DELAY_MS: '0', SHUTDOWN_DRAIN: '1', SHUTDOWN_TIMEOUT: '10' } })
  t.teardown(() => { server.child.kill('SIGKILL') })
  const agent = new Agent({ keepAlive: true, maxSockets: WORKERS })
  const outcomes: Outcome[] = []
  let sigtermSent = false
  let sequence = 0

  const worker = async (index: number): Promise<void> => {
    const deadline = Date.now() + 15_000
    while (Date.now() < deadline) {
      const path = PATHS[(index + sequence) % PATHS.length] as string
      const id = `load-${index}-${sequence++}`
      const outcome: Outcome = { id, path, afterSigterm: sigtermSent, ...await send(agent, server.port, path, id) }
      outcomes.push(outcome)
      // The listener is gone: nothing more can be accepted.
      if (outcome.error === 'ECONNREFUSED') return
    }
  }
  const workers = Array.from({ length: WORKERS }, (_, index) => worker(index))

  await sleep(LOAD_MS_BEFORE_SIGTERM)
  const inFlight = await slowRequest(server.port)
  const sigtermAt = performance.now()
  sigtermSent = true
  server.child.kill('SIGTERM')

  // Wait until the server has stopped listening, then let the in-flight request finish.
  let refused = false
  for (let attempt = 0; attempt < 100 && !refused; attempt++) {
    await sleep(50)
    refused = await isRefused(server.port)
  }
  t.ok(refused, 'the server stops accepting connections')
  const inFlightStatus = await inFlight.finish()
  t.equal(inFlightStatus, 404, 'a request in flight when the listener closed still gets its answer')

  await Promise.all(workers)
  const exitCode = await Promise.race([server.exited, sleep(15_000, 'hung', { ref: false })])
  const exitedAfter = performance.now() - sigtermAt
  agent.destroy()
  t.equal(exitCode, 0, 'the process exits 0, before the shutdown timeout')

  const logged = new Map<string, number>()
  for (const line of logLines(server.output())) {
    if (line.msg === 'request completed') logged.set(String(line.reqId), Number((line.res as { statusCode: number }).statusCode))
    t.not(line.msg, 'request aborted by the client', 'no request was cut off')
  }
  const answered = outcomes.filter((outcome) => outcome.status !== undefined)
  const failed = outcomes.filter((outcome) => outcome.error !== undefined)
  for (const outcome of answered) {
    const draining = outcome.path === '/healthz' && outcome.status === 503
    if (outcome.status !== 200 && !draining) t.fail(`${outcome.id} ${outcome.path} got ${outcome.status}`)
    if (draining) t.same(JSON.parse(outcome.body ?? '{}'), { status: 'draining' })
    if (logged.get(outcome.id) !== outcome.status) t.fail(`${outcome.id}: the client saw ${outcome.status}, the server logged ${logged.get(outcome.id)}`)
  }
  for (const outcome of failed) {
    if (logged.has(outcome.id)) t.fail(`${outcome.id} was accepted (logged ${logged.get(outcome.id)}) but failed at the client: ${outcome.error}`)
    if (!outcome.afterSigterm) t.fail(`${outcome.id} failed before SIGTERM: ${outcome.error}`)
  }
  const acceptedAfterSigterm = answered.filter((outcome) => outcome.afterSigterm)
  const healthDraining = acceptedAfterSigterm.filter((outcome) => outcome.path === '/healthz' && outcome.status === 503)
  t.ok(acceptedAfterSigterm.some((outcome) => outcome.status === 200), 'requests are still served while draining')
  t.ok(healthDraining.length > 0, '/healthz answers 503 while draining')
  t.equal(logged.size, answered.length + 1, 'every request the server logged reached its client (and the in-flight one)')
  t.comment(`${outcomes.length} requests: ${answered.length - acceptedAfterSigterm.length} answered before SIGTERM, ` +
    `${acceptedAfterSigterm.length} after (${healthDraining.length} of them /healthz saying "draining"), ` +
    `${failed.length} never accepted (${[...new Set(failed.map((outcome) => outcome.error))].join(', ') || 'none'}); ` +
    `accepted but failed: 0; exit ${String(exitCode)} ${exitedAfter.toFixed(0)} ms after SIGTERM`)
})

/*
 * The restart an orchestrator does: 16 keep-alive clients at full speed, then
 * SIGTERM with nothing configured (the default drain). Every request either
 * gets its answer, or is refused because the listener has gone (the client
 * retries elsewhere); none is reset on a connection the server had accepted.
 */
const CLIENTS = 16

type Fate = 'served' | 'reset' | 'refused' | 'other'

function fateOf (error: string): Fate {
  if (error === 'ECONNREFUSED') return 'refused'
  if (error === 'ECONNRESET' || error === 'EPIPE' || error === 'socket hang up') return 'reset'
  return 'other'
}

t.test(`SIGTERM under ${CLIENTS} keep-alive clients at full speed, default drain: no request is reset`, async (t) => {
  const server = await startServer({ env: { LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '0', MAX_EVENT_LOOP_DELAY_MS: '0' } })
  t.teardown(() => { server.child.kill('SIGKILL') })
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS })
  const fates: Record<Fate, { before: number, after: number }> = { served: { before: 0, after: 0 }, reset: { before: 0, after: 0 }, refused: { before: 0, after: 0 }, other: { before: 0, after: 0 } }
  const others = new Set<string>()
  let sigtermSent = false
  let sequence = 0
  const client = async (index: number): Promise<void> => {
    const deadline = Date.now() + 20_000
    while (Date.now() < deadline) {
      const after = sigtermSent
      const outcome = await send(agent, server.port, '/say/keep%20alive?format=text', `client-${index}-${sequence++}`)
      const fate = outcome.error === undefined ? (outcome.status === 200 ? 'served' : 'other') : fateOf(outcome.error)
      if (fate === 'other') others.add(outcome.error ?? String(outcome.status))
      fates[fate][after ? 'after' : 'before']++
      if (fate === 'refused') return
    }
  }
  const clients = Array.from({ length: CLIENTS }, (_, index) => client(index))
  await sleep(1000)
  const sigtermAt = performance.now()
  sigtermSent = true
  server.child.kill('SIGTERM')
  await Promise.all(clients)
  const exitCode = await Promise.race([server.exited, sleep(20_000, 'hung', { ref: false })])
  const exitedAfter = performance.now() - sigtermAt
  agent.destroy()

  t.comment(`${CLIENTS} keep-alive clients, SIGTERM after 1 s: ${fates.served.before} served before; after SIGTERM ` +
    `${fates.served.after} served, ${fates.reset.after} reset, ${fates.refused.after} refused, ${fates.other.after} other ` +
    `(${[...others].join(', ') || 'none'}); exit ${String(exitCode)} ${exitedAfter.toFixed(0)} ms after SIGTERM`)
  t.equal(fates.reset.before + fates.other.before + fates.refused.before, 0, 'nothing failed before SIGTERM')
  t.ok(fates.served.after > 0, 'requests are still served after SIGTERM')
  t.equal(fates.reset.after, 0, 'no request is reset')
  t.equal(fates.other.after, 0, 'no request fails in any other way')
  t.equal(exitCode, 0, 'the process exits 0')
})

t.test('SIGINT (Ctrl+C in a terminal) stops at once, without the drain, still answering what is in flight', async (t) => {
  // A drain this long would keep a SIGTERM'd process for 30 s with a client connected.
  const server = await startServer({ env: { LOG_LEVEL: 'info', RATE_LIMIT_MAX: '0', MAX_EVENT_LOOP_DELAY_MS: '0', SHUTDOWN_DRAIN: '30', SHUTDOWN_TIMEOUT: '60' } })
  t.teardown(() => { server.child.kill('SIGKILL') })
  const agent = new Agent({ keepAlive: true, maxSockets: 2 })
  t.equal((await send(agent, server.port, '/healthz', 'idle-keep-alive')).status, 200, 'a keep-alive connection is open and idle')
  const inFlight = await slowRequest(server.port)
  const sigintAt = performance.now()
  server.child.kill('SIGINT')
  await sleep(200)
  t.equal(await inFlight.finish(), 404, 'the request in flight gets its answer')
  const exitCode = await Promise.race([server.exited, sleep(20_000, 'hung', { ref: false })])
  const exitedAfter = performance.now() - sigintAt
  agent.destroy()
  t.equal(exitCode, 0, 'exit 0')
  t.ok(exitedAfter < 15_000, `exited ${exitedAfter.toFixed(0)} ms after SIGINT, not after the 30 s drain`)
  t.notMatch(server.output(), /"msg":"draining/, 'no drain on SIGINT')
})
