import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { loadConfig } from '../../src/config.js'
import { build } from '../helper.js'
import { readStages, argumentsOf } from '../support/dockerfile.js'
import { ENV_EXAMPLE, variablesRead } from '../support/environment.js'
import { whenInstalled } from '../support/tools.js'
import {
  KUBECTL, MANIFESTS, describe, fieldErrors, parseManifests, render, schemaErrors, versionOf, type KubeObject
} from '../support/kubernetes.js'

/*
 * deploy/kubernetes/, checked without a cluster: each overlay rendered by
 * kustomize as `kubectl apply -k` would, every object validated against the
 * Kubernetes 1.33 and Gateway API schemas (unknown fields refused), then the
 * rules that hold the objects together and to the app.
 */

const OVERLAYS = ['gateway', 'ingress'] as const
const SECRET_TEMPLATE = join(MANIFESTS, 'secret.template.yaml')
const WEB = { 'app.kubernetes.io/name': 'cowsay', 'app.kubernetes.io/component': 'web' }

type Any = any

const byKind = (objects: KubeObject[], kind: string): Any[] => objects.filter((object) => object.kind === kind)
const named = (objects: KubeObject[], kind: string, name: string): Any => {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name)
  if (found === undefined) throw new Error(`no ${kind} ${name}`)
  return found
}
/** A label selector's matchLabels select these labels. */
const selects = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean =>
  selector !== undefined && Object.keys(selector).length > 0 && Object.entries(selector).every(([key, value]) => labels?.[key] === value)

const documented = new Set(Object.keys(ENV_EXAMPLE))

