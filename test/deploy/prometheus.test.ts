import t from 'tap'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { ensureBuilt, ROOT, startServer, type RunningServer } from '../support/node-server.js'
import { accepting, freePort } from '../support/ports.js'
import { rawRequest } from '../support/raw-http.js'
import { installedAt, whenInstalled } from '../support/tools.js'

/*
 * The alerts (deploy/prometheus/cowsay.rules.yml) and the dashboard
 * (deploy/grafana/cowsay.json), checked with Debian's `prometheus` package:
 * promtool checks the rules and runs their unit tests, every metric either
 * names is one the real /metrics exports, and a real Prometheus on loopback
 * scrapes a running app and evaluates the rules against it.
 */

const PROMTOOL_PATH = '/usr/bin/promtool'
const PROMETHEUS_PATH = '/usr/bin/prometheus'
const PROMTOOL = installedAt(PROMTOOL_PATH, "install Debian's prometheus package: apt-get install prometheus (.ci/run does)")
const PROMETHEUS = installedAt(PROMETHEUS_PATH, "install Debian's prometheus package: apt-get install prometheus (.ci/run does)")
const RULES_DIR = join(ROOT, 'deploy/prometheus')
const RULES = join(RULES_DIR, 'cowsay.rules.yml')
const DASHBOARD = join(ROOT, 'deploy/grafana/cowsay.json')

interface Rule { alert: string, expr: string }
const rules = (parseYaml(readFileSync(RULES, 'utf8')) as { groups: Array<{ name: string, rules: Rule[] }> }).groups.flatMap((group) => group.rules)
const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: Array<{ title: string, targets: Array<{ expr: string }> }> }

/** PromQL's words that are not metrics: aggregations' clauses, set operators, modifiers. */
const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan'])

/** The metric names a PromQL expression reads. */
function metricNames (expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // label values
    .replace(/\{[^}]*\}/g, '') // label matchers
    .replace(/\[[^\]]*\]/g, '') // ranges
    .replace(/\$\{?\w+\}?/g, '') // Grafana's variables
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '') // label lists
  // Whole words not after a digit (5m, 0.99) and not called (functions).
  const names = [...bare.matchAll(/(?<![\w.:])[a-zA-Z_:][\w:]*(?![\w:]|\s*\()/g)].map(([name]) => name)
  return [...new Set(names.filter((name) => !KEYWORDS.has(name.toLowerCase())))]
}

/** The names a scrape of /metrics holds: each family's, a histogram's _bucket, _sum and _count. */
function exported (exposition: string): Set<string> {
  const names = new Set<string>()
  for (const [, name, type] of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    if (name === undefined) continue
    names.add(name)
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix)
    if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(name + suffix)
  }
  return names
}

const promtool = (...args: string[]): { status: number | null, output: string } => {
  const result = spawnSync(PROMTOOL_PATH, args, { cwd: RULES_DIR, encoding: 'utf8' })
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() }
}

t.test('metricNames reads the metrics of an expression and nothing else', async (t) => {
  t.same(metricNames('histogram_quantile(0.99, sum by (le) (rate(cowsay_x_bucket{route!~"/a|b(c)"}[5m]))) > 0.25'), ['cowsay_x_bucket'])
  t.same(metricNames('sum(rate(a_total{status=~"5.."}[$__rate_interval])) / sum without (instance) (b) and on (job) up == 0'), ['a_total', 'b', 'up'])
  t.same(metricNames('increase(c[1h]) > 0 unless bool d offset 5m'), ['c', 'd'])
})

