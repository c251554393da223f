import t from 'tap'
import { createServer, type Server } from 'node:http'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ensureBuilt, SERVER_ENTRY, startServer, type RunningServer } from '../support/node-server.js'
import { rawRequest } from '../support/raw-http.js'

/*
 * Traces, from a real `node dist/server.js`: with OTEL_EXPORTER_OTLP_ENDPOINT
 * set, spans arrive at a loopback OTLP/HTTP endpoint of the test's own, with
 * the request id and the route on each, and none for the health checks or
 * the metrics; without it, nothing of OpenTelemetry's SDK, exporter or
 * instrumentation is loaded. What the process loads is recorded by a module
 * hook (node --import), as a URL a line.
 */

interface Attribute { key: string, value: { stringValue?: string, intValue?: string } }
interface ExportedSpan { name: string, traceId: string, spanId: string, parentSpanId?: string, attributes: Attribute[] }
interface Export { resourceSpans: Array<{ resource: { attributes: Attribute[] }, scopeSpans: Array<{ spans: ExportedSpan[] }> }> }

const attribute = (attributes: Attribute[], key: string): string | undefined => {
  const value = attributes.find((entry) => entry.key === key)?.value
  return value?.stringValue ?? value?.intValue
}

/** A folder with a module hook that appends each URL the process loads to `loaded.log`. */
function moduleRecorder (): { dir: string, loaded: () => string[], nodeArgs: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'cowsay-loaded-'))
  const log = join(dir, 'loaded.log')
  writeFileSync(log, '')
  writeFileSync(join(dir, 'hooks.mjs'), `import { appendFileSync } from 'node:fs'
export async function load (url, context, next) {
  appendFileSync(${JSON.stringify(log)}, url + '\\n')
  return next(url, context)
}
`)
  writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module'
register(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)})
`)
  return {
    dir,
    loaded: () => readFileSync(log, 'utf8').split('\n').filter((line) => line !== ''),
    nodeArgs: ['--import', pathToFileURL(join(dir, 'register.mjs')).href]
  }
}

/** What is OpenTelemetry's beyond its API (which prom-client has always bundled): the SDK, the exporter, the instrumentation, our tracing module. */
const OPENTELEMETRY = /node_modules\/@opentelemetry\/(?!api\/)|node_modules\/@fastify\/otel\/|\/dist\/tracing-[^/]*\.js$/

t.test('tracing on: the spans reach a loopback OTLP/HTTP endpoint, with request id and route, without health checks and metrics', async (t) => {
  ensureBuilt()
  const exports: Export[] = []
  const paths: string[] = []
  const collector: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      paths.push(`${request.method ?? ''} ${request.url ?? ''} ${request.headers['content-type'] ?? ''}`)
      exports.push(JSON.parse(Buffer.concat(chunks).toString()) as Export)
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve))
  const address = collector.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  const recorder = moduleRecorder()
  t.teardown(() => {
    collector.close()
    rmSync(recorder.dir, { recursive: true, force: true })
  })
  const app: RunningServer = await startServer({
    command: [process.execPath, ...recorder.nodeArgs, SERVER_ENTRY],
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_SERVICE_NAME: 'cowsay-under-test', OTEL_BSP_SCHEDULE_DELAY: '100' }
  })
  t.teardown(() => app.stop())

  const requests: Array<[string, number]> = [['/say/traced', 200], ['/think/traced?format=json', 200], ['/no/such/page', 404], ['/healthz', 200], ['/livez', 200], ['/metrics', 200]]
  const ids = new Map<string, string>()
  for (const [path, status] of requests) {
    const response = await rawRequest(app.port, { path, headers: { accept: 'text/plain' } })
    t.equal(response.status, status, `${path}: ${status}`)
    ids.set(path, response.headers['x-request-id'] ?? '')
  }

  const spans = (): Array<ExportedSpan & { service?: string }> => exports.flatMap((body) => body.resourceSpans.flatMap((resourceSpans) =>
    resourceSpans.scopeSpans.flatMap((scope) => scope.spans.map((span) => ({ ...span, service: attribute(resourceSpans.resource.attributes, 'service.name') })))))
  const deadline = Date.now() + 15_000
  while (new Set(spans().map((span) => attribute(span.attributes, 'cowsay.request_id'))).size < 3 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  const received = spans()
  t.comment(`${paths.length} exports (${[...new Set(paths)].join('; ')}), ${received.length} spans:`)
  for (const span of received) {
    t.comment(`  ${span.name} trace=${span.traceId.slice(0, 8)} parent=${span.parentSpanId === undefined || span.parentSpanId === '' ? '-' : span.parentSpanId.slice(0, 8)} route=${attribute(span.attributes, 'http.route') ?? ''} request_id=${attribute(span.attributes, 'cowsay.request_id') ?? ''} status=${attribute(span.attributes, 'http.response.status_code') ?? ''} service=${span.service ?? ''}`)
  }
  t.ok(paths.every((path) => path.startsWith('POST /v1/traces application/json')), 'OTLP over HTTP, at the standard path')

  for (const [path, route] of [['/say/traced', '/say/*'], ['/think/traced?format=json', '/think/*']]) {
    const id = ids.get(path)
    const ofRequest = received.filter((span) => attribute(span.attributes, 'cowsay.request_id') === id)
    const root = ofRequest.find((span) => span.name === `GET ${route}`)
    t.ok(root, `${path}: a span named GET ${route}`)
    t.ok(ofRequest.length >= 2, `${path}: the request span and its handler's (${ofRequest.map((span) => span.name).join(', ')})`)
    for (const span of ofRequest) {
      t.equal(attribute(span.attributes, 'http.route'), route, `${path}: ${span.name} carries the route`)
      t.equal(span.traceId, root?.traceId, `${path}: ${span.name} is in the request's trace`)
      t.equal(span.service, 'cowsay-under-test', `${path}: ${span.name} from OTEL_SERVICE_NAME's service`)
    }
  }
  t.ok(received.some((span) => attribute(span.attributes, 'cowsay.request_id') === ids.get('/no/such/page')), 'an unmatched request is traced too')
  for (const path of ['/healthz', '/livez', '/metrics']) {
    t.notOk(received.some((span) => attribute(span.attributes, 'cowsay.request_id') === ids.get(path)), `${path}: no span`)
  }
  t.ok(recorder.loaded().some((url) => OPENTELEMETRY.test(url)), 'the tracing module and OpenTelemetry\'s SDK were loaded')
})

t.test('tracing off: nothing of OpenTelemetry\'s SDK, exporter or instrumentation is loaded', async (t) => {
  ensureBuilt()
  const recorder = moduleRecorder()
  const app = await startServer({ command: [process.execPath, ...recorder.nodeArgs, SERVER_ENTRY] })
  t.teardown(async () => {
    await app.stop()
    rmSync(recorder.dir, { recursive: true, force: true })
  })
  for (const path of ['/say/untraced', '/say/untraced?format=png', '/healthz']) t.equal((await rawRequest(app.port, { path })).status, 200, path)
  const loaded = recorder.loaded()
  t.ok(loaded.some((url) => /\/dist\/main-[^/]*\.js$/.test(url)), `the hook saw the app load (${loaded.length} modules)`)
  t.same(loaded.filter((url) => OPENTELEMETRY.test(url)), [], 'none of OpenTelemetry\'s')
})
