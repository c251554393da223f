import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadConfig } from '../../src/config.js'
import { ROOT } from './node-server.js'

/** The variables `.env.example` documents, with the values it gives them. */
export const ENV_EXAMPLE: Record<string, string> = Object.fromEntries(
  [...readFileSync(join(ROOT, '.env.example'), 'utf8').matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((match) => [match[1], match[2]]))

/**
 * Every variable loadConfig reads, however it reads it (`env.NAME`,
 * `env[name]`, `name in env`): it is given environments that record each name
 * asked for. Several environments (none, .env.example's values, and any given),
 * so that a variable read only when another is set is seen too.
 */
export function variablesRead (environments: Array<Record<string, string>> = []): Set<string> {
  const names = new Set<string>()
  const record = (name: string | symbol): void => { if (typeof name === 'string') names.add(name) }
  for (const values of [{}, ENV_EXAMPLE, ...environments]) {
    loadConfig(new Proxy({ ...values }, {
      get: (target, name) => { record(name); return Reflect.get(target, name) },
      has: (target, name) => { record(name); return Reflect.has(target, name) },
      getOwnPropertyDescriptor: (target, name) => { record(name); return Reflect.getOwnPropertyDescriptor(target, name) }
    }))
  }
  return names
}
