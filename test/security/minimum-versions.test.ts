import t from 'tap'
import { findBelowMinimum, missingFromLock, readJson, requiredFor, type LockFile, type Minimum } from '../../scripts/minimum-versions.js'

const lock = readJson<LockFile>('package-lock.json')
const { packages: minimums } = readJson<{ packages: Record<string, Minimum> }>('security/minimum-versions.json')

t.test('package-lock.json resolves nothing below the minimum safe versions', async (t) => {
  const below = findBelowMinimum(lock, minimums)
  t.same(below.map((entry) => `${entry.path}@${entry.version} < ${entry.required} (${entry.advisories.join('; ')})`), [],
    'raise the dependency, or pin the transitive copy with npm overrides')
  t.same(missingFromLock(lock, minimums), [], 'every listed package is still in the lock file')
  for (const [name, rule] of Object.entries(minimums)) {
    t.ok(rule.advisories.length > 0, `${name} names the advisories it answers`)
    t.ok(rule.minimum.length > 0, `${name} has a minimum`)
  }
  t.comment(`${Object.keys(minimums).length} packages checked: ${Object.keys(minimums).join(', ')}`)
})

t.test('the versions named in REFERENCE.md are on the list', async (t) => {
  for (const [name, version] of [['fastify', '5.8.1'], ['nunjucks', '3.2.4'], ['ansi-regex', '3.0.1']]) {
    t.ok(minimums[name]?.minimum.includes(version as string), `${name} ${version}`)
  }
})

t.test('a version is judged against its own major line', async (t) => {
  const cases: Array<[string, string[], string | null]> = [
    ['5.8.1', ['5.8.1'], null],
    ['5.12.8', ['5.8.1'], null],
    ['5.8.0', ['5.8.1'], '5.8.1'],
    ['4.29.0', ['5.8.1'], '5.8.1'],
    ['6.0.0', ['5.8.1'], null],
    ['3.0.0', ['3.0.1', '4.1.1', '5.0.1', '6.0.1'], '3.0.1'],
    ['4.1.0', ['3.0.1', '4.1.1', '5.0.1', '6.0.1'], '4.1.1'],
    ['5.0.1', ['3.0.1', '4.1.1', '5.0.1', '6.0.1'], null],
    ['2.1.1', ['3.0.1', '4.1.1', '5.0.1', '6.0.1'], '3.0.1'],
    ['6.6.0', ['3.0.1', '4.1.1', '5.0.1', '6.0.1'], null],
    ['8.2.1', ['8.2.2', '9.0.1'], '8.2.2'],
    ['9.0.0', ['8.2.2', '9.0.1'], '9.0.1'],
    ['7.0.0', ['8.2.2', '9.0.1'], '8.2.2'],
    ['0.6.0', ['0.7.0'], '0.7.0'],
    ['2.0.2', ['0.7.0'], null]
  ]
  for (const [version, listed, required] of cases) t.equal(requiredFor(version, listed), required, `${version} against ${listed.join(', ')}`)
})

t.test('the check fails on a lock file that resolves a vulnerable copy, wherever it sits', async (t) => {
  const vulnerable: LockFile = {
    packages: {
      '': {},
      'node_modules/fastify': { version: '5.7.0' },
      'node_modules/nunjucks': { version: '3.2.4' },
      'node_modules/cowsay/node_modules/ansi-regex': { version: '3.0.0' },
      'node_modules/ansi-regex': { version: '6.0.1' },
      'node_modules/find-my-way': { version: '9.0.0' }
    }
  }
  t.same(findBelowMinimum(vulnerable, minimums).map((entry) => `${entry.path}@${entry.version}<${entry.required}`), [
    'node_modules/fastify@5.7.0<5.8.1',
    'node_modules/cowsay/node_modules/ansi-regex@3.0.0<3.0.1',
    'node_modules/find-my-way@9.0.0<9.0.1'
  ])
  t.same(missingFromLock(vulnerable, minimums), ['ajv'], 'a stale list is reported too')
})
