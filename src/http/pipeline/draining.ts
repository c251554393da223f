import { Server as NetServer, type Socket } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'

declare module 'fastify' {
  interface FastifyInstance {
    /** True once the process has been told to stop (SIGTERM) or the app is closing. */
    isDraining: () => boolean
    /** Starts draining: /healthz answers 503 (responses close their connections once the server stops accepting). */
    startDraining: () => void
    /**
     * Drains, then stops accepting, and resolves once no connection is left
     * (the requests in flight have been answered): app.close() then has
     * nothing left to cut off. Bounded by `maxMs` of accepting; the caller
     * bounds the rest (SHUTDOWN_TIMEOUT).
     */
    drain: (maxMs: number) => Promise<DrainReport>
  }
}

interface DrainReport {
  /** How long the server kept accepting after the drain began. */
  acceptedForMs: number
  /** Idle connections the drain closed (their clients had sent nothing for IDLE_GRACE_MS). */
  closedIdle: number
}

/**
 * How long a connection with no request in progress may stay open while
 * draining: one that has just been accepted gets this long to send its first
 * request, one between keep-alive requests this long to send its next. Both
 * are then served (with `Connection: close`) rather than reset under them.
 */
const IDLE_GRACE_MS = 1000
/** No connection open and none new for this long: traffic has moved elsewhere, the drain is over. */
const QUIET_MS = 250
const SWEEP_MS = 50

const ACTIVE = Symbol('cowsay.requestInProgress')
const IDLE_SINCE = Symbol('cowsay.idleSince')

interface TrackedSocket extends Socket {
  [ACTIVE]?: boolean
  [IDLE_SINCE]?: number
}

/**
 * Shutting down without failing anyone. Two ways to fail a client: close a
 * keep-alive connection just as it sends its next request on it (a reset),
 * or close the listener while connections wait in the kernel's accept queue
 * (reset too). Refusing a connection is harmless: the client, or the proxy in
 * front, tries another replica. Measured with keep-alive clients at full
 * speed: telling each client to close its connection while still listening
 * only sends it back to this listener's queue, where the close of the
 * listener resets it (15 of 16 clients). So, from the moment the process is
 * told to stop:
 *
 * 1. /healthz says so (load balancers take the instance out of rotation) and
 *    everything is served as usual, keep-alive included, for `maxMs` (the
 *    time a load balancer needs to notice), or until nothing is connected
 *    (no connection open and none new for QUIET_MS): a connection idle for
 *    IDLE_GRACE_MS is closed meanwhile, so a pool a proxy no longer uses goes;
 * 2. the server stops accepting; from then on every response closes its
 *    connection (the client's next attempt is refused, or lands on another
 *    replica), idle connections get IDLE_GRACE_MS to send a request, and each
 *    request in progress gets its answer.
 */
async function draining (app: FastifyInstance): Promise<void> {
  let draining = false
  // Set once the server no longer accepts: from then on, every response closes its connection.
  let closing = false
  const connections = new Set<TrackedSocket>()
  let lastConnectionAt = 0
  app.server.on('connection', (socket: TrackedSocket) => {
    socket[IDLE_SINCE] = lastConnectionAt = performance.now()
    connections.add(socket)
    socket.once('close', () => connections.delete(socket))
  })
  // Two property writes per request: what the drain needs to tell a
  // connection in the middle of a request from an idle one.
  // (Callback hooks: an async one costs each request a promise.)
  app.addHook('onRequest', (request, _reply, done) => {
    (request.raw.socket as TrackedSocket)[ACTIVE] = true
    done()
  })
  app.addHook('onResponse', (request, _reply, done) => {
    const socket = request.raw.socket as TrackedSocket
    socket[ACTIVE] = false
    socket[IDLE_SINCE] = performance.now()
    done()
  })
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close')
    done(null, payload)
  })
  app.addHook('preClose', (done) => {
    draining = closing = true
    done()
  })

  let closedIdle = 0
  const closeIdle = (): void => {
    const now = performance.now()
    for (const socket of connections) {
      if (socket[ACTIVE] !== true && now - (socket[IDLE_SINCE] ?? now) >= IDLE_GRACE_MS) {
        closedIdle++
        socket.destroySoon()
        connections.delete(socket)
      }
    }
  }

  app.decorate('isDraining', () => draining)
  app.decorate('startDraining', () => { draining = true })
  app.decorate('drain', async (maxMs: number): Promise<DrainReport> => {
    draining = true
    const started = performance.now()
    const nothingConnected = (): boolean => connections.size === 0 && performance.now() - lastConnectionAt >= QUIET_MS
    while (!nothingConnected() && performance.now() - started < maxMs) {
      await sleep(SWEEP_MS)
      closeIdle()
    }
    const acceptedForMs = performance.now() - started
    // Stop accepting, but not as http.Server#close does, which also closes
    // every connection that has no request in progress at once: a connection
    // accepted a moment ago, its request still on the way, would be reset.
    if (app.server.listening) NetServer.prototype.close.call(app.server)
    closing = true
    closeIdle()
    while (connections.size > 0) {
      await sleep(SWEEP_MS)
      closeIdle()
    }
    return { acceptedForMs, closedIdle }
  })
}

export default fp(draining, { name: 'draining' })
