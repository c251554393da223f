import t from 'tap'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from '../helper.js'
import { PAGES } from '../support/pages.js'
import { whenInstalled } from '../support/tools.js'

// The Nu Html Checker, as the vnu-jar package ships it; it runs on the machine's Java.
const VNU_JAR = String(createRequire(import.meta.url)('vnu-jar'))
const FAVICON = fileURLToPath(new URL('../../public/img/favicon.svg', import.meta.url))
const JAVA = { installed: spawnSync('java', ['-version']).status === 0, hint: 'Java is needed for the Nu Html Checker (vnu-jar): apt-get install default-jre-headless' }

interface VnuMessage {
  type: string
  subType?: string
  url: string
  lastLine?: number
  message: string
}

whenInstalled(t, [JAVA], () => {
  t.test('every page is valid HTML according to the Nu Html Checker', async (t) => {
    const app = await build(t)
    const folder = mkdtempSync(join(tmpdir(), 'cowsay-pages-'))
    t.teardown(() => rmSync(folder, { recursive: true, force: true }))
    const files = new Map<string, string>()
    for (const [index, { name, path, status }] of PAGES.entries()) {
      const response = await app.inject({ url: path, headers: { accept: 'text/html' } })
      t.equal(response.statusCode, status, `${name}: ${status}`)
      const file = join(folder, `page-${index}.html`)
      writeFileSync(file, response.body)
      files.set(`file:${file}`, name)
    }
    files.set(`file:${FAVICON}`, 'the logo')

    // One Java process for every file: the JVM's start is most of the time.
    const run = spawnSync('java', ['-jar', VNU_JAR, '--format', 'json', '--also-check-svg', ...[...files.keys()].map((url) => url.slice(5))], { encoding: 'utf8' })
    const { messages } = JSON.parse(run.stderr) as { messages: VnuMessage[] }
    for (const [url, name] of files) {
      const found = messages.filter((message) => message.url === url)
        .map((message) => `${message.subType ?? message.type} at line ${message.lastLine ?? '?'}: ${message.message}`)
      t.same(found, [], `${name}: no error, no warning`)
    }
    t.equal(messages.filter((message) => !files.has(message.url)).length, 0, 'nothing else reported')
    t.equal(run.status, 0, 'the checker is satisfied')
  })
})
