import t from 'tap'
import { connect, type Socket } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { listen } from '../helper.js'
import { parseResponse } from '../support/raw-http.js'

// Short limits, so the suite takes seconds; production's are in config.ts.
const TIMEOUTS = { headers: 1000, request: 2000, keepAlive: 2000, connection: 5000 }
// The client gives up (and the test fails) if the server has not closed by then.
const HANG = 10_000

// Each test waits on timers with its own server: they may wait side by side.
t.jobs = 4

interface Trickle {
  /** Milliseconds from connecting until the server closed the connection (or HANG). */
  closedAfter: number
  closedByServer: boolean
  bytesSent: number
  answer: string
}

/**
 * Connects, sends `head` at once, then one byte of `drip` every `everyMs`
 * without ever finishing, as a slowloris client does, until the server closes
 * the connection.
 */
function trickle (port: number, head: string, everyMs = 100, drip = 'a'): Promise<Trickle> {
  return new Promise((resolve) => {
    const started = performance.now()
    const socket: Socket = connect(port, '127.0.0.1')
    let bytesSent = 0
    let answer = ''
    let timer: NodeJS.Timeout | undefined
    const finish = (closedByServer: boolean): void => {
      clearInterval(timer)
      clearTimeout(giveUp)
      socket.destroy()
      resolve({ closedAfter: performance.now() - started, closedByServer, bytesSent, answer })
    }
    const giveUp = setTimeout(() => finish(false), HANG)
    socket.on('connect', () => {
      if (head !== '') socket.write(head)
      bytesSent += head.length
      timer = setInterval(() => {
        if (socket.writable) socket.write(drip)
        bytesSent += drip.length
      }, everyMs)
    })
    socket.on('data', (chunk: Buffer) => { answer += chunk.toString() })
    socket.on('error', () => {})
    socket.on('close', () => finish(true))
  })
}

t.test('a client sending its headers a byte at a time is cut off after the header timeout', async (t) => {
  const { port } = await listen(t, { timeouts: TIMEOUTS })
  const slow = await trickle(port, 'GET /say/x HTTP/1.1\r\nHost: localhost\r\nX-Slow: ')
  t.ok(slow.closedByServer, `the server closed the connection (after ${slow.closedAfter.toFixed(0)} ms, ${slow.bytesSent} bytes)`)
  t.equal(parseResponse(slow.answer).status, 408, 'with 408 Request Timeout')
  t.comment(`slow headers: closed after ${slow.closedAfter.toFixed(0)} ms (limit ${TIMEOUTS.headers} ms)`)
})

t.test('a client that connects and says nothing is cut off after the header timeout', async (t) => {
  const { port } = await listen(t, { timeouts: TIMEOUTS })
  const silent = await trickle(port, '', HANG * 2)
  t.ok(silent.closedByServer, `the server closed the connection (after ${silent.closedAfter.toFixed(0)} ms)`)
  t.comment(`silent connection: closed after ${silent.closedAfter.toFixed(0)} ms`)
})

t.test('a client sending its body a byte at a time is cut off after the request timeout', async (t) => {
  const { port } = await listen(t, { timeouts: TIMEOUTS })
  // An unknown URL takes the body before answering 404, so the body is really waited for.
  const slow = await trickle(port, 'POST /nowhere HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{')
  t.ok(slow.closedByServer, `the server closed the connection (after ${slow.closedAfter.toFixed(0)} ms, ${slow.bytesSent} bytes)`)
  t.equal(parseResponse(slow.answer).status, 408, 'with 408 Request Timeout')
  t.comment(`slow body: closed after ${slow.closedAfter.toFixed(0)} ms (limit ${TIMEOUTS.request} ms)`)
})

t.test('an idle keep-alive connection outlives the header timeout and closes after the keep-alive timeout', async (t) => {
  const { port } = await listen(t, { timeouts: TIMEOUTS })
  const socket = connect(port, '127.0.0.1')
  const answers: string[] = []
  let closedAt = 0
  const closed = new Promise<void>((resolve) => socket.on('close', () => { closedAt = performance.now(); resolve() }))
  socket.on('data', (chunk: Buffer) => answers.push(chunk.toString()))
  socket.on('error', () => {})
  await new Promise((resolve) => socket.on('connect', resolve))
  socket.write('GET /say/one HTTP/1.1\r\nHost: localhost\r\nAccept: text/plain\r\n\r\n')
  // Idle for longer than the header timeout: the header clock starts with the next request's first byte.
  await sleep(TIMEOUTS.headers * 1.5)
  t.ok(socket.writable, 'still open after the header timeout')
  socket.write('GET /say/two HTTP/1.1\r\nHost: localhost\r\nAccept: text/plain\r\n\r\n')
  const lastRequestAt = performance.now()
  // An unreferenced timer: it must not keep the test process alive once the socket has closed.
  await Promise.race([closed, sleep(HANG, undefined, { ref: false })])
  socket.destroy()
  t.ok(closedAt > 0, 'the server closed the idle connection')
  t.match(answers.join(''), /< one >[\s\S]*< two >/, 'both requests were answered')
  t.comment(`idle keep-alive connection: closed ${(closedAt - lastRequestAt).toFixed(0)} ms after its last request (limit ${TIMEOUTS.keepAlive} ms)`)
})

t.test('the server runs with the configured limits', async (t) => {
  const { app } = await listen(t, { timeouts: TIMEOUTS })
  t.equal(app.server.headersTimeout, TIMEOUTS.headers)
  t.equal(app.server.requestTimeout, TIMEOUTS.request)
  t.equal(app.server.keepAliveTimeout, TIMEOUTS.keepAlive)
  t.equal(app.server.timeout, TIMEOUTS.connection)
})
