import t from 'tap'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { loadConfig } from '../../src/config.js'
import { ROOT } from '../support/node-server.js'

/*
 * docker-compose.yml, parsed: no Docker engine here to run it, so the
 * properties `docker compose up --build` depends on are checked on the file.
 */

interface Service {
  build?: string | { context: string }
  image?: string
  ports?: string[]
  expose?: string[]
  environment?: Record<string, string>
  env_file?: Array<{ path: string, required?: boolean }>
  volumes?: string[]
  depends_on?: Record<string, { condition: string }>
  restart?: string
  container_name?: string
  healthcheck?: unknown
  init?: boolean
  stop_grace_period?: string
}

const composeText = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')
const compose = parse(composeText) as { services: Record<string, Service> }
const app = compose.services.app as Service
const nginx = compose.services.nginx as Service
const nginxConf = readFileSync(join(ROOT, 'nginx.conf'), 'utf8')
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')

t.test('two services: the app built from the Dockerfile, and the official nginx image', async (t) => {
  t.same(Object.keys(compose.services).sort(), ['app', 'nginx'])
  t.equal(app.build, '.')
  t.ok(existsSync(join(ROOT, 'Dockerfile')))
  const [, major, minor, patch] = /^nginx:(\d+)\.(\d+)(?:\.(\d+))?$/.exec(nginx.image ?? '') ?? []
  const version = [Number(major), Number(minor), Number(patch ?? 0)]
  t.ok(version[0] === 1 && ((version[1] ?? 0) > 27 || (version[1] === 27 && (version[2] ?? 0) >= 3)),
    `${nginx.image}: 1.27.3 or later, for the upstream's resolve parameter`)
})

t.test('only nginx is published; the app can be scaled', async (t) => {
  t.equal(app.ports, undefined, 'no app port on the host')
  t.equal(app.container_name, undefined, 'no fixed container name (it would stop --scale app=3)')
  t.same(nginx.ports, ['${HTTP_PORT:-8080}:80'], 'nginx on one host port, 8080 unless HTTP_PORT says otherwise')
  t.match(nginxConf, /listen 80 default_server;/, 'where nginx.conf listens')
})

t.test('nginx reaches the app where the app listens, and follows its replicas', async (t) => {
  const port = app.environment?.PORT
  t.match(nginxConf, new RegExp(`server app:${port} resolve;`), `nginx.conf's upstream is the app service on ${port}`)
  t.same(app.expose, [port])
  t.match(nginxConf, /resolver 127\.0\.0\.11\b/, "Docker's embedded DNS, which knows every replica")
  t.match(nginxConf, /upstream app \{[^}]*zone app /, 'a shared zone, which resolve needs')
})

t.test('nginx waits for a healthy app; both restart', async (t) => {
  t.same(nginx.depends_on, { app: { condition: 'service_healthy' } })
  t.match(dockerfile, /^HEALTHCHECK .*\n?.*CMD \["node", "dist\/healthcheck\.js"\]/m, "the app's health check comes with its image")
  t.equal(app.restart, 'unless-stopped')
  t.equal(nginx.restart, 'unless-stopped')
  t.equal(app.init, true, 'an init process reaps and forwards signals')
  t.equal(app.stop_grace_period, '15s', 'longer than the 10 s the server takes to finish requests in flight')
})

t.test('mounts point at files that exist, read-only, where nginx.conf looks for them', async (t) => {
  const mounts = (nginx.volumes ?? []).map((volume) => volume.split(':'))
  t.same(mounts, [['./nginx.conf', '/etc/nginx/nginx.conf', 'ro'], ['./public', '/srv/cowsay/public', 'ro']])
  for (const [source] of mounts) t.ok(existsSync(join(ROOT, source ?? '')), `${source} exists`)
  t.ok(readdirSync(join(ROOT, 'public')).length > 0, 'public/ has the assets')
  t.match(nginxConf, /alias \/srv\/cowsay\/public\//, 'nginx.conf serves the mounted public/')
  t.ok(existsSync(join(ROOT, 'public/errors/unavailable.html')), 'the page nginx shows when the app is down')
})

t.test("the app's configuration: .env when present, the stack's own values always", async (t) => {
  t.same(app.env_file, [{ path: '.env', required: false }], 'docker compose up works without a .env')
  const config = loadConfig(app.environment)
  t.equal(config.host, '0.0.0.0')
  t.equal(config.port, 3000)
  t.equal(config.trustProxy, 'uniquelocal', "nginx's private address on the compose network is trusted")
  t.match(nginxConf, /proxy_set_header X-Forwarded-For \$remote_addr;/, 'and nginx replaces the client\'s X-Forwarded-For, so trusting it is safe')
})

/** The lines of .env.example as an environment: the documented values. */
const exampleValues = (): Record<string, string> => Object.fromEntries(
  [...readFileSync(join(ROOT, '.env.example'), 'utf8').matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((match) => [match[1], match[2]]))

/**
 * Every variable loadConfig reads, however it reads it (`env.NAME`, `env[name]`,
 * `name in env`): loadConfig is given environments that record each name asked for.
 * Several environments, so that a variable read only when another is set is seen too.
 */
function variablesRead (environments: Array<Record<string, string>>): Set<string> {
  const names = new Set<string>()
  const record = (name: string | symbol): void => { if (typeof name === 'string') names.add(name) }
  for (const values of environments) {
    loadConfig(new Proxy(values, {
      get: (target, name) => { record(name); return Reflect.get(target, name) },
      has: (target, name) => { record(name); return Reflect.has(target, name) },
      getOwnPropertyDescriptor: (target, name) => { record(name); return Reflect.getOwnPropertyDescriptor(target, name) }
    }))
  }
  return names
}

t.test('.env.example documents every variable the app reads and the compose file uses', async (t) => {
  const documented = new Set([...readFileSync(join(ROOT, '.env.example'), 'utf8').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]))
  const read = [...variablesRead([{}, app.environment ?? {}, exampleValues()])]
  const interpolated = [...composeText.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((match) => match[1])
  t.ok(read.length >= 15, `the app reads ${read.join(', ')}`)
  for (const name of [...read, ...interpolated, ...Object.keys(app.environment ?? {})]) t.ok(documented.has(name), `${name} is in .env.example`)
})
