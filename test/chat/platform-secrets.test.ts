import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import pino from 'pino'
import { parse } from 'yaml'
import { CHAT_PLATFORMS } from '../../src/chat/platforms.js'
import { loadConfig } from '../../src/config.js'
import { REDACTED, loggerOptions } from '../../src/http/pipeline/logging.js'
import { ENV_EXAMPLE } from '../support/environment.js'
import { ROOT } from '../support/node-server.js'

// A platform declares its secret once (src/chat/platforms.ts): everything else that must name it
// is checked here, so a platform added without them fails.

const secretTemplate = parse(readFileSync(join(ROOT, 'deploy/kubernetes/secret.template.yaml'), 'utf8')) as { stringData: Record<string, string> }

/** What one log call writes, through the service's own serializers. */
function logged (fields: Record<string, unknown>): Record<string, any> {
  let written = ''
  const sink = new Writable({ write (chunk: Buffer, _encoding, done) { written += chunk.toString(); done() } })
  pino(loggerOptions('info'), sink).info(fields, 'a careless log call')
  return JSON.parse(written)
}

for (const { name, path, secret } of CHAT_PLATFORMS) {
  t.test(`${name}: its secret, ${secret.variable}`, async (t) => {
    t.ok(Object.hasOwn(ENV_EXAMPLE, secret.variable), '.env.example documents it')
    t.equal(ENV_EXAMPLE[secret.variable], '', '.env.example gives it no value')
    t.ok(Object.hasOwn(secretTemplate.stringData, secret.variable), 'the Kubernetes Secret template has its key')
    t.equal(secretTemplate.stringData[secret.variable], '', 'with no value')

    const off = loadConfig({})
    t.ok(Object.hasOwn(off, secret.field), `the configuration keeps it as ${secret.field}`)
    t.same(off[secret.field], secret.read({}), 'read by config.ts through its declaration')
    t.equal((CHAT_PLATFORMS.find((platform) => platform.path === path)?.settings as (value: unknown) => unknown)(off[secret.field]), null,
      'unset, it turns the platform off')

    const line = logged({ config: { [secret.field]: 'a-secret-value' }, [secret.field]: 'a-secret-value' })
    t.equal(line.config[secret.field], REDACTED, 'redacted from a logged configuration')
    t.equal(line[secret.field], REDACTED, 'redacted as a field of its own')
    // Zulip's token travels in the JSON body, which is never logged: no header carries it.
    t.ok(secret.headers.length > 0 || name === 'Zulip', 'it names the headers that carry it or its signature')
    for (const header of secret.headers) {
      const request = logged({ req: { headers: { [header]: 'a-signature', host: 'localhost' } } })
      t.equal(request.req.headers[header], REDACTED, `the ${header} header is redacted`)
      t.equal(request.req.headers.host, 'localhost', 'other headers stay readable')
    }
  })
}
