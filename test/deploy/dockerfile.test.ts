import t from 'tap'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DockerfileParser } from 'dockerfile-ast'
import { argumentsOf, readStages, runtimeCopies, type Stage } from '../support/dockerfile.js'
import { ROOT } from '../support/node-server.js'
import { DEBIAN_CJK_FONT } from '../../src/config.js'
import { DEBIAN_COWS } from '../../src/cowsay/cows.js'

/*
 * The Dockerfile, parsed: no Docker engine here, so its properties are checked
 * on the file, and production-install.test.ts runs what its runtime stage copies.
 */

const stages = readStages()
const build = stages[0] as Stage
const runtime = stages.at(-1) as Stage
const keyword = (stage: Stage, name: string): string[][] =>
  stage.instructions.filter((instruction) => instruction.getKeyword() === name).map(argumentsOf)
/** The exec form's words, `["node", "x.js"]`, as the parser splits them on spaces. */
const execForm = (words: string[]): unknown => JSON.parse(words.join(' '))

t.test('four stages on Node 24 LTS, slim: build, fonts, cows, runtime', async (t) => {
  t.same(stages.map((stage) => stage.name), ['build', 'fonts', 'cows', 'runtime'])
  const initialArgs = DockerfileParser.parse(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).getInitialARGs().flatMap(argumentsOf)
  const version = initialArgs.find((argument) => argument.startsWith('NODE_VERSION='))?.split('=')[1]
  t.equal(version, '24', 'NODE_VERSION defaults to 24, the production runtime')
  for (const stage of stages) t.equal(stage.image, 'node:${NODE_VERSION}-slim', `${stage.name}: the official Node image`)
  t.equal(build.name, 'build')
})

t.test('the build stage installs from the lock file, builds, and drops dev dependencies', async (t) => {
  const runs = keyword(build, 'RUN').map((words) => words.join(' '))
  t.ok(runs.some((run) => /^npm ci\b/.test(run)), 'npm ci')
  t.ok(runs.some((run) => /npm run build && npm prune --omit=dev/.test(run)), 'npm run build, then npm prune --omit=dev')
  t.same(keyword(build, 'COPY').flatMap((words) => words.slice(0, -1)),
    ['package.json', 'package-lock.json', 'tsconfig.json', 'scripts/build.ts', 'src', 'views', 'public', 'fortunes'], 'only what the build and its one launch need')
})

