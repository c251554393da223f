import t from 'tap'
import { setTimeout as sleep } from 'node:timers/promises'
import { ACCEPT, listen } from '../helper.js'

/**
 * Keeps this process's event loop busy in slices of `sliceMs`, letting I/O
 * through between slices, as a CPU-bound request storm would; returns the
 * function that stops it.
 */
function blockTheLoop (sliceMs: number): () => void {
  let running = true
  const slice = (): void => {
    if (!running) return
    const end = performance.now() + sliceMs
    while (performance.now() < end) { /* busy */ }
    setImmediate(slice)
  }
  setImmediate(slice)
  return () => { running = false }
}

t.test('with the event loop blocked, requests are shed with 503 and Retry-After in the client\'s format', async (t) => {
  const { app, origin } = await listen(t, { maxEventLoopDelay: 50 })
  // Start from a calm sample (taken each second): building the app may itself have lagged the loop.
  await sleep(1100)
  for (let attempt = 0; attempt < 40 && app.memoryUsage().eventLoopDelay > 50; attempt++) await sleep(250)
  t.ok(app.memoryUsage().eventLoopDelay <= 50, 'the loop is calm before the test blocks it')
  t.equal((await fetch(`${origin}/say/calm`)).status, 200, 'served while the loop is free')

  const stop = blockTheLoop(200)
  let shed: Response | undefined
  let html: Response | undefined
  let served = 0
  try {
    // The delay is sampled once a second: the first requests still go through.
    for (let attempt = 0; attempt < 50 && html === undefined; attempt++) {
      const response = await fetch(`${origin}/say/busy`, { headers: { accept: ACCEPT.json } })
      if (response.status === 503) {
        shed = response
        html = await fetch(`${origin}/say/busy`, { headers: { accept: ACCEPT.html } })
      } else {
        served++
        await response.arrayBuffer()
      }
    }
  } finally {
    stop()
  }
  t.comment(`${served} requests served before the first sample showed the lag`)
  t.ok(shed, 'a request was shed')
  t.equal(shed?.status, 503)
  t.equal(shed?.headers.get('retry-after'), '5')
  const body = await shed?.json() as { statusCode: number, error: string, message: string }
  t.same(body, { statusCode: 503, error: 'Service Unavailable', message: 'The service is overloaded; try again in 5 seconds' })
  t.equal(html?.status, 503, 'a browser gets the same refusal')
  t.equal(html?.headers.get('content-type'), 'text/html; charset=utf-8')
  t.match(await html?.text(), /503 Service Unavailable[\s\S]*overloaded/)
  t.equal(html?.headers.get('x-content-type-options'), 'nosniff', 'with the security headers')

  let recovered = false
  for (let attempt = 0; attempt < 40 && !recovered; attempt++) {
    await sleep(100)
    recovered = (await fetch(`${origin}/say/calm%20again`)).status === 200
  }
  t.ok(recovered, 'once the loop is free again, requests are served')
})

t.test('shedding is off when MAX_EVENT_LOOP_DELAY_MS is 0', async (t) => {
  const { app } = await listen(t, { maxEventLoopDelay: 0 })
  t.notOk(app.hasDecorator('isUnderPressure'), 'the plugin is not installed')
})
