import t from 'tap'
import { spawnSync } from 'node:child_process'
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from '../support/node-server.js'
import { IN_CI } from '../support/tools.js'

const SECRETLINT = join(ROOT, 'node_modules', '.bin', 'secretlint')
const CONFIG = join(ROOT, '.secretlintrc.json')

function scan (cwd: string, files: string[]): { status: number | null, output: string } {
  const result = spawnSync(SECRETLINT, ['--secretlintrc', CONFIG, '--secretlintignore', join(ROOT, '.secretlintignore'), ...files], { cwd, encoding: 'utf8', timeout: 60_000 })
  return { status: result.status, output: result.stdout + result.stderr }
}

t.before(() => {
  if (!existsSync(SECRETLINT)) throw new Error('secretlint is missing: run `npm ci` (it is a devDependency)')
})

t.test('no committed file holds a secret (npm run scan:secrets)', async (t) => {
  const listed = spawnSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
  if (listed.status !== 0) {
    if (IN_CI) throw new Error(`git ls-files failed; CI needs a git checkout: ${listed.stderr}`)
    t.plan(0, 'not a git checkout: cannot tell which files are committed (CI fails here instead)')
    return
  }
  const files = listed.stdout.split('\0').filter((file) => file !== '' && existsSync(join(ROOT, file)))
  const { status, output } = scan(ROOT, files)
  t.equal(status, 0, `secretlint passes over ${files.length} committed files${status === 0 ? '' : ':\n' + output}`)
})

t.test('the scanner catches planted secrets (made up here, so none is committed)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'secret-scan-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  // Assembled at run time so that this file itself does not match.
  const hex = (bytes: number): string => randomBytes(bytes).toString('hex')
  const planted: Record<string, string> = {
    '.env': 'PORT=3000\n',
    'config/slack.ts': `export const env = { SLACK_SIGNING_SECRET: '${hex(16)}' }\n`,
    'deploy/app.env.sh': `export SLACK_SIGNING_SECRET=${hex(16)}\n`,
    'notes/bot.md': `token: ${['xo', 'xb'].join('')}-${'1'.repeat(12)}-${'2'.repeat(13)}-${'a'.repeat(24)}\n`,
    '.npmrc': `//registry.npmjs.org/:_authToken=${['np', 'm_'].join('')}${'A1b2'.repeat(9)}\n`,
    'keys/server.pem': generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()
  }
  for (const [file, content] of Object.entries(planted)) {
    mkdirSync(join(dir, file, '..'), { recursive: true })
    writeFileSync(join(dir, file), content)
  }
  writeFileSync(join(dir, 'clean.md'), 'SLACK_SIGNING_SECRET= (set it in the environment)\n')

  const dirty = scan(dir, [...Object.keys(planted), 'clean.md'])
  t.equal(dirty.status, 1, 'secretlint fails')
  for (const file of Object.keys(planted)) t.match(dirty.output, file, `it names ${file}`)
  t.notMatch(dirty.output, 'clean.md', 'and not the clean file')
  for (const content of Object.values(planted)) {
    const secret = /[=:] ?'?([\w-]{20,})/.exec(content)?.[1]
    if (secret !== undefined) t.notMatch(dirty.output, secret, 'the report masks the secret')
  }
  t.equal(scan(dir, ['clean.md']).status, 0, 'a clean file passes')
})