whenInstalled(t, [KUBECTL], () => {
  const rendered = Object.fromEntries(OVERLAYS.map((overlay) => [overlay, render(join(MANIFESTS, 'overlays', overlay))])) as Record<typeof OVERLAYS[number], KubeObject[]>
  const secretTemplate = parseManifests(readFileSync(SECRET_TEMPLATE, 'utf8'))
  const monitoring = render(join(MANIFESTS, 'monitoring'))

  const sets: Array<[string, KubeObject[]]> = [
    ...OVERLAYS.map((overlay): [string, KubeObject[]] => [`overlays/${overlay}`, rendered[overlay]]),
    ['secret.template.yaml', secretTemplate],
    ['monitoring', monitoring]
  ]
  // Mistakes planted in copies of the web Deployment: each must be refused.
  const deployment = named(rendered.gateway, 'Deployment', 'cowsay')
  const mistakes: Array<[string, (copy: Any) => void, RegExp]> = [
    ['an unknown container field', (copy) => { copy.spec.template.spec.containers[0].bogus = true }, /'"?bogus"?' does not exist/],
    ['a misspelt probe field', (copy) => { copy.spec.template.spec.containers[0].readinessProbe.httpGet.paht = '/healthz' }, /'"?paht"?' does not exist/],
    ['an unknown field at the top of the spec', (copy) => { copy.spec.replica = 3 }, /'"?replica"?' does not exist/],
    ['a string where a number belongs', (copy) => { copy.spec.template.spec.terminationGracePeriodSeconds = '25' }, /terminationGracePeriodSeconds|not assignable to type 'number'/],
    ['a required field missing', (copy) => { delete copy.spec.selector }, /selector/]
  ]
  const mistaken = mistakes.map(([, mistake]) => {
    const copy = structuredClone(deployment) as KubeObject
    mistake(copy)
    return copy
  })
  // One TypeScript program for every object: it is the slow part.
  const fields = fieldErrors([...sets.flatMap(([, objects]) => objects), ...mistaken])

  t.test('every object validates against the Kubernetes and Gateway API schemas, unknown fields refused', async (t) => {
    t.comment(`schemas: kubernetes-models ${versionOf('kubernetes-models')}, @kubernetes-models/gateway-api ${versionOf('@kubernetes-models/gateway-api')}`)
    let index = 0
    for (const [where, objects] of sets) {
      t.ok(objects.length > 0, `${where}: ${objects.length} objects`)
      for (const object of objects) {
        const errors = [...await schemaErrors(object), ...fields[index++] ?? []]
        t.same(errors, [], `${where}: ${describe(object)}: valid, no unknown field`)
      }
    }
  })

  t.test('the validation refuses what the API does not have', async (t) => {
    const offset = sets.reduce((sum, [, objects]) => sum + objects.length, 0)
    for (const [index, [what, , message]] of mistakes.entries()) {
      const errors = [...await schemaErrors(mistaken[index] as KubeObject), ...fields[offset + index] ?? []]
      t.match(errors.join('\n'), message, `${what} is refused: ${errors[0] ?? 'nothing'}`)
    }
  })

  t.test('monitoring: the ServiceMonitor scrapes the web Service\'s metrics port; the PrometheusRule carries the rules file\'s groups', async (t) => {
    const web = rendered.gateway
    const service = named(web, 'Service', 'cowsay')
    const monitor = named(monitoring, 'ServiceMonitor', 'cowsay')
    const rule = named(monitoring, 'PrometheusRule', 'cowsay')
    t.same(monitoring.map(describe).sort(), [describe(monitor), describe(rule)].sort(), 'two objects')
    for (const object of monitoring) t.equal(object.metadata.namespace, named(web, 'Namespace', 'cowsay').metadata.name, `${describe(object)} is in the app's namespace`)
    t.ok(selects(monitor.spec.selector.matchLabels, service.metadata.labels), 'the ServiceMonitor selects the web Service')
    t.notOk(selects(monitor.spec.selector.matchLabels, named(web, 'Service', 'cowsay-redis').metadata.labels), 'and not Redis\'s')
    t.same(monitor.spec.endpoints.map((endpoint: Any) => [endpoint.port, endpoint.path]), [['metrics', '/metrics']], 'it scrapes /metrics on the port named metrics')
    t.ok(service.spec.ports.some((port: Any) => port.name === 'metrics'), 'a port the Service has')
    const scrapes = named(web, 'NetworkPolicy', 'cowsay').spec.ingress[1]
    t.same(scrapes.ports, [{ port: 'metrics' }], 'which the NetworkPolicy opens to the monitoring namespace')
    const rulesFile = parseYaml(readFileSync(join(MANIFESTS, '..', 'prometheus', 'cowsay.rules.yml'), 'utf8')) as { groups: unknown[] }
    t.same(rule.spec.groups, rulesFile.groups, 'the PrometheusRule\'s groups are deploy/prometheus/cowsay.rules.yml\'s, unchanged')
    t.equal(service.metadata.name, 'cowsay', 'the scrape job (the Service\'s name) is the `cowsay` the rules select')
  })

  for (const overlay of OVERLAYS) {
    const objects = rendered[overlay]
    const deployment = named(objects, 'Deployment', 'cowsay')
    const pod = deployment.spec.template
    const container = pod.spec.containers[0]
    const configMap = named(objects, 'ConfigMap', 'cowsay-config')
    const config = loadConfig(configMap.data)

    t.test(`${overlay}: labels and selectors agree across the objects`, async (t) => {
      for (const object of objects) t.ok(object.metadata.labels?.['app.kubernetes.io/name'], `${describe(object)} carries app.kubernetes.io/name`)
      for (const workload of byKind(objects, 'Deployment')) {
        t.ok(selects(workload.spec.selector.matchLabels, workload.spec.template.metadata.labels), `${workload.metadata.name}: the selector selects its own pods`)
      }
      t.same(deployment.spec.selector.matchLabels, WEB)
      t.ok(selects(named(objects, 'Service', 'cowsay').spec.selector, pod.metadata.labels), 'the Service selects the web pods')
      t.ok(selects(named(objects, 'PodDisruptionBudget', 'cowsay').spec.selector.matchLabels, pod.metadata.labels), 'the PodDisruptionBudget covers the web pods')
      t.ok(selects(named(objects, 'NetworkPolicy', 'cowsay').spec.podSelector.matchLabels, pod.metadata.labels), 'the NetworkPolicy applies to the web pods')
      t.ok(selects(pod.spec.topologySpreadConstraints[0].labelSelector.matchLabels, pod.metadata.labels), 'pods spread by their own labels')
      const hpa = named(objects, 'HorizontalPodAutoscaler', 'cowsay')
      t.same(hpa.spec.scaleTargetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'cowsay' }, 'the autoscaler scales the Deployment')
      const redis = named(objects, 'Deployment', 'cowsay-redis')
      t.ok(selects(named(objects, 'Service', 'cowsay-redis').spec.selector, redis.spec.template.metadata.labels), 'the Redis Service selects the Redis pod')
      t.notOk(selects(named(objects, 'Service', 'cowsay').spec.selector, redis.spec.template.metadata.labels), 'and the web Service does not')
      const namespace = named(objects, 'Namespace', 'cowsay')
      for (const object of objects.filter((object) => object.kind !== 'Namespace')) {
        t.equal(object.metadata.namespace, namespace.metadata.name, `${describe(object)} is in the namespace`)
      }
    })

    t.test(`${overlay}: Pod Security "restricted", for every pod`, async (t) => {
      t.equal(named(objects, 'Namespace', 'cowsay').metadata.labels['pod-security.kubernetes.io/enforce'], 'restricted', 'the namespace enforces it')
      const imageUser = argumentsOf(readStages().at(-1)?.instructions.find((instruction) => instruction.getKeyword() === 'USER') as Parameters<typeof argumentsOf>[0])[0]
      t.equal(String(pod.spec.securityContext.runAsUser), imageUser?.split(':')[0], `the web pods run as the image's numeric USER (${imageUser})`)
      for (const workload of byKind(objects, 'Deployment')) {
        const spec = workload.spec.template.spec
        const name = workload.metadata.name as string
        t.notOk(spec.hostNetwork || spec.hostPID || spec.hostIPC, `${name}: no host namespaces`)
        t.ok((spec.volumes ?? []).every((volume: Any) => Object.keys(volume).every((key) => ['name', 'emptyDir', 'configMap', 'secret', 'projected', 'downwardAPI'].includes(key))), `${name}: only the volume types "restricted" allows`)
        t.equal(spec.automountServiceAccountToken, false, `${name}: no API token`)
        for (const c of [...spec.initContainers ?? [], ...spec.containers]) {
          const security = c.securityContext ?? {}
          const where = `${name}/${c.name as string}`
          t.ok(security.runAsNonRoot ?? spec.securityContext?.runAsNonRoot, `${where}: runAsNonRoot`)
          const user = security.runAsUser ?? spec.securityContext?.runAsUser
          t.ok(Number.isInteger(user) && user > 0, `${where}: a numeric user that is not root (${String(user)})`)
          t.equal(security.allowPrivilegeEscalation, false, `${where}: no privilege escalation`)
          t.notOk(security.privileged, `${where}: not privileged`)
          t.same(security.capabilities?.drop, ['ALL'], `${where}: every capability dropped`)
          t.same(security.capabilities?.add ?? [], [], `${where}: none added`)
          t.equal((security.seccompProfile ?? spec.securityContext?.seccompProfile)?.type, 'RuntimeDefault', `${where}: seccomp RuntimeDefault`)
          t.equal(security.readOnlyRootFilesystem, true, `${where}: read-only root file system`)
          t.ok(c.resources?.requests?.cpu && c.resources?.requests?.memory && c.resources?.limits?.memory, `${where}: CPU and memory requested, memory limited`)
          const [, tag] = /^[^@]+?(?::([^:/@]+))?(@sha256:[0-9a-f]{64})?$/.exec(c.image as string) ?? []
          t.ok(tag !== undefined && tag !== 'latest', `${where}: ${c.image as string} names its tag, and not latest`)
        }
      }
      const tmp = container.volumeMounts.find((mount: Any) => mount.mountPath === '/tmp')
      t.ok(pod.spec.volumes.find((volume: Any) => volume.name === tmp?.name)?.emptyDir, 'the web container has a writable /tmp (an emptyDir)')
      t.equal(container.image, 'registry.example.com/cowsay-as-a-service:1.0.0', 'the overlay names the registry and the tag')
    })

    t.test(`${overlay}: probes ask the paths the app answers as they should, draining included`, async (t) => {
      const ports = Object.fromEntries(container.ports.map((port: Any) => [port.name, port.containerPort]))
      t.equal(ports.http, config.port, 'the container port named http is where the app listens (PORT)')
      t.equal(config.host, '0.0.0.0', 'on every interface')
      const probes = { startupProbe: '/healthz', readinessProbe: '/healthz', livenessProbe: '/livez' }
      for (const [probe, path] of Object.entries(probes)) {
        t.same(container[probe]?.httpGet, { path, port: 'http' }, `${probe}: GET ${path} on the http port`)
      }
      const app = await build(t)
      for (const path of Object.values(probes)) t.equal((await app.inject({ url: path })).statusCode, 200, `${path}: 200 while serving`)
      app.startDraining()
      t.equal((await app.inject({ url: container.readinessProbe.httpGet.path })).statusCode, 503, 'readiness: 503 while draining (out of the endpoints)')
      t.equal((await app.inject({ url: container.livenessProbe.httpGet.path })).statusCode, 200, 'liveness: 200 while draining (not restarted mid-drain)')
      t.ok(container.startupProbe.periodSeconds * container.startupProbe.failureThreshold >= 10, 'the startup probe allows at least 10 s to start')
    })

    t.test(`${overlay}: a rolling update and a shutdown that drop nothing`, async (t) => {
      t.equal(deployment.spec.strategy.type, 'RollingUpdate')
      t.equal(deployment.spec.strategy.rollingUpdate.maxUnavailable, 0, 'maxUnavailable 0: a new pod is ready before an old one goes')
      t.ok(deployment.spec.strategy.rollingUpdate.maxSurge >= 1, 'maxSurge 1 or more, so the update can proceed')
      const preStop = container.lifecycle.preStop.sleep.seconds as number
      const grace = pod.spec.terminationGracePeriodSeconds as number
      t.ok(preStop >= 3, `a preStop pause (${preStop} s) while the endpoints forget the pod`)
      t.ok(config.shutdown.drain < config.shutdown.timeout, `the drain (${config.shutdown.drain / 1000} s) ends within SHUTDOWN_TIMEOUT (${config.shutdown.timeout / 1000} s)`)
      t.ok(grace >= preStop + config.shutdown.timeout / 1000, `terminationGracePeriodSeconds (${grace} s) covers the preStop pause and SHUTDOWN_TIMEOUT (${preStop} + ${config.shutdown.timeout / 1000} s), so the app exits before SIGKILL`)
      t.equal(deployment.spec.replicas, undefined, 'no replicas field: the autoscaler owns the count (kubectl apply would reset it)')
      const hpa = named(objects, 'HorizontalPodAutoscaler', 'cowsay')
      t.equal(hpa.apiVersion, 'autoscaling/v2')
      t.same(hpa.spec.metrics.map((metric: Any) => [metric.type, metric.resource?.name]), [['Resource', 'cpu']], 'scaled on CPU')
      t.ok(hpa.spec.minReplicas >= 2, `at least ${hpa.spec.minReplicas as number} replicas`)
      const pdb = named(objects, 'PodDisruptionBudget', 'cowsay')
      t.ok(pdb.spec.maxUnavailable >= 1 && pdb.spec.maxUnavailable < hpa.spec.minReplicas, 'the disruption budget lets a node drain, one pod at a time, and keeps one serving')
    })

    t.test(`${overlay}: configuration from the ConfigMap, chat secrets from a Secret`, async (t) => {
      const read = variablesRead()
      for (const name of Object.keys(configMap.data)) {
        t.ok(read.has(name), `ConfigMap ${name}: a variable the app reads`)
        t.ok(documented.has(name), `ConfigMap ${name}: documented in .env.example`)
      }
      t.ok(config.rateLimit !== null, 'rate limited')
      const metrics = container.ports.find((port: Any) => port.name === 'metrics')
      t.same(config.metrics, { enabled: true, port: metrics?.containerPort }, 'metrics on, on the container port named metrics')
      const redisService = named(objects, 'Service', 'cowsay-redis')
      const redisUrl = new URL(config.redisUrl ?? 'redis://missing')
      t.same([redisUrl.hostname, Number(redisUrl.port)], [redisService.metadata.name, redisService.spec.ports[0].port], 'REDIS_URL names the Redis Service and its port')
      t.same(container.envFrom, [{ configMapRef: { name: 'cowsay-config' } }, { secretRef: { name: 'cowsay-chat', optional: true } }], 'the environment comes from the ConfigMap and the (optional) Secret')
      t.same(byKind(objects, 'Secret'), [], 'no Secret is rendered: apply -k never overwrites the real one')
      const [secret] = secretTemplate as Any[]
      t.equal(secret.metadata.name, 'cowsay-chat', 'the template is the Secret the pods read')
      for (const [name, value] of Object.entries(secret.stringData as Record<string, string>)) {
        t.ok(read.has(name), `Secret ${name}: a variable the app reads`)
        t.ok(documented.has(name), `Secret ${name}: documented in .env.example`)
        t.equal(value, '', `Secret ${name}: no value in the repository`)
        t.notOk(name in configMap.data, `Secret ${name}: not in the ConfigMap`)
      }
      for (const name of Object.keys(configMap.data)) t.notMatch(name, /SECRET|TOKEN|PASSWORD|KEY/, `ConfigMap ${name}: no secret`)
    })

    t.test(`${overlay}: traffic in from the ${overlay} only; out to DNS and Redis only`, async (t) => {
      const policy = named(objects, 'NetworkPolicy', 'cowsay')
      t.same(policy.spec.policyTypes, ['Ingress', 'Egress'], 'both directions are restricted')
      const service = named(objects, 'Service', 'cowsay')
      const containerPorts = new Set(container.ports.map((port: Any) => port.name))
      for (const port of service.spec.ports) t.ok(containerPorts.has(port.targetPort), `Service port ${port.name as string} targets a container port`)
      const [traffic, scrapes] = policy.spec.ingress
      t.equal(policy.spec.ingress.length, 2, 'two ingress rules')
      t.same(traffic.ports, [{ port: 'http' }], 'traffic: the http port only')
      t.same(scrapes.ports, [{ port: 'metrics' }], 'scrapes: the metrics port only')
      const from = traffic.from[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name']
      if (overlay === 'gateway') {
        const route = named(objects, 'HTTPRoute', 'cowsay')
        t.equal(from, route.spec.parentRefs[0].namespace, `traffic only from the gateway's namespace (${from as string})`)
        t.same(route.spec.rules[0].backendRefs, [{ name: service.metadata.name, port: service.spec.ports.find((port: Any) => port.name === 'http').port }], 'the route sends to the Service\'s http port')
        t.same(byKind(objects, 'Ingress'), [], 'and there is no Ingress')
      } else {
        const ingress = named(objects, 'Ingress', 'cowsay')
        t.equal(from, 'ingress-nginx', "traffic only from the ingress controller's namespace")
        t.same(ingress.spec.rules[0].http.paths[0].backend.service, { name: service.metadata.name, port: { name: 'http' } }, 'the Ingress sends to the Service\'s http port')
        t.same(byKind(objects, 'HTTPRoute'), [], 'and there is no HTTPRoute')
      }
      const [dns, redis] = policy.spec.egress
      t.equal(policy.spec.egress.length, 2, 'two egress rules, no HTTPS: the chat platforms are answered in their own requests')
      t.same(dns.ports.map((port: Any) => `${port.port as number}/${port.protocol as string}`), ['53/UDP', '53/TCP'], 'DNS')
      t.same(dns.to[0].podSelector.matchLabels, { 'k8s-app': 'kube-dns' })
      const redisPod = named(objects, 'Deployment', 'cowsay-redis').spec.template
      t.ok(selects(redis.to[0].podSelector.matchLabels, redisPod.metadata.labels), 'Redis: to the Redis pod')
      t.same(redis.ports, [{ port: redisPod.spec.containers[0].ports[0].containerPort }], 'on its port')
      for (const rule of policy.spec.egress) t.ok(rule.to?.length > 0, 'no rule open to everywhere')
      const redisPolicy = named(objects, 'NetworkPolicy', 'cowsay-redis')
      t.ok(selects(redisPolicy.spec.ingress[0].from[0].podSelector.matchLabels, pod.metadata.labels), 'Redis takes connections from the web pods')
      t.equal(redisPolicy.spec.egress, undefined, 'and Redis reaches nothing')
    })
  }
})