whenInstalled(t, [PROMTOOL, PROMETHEUS], () => {
  let app: RunningServer
  let exposition: string
  const get = async (port: number, path: string): Promise<string> => (await rawRequest(port, { path }, 10_000)).body

  t.before(async () => {
    ensureBuilt()
    // A rate limit store that is not there: its gauge is exported (0), and its alert's expression is true.
    app = await startServer({ env: { REDIS_URL: `redis://127.0.0.1:${await freePort()}` } })
    for (const path of ['/say/hello', '/say/hello?format=json', '/no/such/page', '/say/x?format=png']) await rawRequest(app.port, { path })
    exposition = await get(app.port, '/metrics')
  })
  t.teardown(() => app?.stop())

  t.test('promtool check rules', async (t) => {
    const { status, output } = promtool('check', 'rules', 'cowsay.rules.yml')
    t.comment(output)
    t.equal(status, 0, 'accepted')
    t.match(output, `SUCCESS: ${rules.length} rules found`)
  })

  t.test('each alert points at its runbook entry in docs/operations.md', async (t) => {
    const runbook = readFileSync(join(ROOT, 'docs/operations.md'), 'utf8')
    const annotations = (parseYaml(readFileSync(RULES, 'utf8')) as { groups: Array<{ rules: Array<{ alert: string, annotations: { runbook: string } }> }> }).groups.flatMap((group) => group.rules)
    for (const { alert, annotations: { runbook: link } } of annotations) {
      t.equal(link, `docs/operations.md#${alert.toLowerCase()}`, `${alert}: its runbook link`)
      t.match(runbook, new RegExp(`^### ${alert}\\n\\n\\S`, 'm'), `${alert}: an entry that says what to do`)
    }
  })

  t.test('promtool test rules: each alert fires when it should and only then', async (t) => {
    const { status, output } = promtool('test', 'rules', 'cowsay.rules.test.yml')
    t.comment(output)
    t.equal(status, 0, 'the unit tests pass')
    t.match(output, /SUCCESS/)
    const tested = readFileSync(join(RULES_DIR, 'cowsay.rules.test.yml'), 'utf8')
    for (const { alert } of rules) t.match(tested, new RegExp(`alertname: ${alert}\\n`), `${alert} has a unit test`)
  })

  t.test('every metric the rules and the dashboard name is one the real /metrics exports', async (t) => {
    // `up` is Prometheus's own, one per scrape target.
    const names = new Set([...exported(exposition), 'up'])
    t.ok(names.has('cowsay_http_requests_total') && names.has('nodejs_eventloop_lag_p99_seconds'), `${names.size} names exported`)
    for (const { alert, expr } of rules) {
      const read = metricNames(expr)
      t.ok(read.length > 0, `${alert} reads ${read.join(', ')}`)
      for (const name of read) t.ok(names.has(name), `${alert}: ${name} is exported`)
    }
    t.ok(dashboard.panels.length >= 10, `${dashboard.panels.length} panels`)
    for (const panel of dashboard.panels) {
      t.ok(panel.targets.length > 0, `${panel.title}: has queries`)
      for (const { expr } of panel.targets) {
        for (const name of metricNames(expr)) t.ok(names.has(name), `${panel.title}: ${name} is exported`)
      }
    }
  })

  t.test('the dashboard reads its data source and instances from variables', async (t) => {
    const text = readFileSync(DASHBOARD, 'utf8')
    t.notMatch(text, /"uid":\s*"(?!\$\{datasource\}|cowsay")/, 'no data source of one installation')
    for (const panel of dashboard.panels) {
      for (const { expr } of panel.targets) t.match(expr, /job="cowsay", instance=~"\$instance"/, `${panel.title}: by the instance variable`)
    }
  })

  t.test('a real Prometheus scrapes the app and evaluates every rule; the store-down alert goes pending', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'cowsay-prometheus-'))
    const port = await freePort()
    writeFileSync(join(dir, 'prometheus.yml'), JSON.stringify({
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: [RULES],
      scrape_configs: [{ job_name: 'cowsay', static_configs: [{ targets: [`127.0.0.1:${app.port}`] }] }]
    }))
    const server = spawn(PROMETHEUS_PATH, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], { stdio: ['ignore', 'ignore', 'pipe'] })
    let log = ''
    server.stderr?.on('data', (chunk: Buffer) => { log += chunk.toString() })
    const exited = new Promise((resolve) => server.once('exit', resolve))
    t.teardown(async () => {
      server.kill('SIGTERM')
      await exited
      rmSync(dir, { recursive: true, force: true })
    })
    const api = async (path: string): Promise<any> => JSON.parse(await get(port, path)).data
    /** Polls until `found` returns something, for up to 30 s. */
    const waitFor = async <T>(what: string, found: () => Promise<T | undefined>): Promise<T> => {
      const deadline = Date.now() + 30_000
      for (;;) {
        const value = await found().catch(() => undefined)
        if (value !== undefined) return value
        if (Date.now() > deadline || server.exitCode !== null) throw new Error(`${what}: not within 30 s\n${log}`)
        await new Promise((resolve) => setTimeout(resolve, 250))
      }
    }
    await waitFor('Prometheus listening', async () => await accepting(port) ? true : undefined)

    const target = await waitFor('the app scraped', async () => {
      const [active] = (await api('/api/v1/targets')).activeTargets
      return active?.health === 'up' ? active : undefined
    })
    t.equal(target.labels.job, 'cowsay', `the app is scraped as job cowsay (${target.scrapeUrl as string})`)

    const evaluated = await waitFor('every rule evaluated', async () => {
      const loaded = (await api('/api/v1/rules')).groups.flatMap((group: any) => group.rules)
      return loaded.length === rules.length && loaded.every((rule: any) => rule.lastEvaluation !== '0001-01-01T00:00:00Z') ? loaded : undefined
    })
    for (const rule of evaluated) t.equal(rule.health, 'ok', `${rule.name as string}: evaluated without error (${rule.state as string})`)

    const pending = await waitFor('CowsayRateLimitStoreDown pending', async () => {
      const { alerts } = await api('/api/v1/alerts')
      return alerts.find((alert: any) => alert.labels.alertname === 'CowsayRateLimitStoreDown')
    })
    t.equal(pending.state, 'pending', 'the store-down alert is pending (it fires after 2 minutes)')
    t.equal(pending.labels.instance, `127.0.0.1:${app.port}`, 'for the app\'s instance')
    t.comment(`alert from the real Prometheus: ${JSON.stringify(pending)}`)

    // Traffic while Prometheus watches, then the latency alert's expression, its threshold aside, is a number.
    for (let index = 0; index < 20; index++) {
      await rawRequest(app.port, { path: `/say/watched-${index}`, headers: { accept: 'application/json' } })
      await new Promise((resolve) => setTimeout(resolve, 150))
    }
    const p99 = rules.find((rule) => rule.alert === 'CowsayLatencyP99High')?.expr.replace(/>\s*0\.25\s*$/, '') ?? ''
    const seconds = await waitFor('the p99 of the app\'s requests', async () => {
      const value = Number((await api(`/api/v1/query?query=${encodeURIComponent(p99)}`)).result[0]?.value?.[1])
      return Number.isFinite(value) ? value : undefined
    })
    t.ok(seconds > 0 && seconds < 2.5, `CowsayLatencyP99High's expression evaluates on the app's series: p99 ${seconds} s`)
  })
})
