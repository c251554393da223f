/**
 * The floor the service is measured against: a bare Fastify route, no plugins,
 * answering a fixed HTML page of a given size. Started by bench.ts as a child
 * process: `PORT=<port> node floor.js <bytes>`.
 */
import Fastify from 'fastify'

const port = Number(process.env.PORT ?? 0)
const bytes = Number(process.argv[2] ?? 10_000)
const body = '<!doctype html><html><body><pre>' + 'm'.repeat(Math.max(0, bytes - 45)) + '</pre></body></html>\n'

const app = Fastify({ logger: false })
app.get('/*', async (_request, reply) => reply.type('text/html; charset=utf-8').send(body))
await app.listen({ port, host: '127.0.0.1' })
process.stdout.write(`listening ${(app.server.address() as { port: number }).port}\n`)
process.on('SIGTERM', () => { void app.close().then(() => process.exit(0)) })
