import t from 'tap'
import AjvCompiler from '@fastify/ajv-compiler'
import { CowList, CowResult, DocumentFormatQuery, ErrorBody, ResultQuery } from '../../src/results/schemas.js'
import { AJV_OPTIONS } from '../../src/http/pipeline/schema-compilers.js'
import { build } from '../helper.js'

t.test('the route schemas are valid JSON Schema (the app skips that check at start-up)', async (t) => {
  const compile = AjvCompiler()({}, { customOptions: { ...AJV_OPTIONS, validateSchema: true } })
  for (const [name, schema] of Object.entries({ ResultQuery, CowResult, ErrorBody, CowList, DocumentFormatQuery })) {
    t.doesNotThrow(() => compile({ schema, method: 'GET', url: '/', httpPart: 'querystring' }), name)
  }
  t.throws(() => compile({ schema: { type: 'object', properties: { width: { type: 'whole number' } } }, method: 'GET', url: '/', httpPart: 'querystring' }),
    'while an invalid schema is refused')
})

t.test('schemas compiled on first use validate and coerce as before', async (t) => {
  const app = await build(t)
  // The first request to each route compiles its schema; the answers are those of an eager compile.
  for (let round = 1; round <= 2; round++) {
    const bad = await app.inject({ url: '/say/hello?width=abc', headers: { accept: 'application/json' } })
    t.equal(bad.statusCode, 400, `round ${round}: a bad width is refused`)
    t.match(bad.json(), { message: /"width"/ }, 'naming the parameter')
    const good = await app.inject({ url: '/say/hello?width=12', headers: { accept: 'application/json' } })
    t.equal(good.json().width, 12, 'the width arrives as a number')
    const cows = await app.inject({ url: '/cows?format=yaml' })
    t.equal(cows.statusCode, 400, 'the gallery validates its query too')
  }
  const health = await app.inject({ url: '/healthz' })
  t.same(health.json(), { status: 'ok' }, 'and responses serialize')
})