t.test('the image carries a compile cache made by its own user, which it only reads', async (t) => {
  const envOf = (stage: Stage): Record<string, string> => Object.fromEntries(keyword(stage, 'ENV').flat().map((pair) => pair.split('=') as [string, string]))
  const cache = envOf(runtime).NODE_COMPILE_CACHE
  t.equal(cache, '/app/dist/compile-cache', 'inside dist/, which the runtime stage copies from the build stage')
  t.equal(envOf(build).NODE_COMPILE_CACHE, cache, 'the build stage fills the same folder')
  const warmAt = build.instructions.findIndex((instruction) => instruction.getKeyword() === 'RUN' && instruction.getTextContent().includes('node dist/server.js'))
  const userAt = build.instructions.findIndex((instruction) => instruction.getKeyword() === 'USER')
  t.ok(userAt !== -1 && userAt < warmAt, 'the launch that fills it runs as a user of its own')
  // Node files the cache in a folder named after the user's number: the runtime's user must make it.
  t.same(keyword(build, 'USER'), keyword(runtime, 'USER'), 'the same user as the runtime')
  const warm = build.instructions[warmAt]?.getTextContent() ?? ''
  t.match(warm, /\/say\//, 'the launch answers a result page, so that the code of the first response is in the cache')
  t.match(warm, /chmod -R a\+rX,go-w dist\/compile-cache/, 'readable by the runtime user, writable by no one once copied as root\'s')
})

t.test('the runtime stage copies only what runs', async (t) => {
  const copied = runtimeCopies().map(({ fromStage, sources, destination }) => `${fromStage ?? 'context'}: ${sources.join(' ')} -> ${destination}`)
  t.same(copied, [
    'context: package.json package-lock.json -> ./',
    'build: /app/node_modules -> ./node_modules',
    'build: /app/dist -> ./dist',
    'context: views -> ./views',
    'context: public -> ./public',
    'context: fortunes -> ./fortunes',
    `fonts: ${DEBIAN_CJK_FONT} -> ${DEBIAN_CJK_FONT}`,
    `cows: ${DEBIAN_COWS} -> ${DEBIAN_COWS}`
  ])
  t.equal(keyword(runtime, 'RUN').length, 0, 'nothing runs in it: no compiler, no package manager step')
  for (const { fromStage, sources } of runtimeCopies()) {
    if (fromStage === null) for (const source of sources) t.ok(existsSync(join(ROOT, source)), `${source} exists`)
  }
})

t.test('the fonts stage installs Debian\'s Noto CJK, where the app looks for it by default', async (t) => {
  const fonts = stages.find((stage) => stage.name === 'fonts') as Stage
  const runs = keyword(fonts, 'RUN').map((words) => words.join(' '))
  t.ok(runs.some((run) => /apt-get install -y --no-install-recommends fonts-noto-cjk/.test(run)), 'apt-get install fonts-noto-cjk')
  t.ok(runs.some((run) => /rm -rf \/var\/lib\/apt\/lists/.test(run)), 'without the package lists')
})

t.test('the cows stage installs Debian\'s cowsay, of which the runtime takes only the cow files', async (t) => {
  const cows = stages.find((stage) => stage.name === 'cows') as Stage
  const runs = keyword(cows, 'RUN').map((words) => words.join(' '))
  t.ok(runs.some((run) => /apt-get install -y --no-install-recommends cowsay/.test(run)), 'apt-get install cowsay')
  t.ok(runs.some((run) => /rm -rf \/var\/lib\/apt\/lists/.test(run)), 'without the package lists')
  t.same(runtimeCopies().filter(({ fromStage }) => fromStage === 'cows').map(({ sources }) => sources), [[DEBIAN_COWS]],
    'the directory the app reads by default, no Perl and no /usr/games/cowsay')
})

t.test('the runtime stage runs as the unprivileged node user, by number', async (t) => {
  // 1000 is the node user of the official image; runAsNonRoot needs a number to check.
  t.same(keyword(runtime, 'USER'), [['1000:1000']])
  const userAt = runtime.instructions.findIndex((instruction) => instruction.getKeyword() === 'USER')
  const lastCopyAt = runtime.instructions.findLastIndex((instruction) => instruction.getKeyword() === 'COPY')
  t.ok(userAt > lastCopyAt, 'after the files are copied, so they stay root-owned and read-only to the server')
  t.notOk(runtime.instructions.some((instruction) => instruction.getKeyword() === 'COPY' && /--chown/.test(instruction.getTextContent())),
    'no file handed to the server user')
})

t.test('node itself is the command, so SIGTERM reaches the server', async (t) => {
  const commands = keyword(runtime, 'CMD')
  t.equal(commands.length, 1)
  t.same(execForm(commands[0] ?? []), ['node', 'dist/server.js'], 'exec form: no shell, no npm in between')
  t.equal(keyword(runtime, 'ENTRYPOINT').length, 0)
  t.ok(existsSync(join(ROOT, 'src/server.ts')), 'dist/server.js is built from src/server.ts')
})

t.test('it listens on 0.0.0.0:$PORT and says so', async (t) => {
  const env = Object.fromEntries(keyword(runtime, 'ENV').flat().map((pair) => pair.split('=') as [string, string]))
  t.equal(env.HOST, '0.0.0.0')
  t.equal(env.PORT, '3000')
  t.equal(env.NODE_ENV, 'production')
  t.same(keyword(runtime, 'EXPOSE'), [['3000']])
})

t.test('HEALTHCHECK asks /healthz through dist/healthcheck.js', async (t) => {
  const [healthcheck] = keyword(runtime, 'HEALTHCHECK')
  t.equal(healthcheck?.[0], 'CMD')
  t.same(execForm(healthcheck?.slice(1) ?? []), ['node', 'dist/healthcheck.js'])
  t.ok(existsSync(join(ROOT, 'src/healthcheck.ts')), 'built from src/healthcheck.ts')
  t.match(readFileSync(join(ROOT, 'src/healthcheck.ts'), 'utf8'), /\/healthz/)
})

t.test('.dockerignore keeps everything out but what the Dockerfile copies from the context', async (t) => {
  const rules = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'))
  t.equal(rules[0], '*', 'everything out first: no .env, .git, node_modules or dist from the host')
  const letIn = rules.slice(1).map((rule) => {
    t.ok(rule.startsWith('!'), `${rule}: only exceptions after '*'`)
    return rule.slice(1)
  })
  const fromContext = stages.flatMap((stage) => stage.instructions)
    .filter((instruction) => instruction.getKeyword() === 'COPY' && !/--from=/.test(instruction.getTextContent()))
    .flatMap((instruction) => argumentsOf(instruction).slice(0, -1))
  t.same([...new Set(fromContext)].sort(), [...letIn].sort(), 'exactly the sources the COPY instructions name')
})

t.test('the image, the Procfile, npm start and the benchmark run with the same heap limits', async (t) => {
  const env = runtime.instructions.filter((instruction) => instruction.getKeyword() === 'ENV').map((instruction) => instruction.getTextContent()).join('\n')
  const limits = /NODE_OPTIONS="([^"]+)"/.exec(env)?.[1]
  t.match(limits, /--max-old-space-size=\d+/, 'the image sets a heap limit')
  const procfile = readFileSync(join(ROOT, 'Procfile'), 'utf8')
  t.equal(procfile, `web: node ${limits ?? '?'} dist/server.js\n`)
  const start = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start
  t.equal(start, `node scripts/build-if-stale.mjs && node ${limits ?? '?'} dist/server.js`, 'npm start: the same, after building if it must')
  t.match(readFileSync(join(ROOT, 'scripts/bench/bench.ts'), 'utf8'), `const NODE_OPTIONS = '${limits ?? '?'}'`)
})
