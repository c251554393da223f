import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { parseAllDocuments } from 'yaml'
import { ROOT } from './node-server.js'
import { installedAt, type RequiredTool } from './tools.js'

/*
 * Kubernetes manifests checked without a cluster: rendered by kustomize (the
 * one built into kubectl, what an operator runs) and validated against the
 * Kubernetes and Gateway API schemas of the `kubernetes-models` packages,
 * twice over: their JSON-schema validators (types, formats, required fields,
 * enums), and their TypeScript declarations, which refuse any field the API
 * does not have (the validators alone let unknown fields through).
 */

const KUBECTL_PATH = '/usr/bin/kubectl'
export const KUBECTL: RequiredTool = installedAt(KUBECTL_PATH, 'kubectl 1.27 or later is needed, for its built-in kustomize v5 (Debian\'s kubernetes-client 1.20 is too old)')
export const MANIFESTS = join(ROOT, 'deploy/kubernetes')

export interface KubeObject {
  apiVersion: string
  kind: string
  metadata: { name: string, namespace?: string, labels?: Record<string, string>, annotations?: Record<string, string> }
  [field: string]: unknown
}

/** Where each kind's model lives: its module, its class and its TypeScript interface. */
const MODELS: Record<string, { module: string, type: string }> = {
  'v1/Namespace': { module: 'kubernetes-models/v1/Namespace', type: 'INamespace' },
  'v1/ConfigMap': { module: 'kubernetes-models/v1/ConfigMap', type: 'IConfigMap' },
  'v1/Secret': { module: 'kubernetes-models/v1/Secret', type: 'ISecret' },
  'v1/Service': { module: 'kubernetes-models/v1/Service', type: 'IService' },
  'apps/v1/Deployment': { module: 'kubernetes-models/apps/v1/Deployment', type: 'IDeployment' },
  'policy/v1/PodDisruptionBudget': { module: 'kubernetes-models/policy/v1/PodDisruptionBudget', type: 'IPodDisruptionBudget' },
  'autoscaling/v2/HorizontalPodAutoscaler': { module: 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler', type: 'IHorizontalPodAutoscaler' },
  'networking.k8s.io/v1/NetworkPolicy': { module: 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy', type: 'INetworkPolicy' },
  'networking.k8s.io/v1/Ingress': { module: 'kubernetes-models/networking.k8s.io/v1/Ingress', type: 'IIngress' },
  'gateway.networking.k8s.io/v1/HTTPRoute': { module: '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute', type: 'IHTTPRoute' },
  'monitoring.coreos.com/v1/ServiceMonitor': { module: '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor', type: 'IServiceMonitor' },
  'monitoring.coreos.com/v1/PrometheusRule': { module: '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule', type: 'IPrometheusRule' }
}

const modelKey = (object: KubeObject): string => `${object.apiVersion}/${object.kind}`

export const describe = (object: KubeObject): string =>
  `${object.apiVersion} ${object.kind} ${object.metadata.namespace === undefined ? '' : object.metadata.namespace + '/'}${object.metadata.name}`

export const versionOf = (pkg: string): string =>
  (JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version

export function parseManifests (text: string): KubeObject[] {
  return parseAllDocuments(text).map((document) => {
    if (document.errors.length > 0) throw new Error(document.errors.map((error) => error.message).join('; '))
    return document.toJS() as KubeObject
  }).filter((object) => object !== null)
}

/** `kubectl kustomize DIR`: the objects an operator's `kubectl apply -k DIR` would send. */
export function render (dir: string): KubeObject[] {
  const result = spawnSync(KUBECTL_PATH, ['kustomize', dir], { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${result.stderr}`)
  return parseManifests(result.stdout)
}

/** The schema's complaints about one object (empty when it is valid). */
export async function schemaErrors (object: KubeObject): Promise<string[]> {
  const model = MODELS[modelKey(object)]
  if (model === undefined) return [`no schema known for ${modelKey(object)}`]
  const exports = await import(model.module) as Record<string, new (data: unknown) => { validate: () => void }>
  const Model = exports[model.type.slice(1)]
  if (Model === undefined) return [`${model.module} has no ${model.type.slice(1)}`]
  try {
    new Model(object).validate()
    return []
  } catch (error) {
    return [(error as Error).message]
  }
}

/**
 * Fields the API does not have (and values of the wrong type), per object:
 * each object becomes a typed literal in a TypeScript module that is checked
 * in memory, so excess-property checking refuses what no schema declares,
 * at any depth (`containers[0].bogus`, a misspelt `readinessProbe.httpGet.paht`).
 */
export function fieldErrors (objects: KubeObject[]): string[][] {
  const file = join(ROOT, 'test/deploy/__manifests__.ts')
  const models = objects.map((object) => MODELS[modelKey(object)])
  const imports = [...new Set(models.flatMap((model) => model === undefined ? [] : [`import type { ${model.type} } from '${model.module}'`]))]
  // Each object starts on a line of its own: diagnostics are traced back by line.
  const firstLines: number[] = []
  const lines = [...imports]
  objects.forEach((object, index) => {
    firstLines.push(lines.length)
    lines.push(...`export const object${index}: ${models[index]?.type ?? 'never'} = ${JSON.stringify(object, null, 2)}`.split('\n'))
  })
  const source = lines.join('\n')
  const objectAt = (line: number): number => firstLines.findLastIndex((first) => first <= line)

  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    // The declarations need no more than ES5's (no DOM: a third of the time).
    lib: ['lib.es5.d.ts']
  }
  const host = ts.createCompilerHost(options)
  const { getSourceFile, fileExists, readFile } = host
  host.fileExists = (name) => name === file || fileExists(name)
  host.readFile = (name) => name === file ? source : readFile(name)
  host.getSourceFile = (name, version, ...rest) => name === file ? ts.createSourceFile(name, source, version) : getSourceFile(name, version, ...rest)
  const program = ts.createProgram([file], options, host)

  const errors: string[][] = objects.map(() => [])
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')
    if (diagnostic.file?.fileName !== file || diagnostic.start === undefined) {
      // Not about one object (a module that did not resolve): every object fails.
      for (const list of errors) list.push(message)
      continue
    }
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
    errors[Math.max(0, objectAt(line))]?.push(`${message} (at ${lines[line]?.trim() ?? ''})`)
  }
  return errors
}
