/**
 * The floor the service is measured against: a bare Fastify route, no plugins,
 * answering a fixed body of a given size. Started by bench.ts as a child
 * process, `PORT=<port> node floor.js <bytes> <bytes> ...`; `GET /<bytes>`
 * answers a body of that many bytes, made at start.
 */
import Fastify from 'fastify'

const port = Number(process.env.PORT ?? 0)
const bodies = new Map(process.argv.slice(2).map((bytes) => [`/${bytes}`, 'm'.repeat(Number(bytes))]))

const app = Fastify({ logger: false })
app.get('/*', async (request, reply) => reply.type('text/html; charset=utf-8').send(bodies.get(request.url) ?? ''))
await app.listen({ port, host: '127.0.0.1' })
process.stdout.write(`listening ${(app.server.address() as { port: number }).port}\n`)
process.once('SIGTERM', async () => { await app.close(); process.exit(0) })
