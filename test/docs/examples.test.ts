import t, { type Test } from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildApp } from '../../src/app.js'
import { testConfig } from '../support/config.js'
import { examples, markdownFiles, type Example } from '../support/markdown.js'
import { ROOT } from '../support/node-server.js'

/*
 * The answers the docs show are the app's: each `<!-- example ... -->` comment
 * names a request, and the fenced block after it is what the app must answer
 * (CONTRIBUTING.md, "A documented example"). Chat replies, which need signed
 * requests, are checked by each platform's route suite (docsExample).
 */

/** The block as the answer it stands for: a shown `$ command` line is not part of it. */
const shownAnswer = (example: Example): string => example.shown.replace(/^\$ .*\n/, '')

/** Whether the app's answer is the one shown: JSON by value (a block may be indented), anything else exactly. */
function compare (t: Test, example: Example, status: number, body: string): void {
  const name = `${example.file}:${example.line}: ${example.method} ${example.url}`
  if (example.language === 'json') {
    t.strictSame(JSON.parse(body), JSON.parse(example.shown), `${name}: ${status}, the JSON shown`)
  } else {
    t.equal(body.replace(/\n$/, ''), shownAnswer(example), `${name}: ${status}, the text shown`)
  }
}

const documented = markdownFiles(ROOT).flatMap((file) => examples(file, readFileSync(join(ROOT, file), 'utf8')))

t.test('every documented example is the answer the app gives', async (t) => {
  t.ok(documented.length >= 3, `${documented.length} examples: ${documented.map((example) => `${example.file}:${example.line}`).join(', ')}`)
  const app = await buildApp(testConfig({ publicUrl: 'https://cowsay.example' }))
  t.teardown(() => app.close())
  for (const example of documented) {
    const response = await app.inject({ method: example.method as 'GET', url: example.url, headers: example.headers, ...(example.body === undefined ? {} : { payload: example.body }) })
    compare(t, example, response.statusCode, response.body)
  }
})

t.test('an example comment reads as an HTTP request', async (t) => {
  const [single, multi, post] = examples('x.md', [
    '<!-- example: GET /say/moo?format=json -->',
    '```json',
    '{}',
    '```',
    '<!-- example',
    'GET /say/Hello',
    'User-Agent: curl/8.14.1',
    'Accept: text/plain',
    '-->',
    '',
    '```console',
    '$ curl http://localhost:3000/say/Hello',
    ' moo',
    '```',
    '````markdown',
    '<!-- example: GET /in/a/code/block -->',
    '```',
    'not an example',
    '```',
    '````',
    '<!-- example',
    'POST /say',
    'Content-Type: application/json',
    '',
    '{"text": "hi"}',
    '-->',
    '```text',
    'hi',
    '```'
  ].join('\n'))
  t.match(single, { line: 1, method: 'GET', url: '/say/moo?format=json', headers: {}, language: 'json', shown: '{}' })
  t.match(multi, { line: 5, url: '/say/Hello', headers: { 'user-agent': 'curl/8.14.1', accept: 'text/plain' }, language: 'console', shown: '$ curl http://localhost:3000/say/Hello\n moo' })
  t.match(post, { method: 'POST', url: '/say', headers: { 'content-type': 'application/json' }, body: '{"text": "hi"}', language: 'text' })
  t.equal(examples('x.md', '<!-- example: GET /a -->\n```\n```\n````\n<!-- example: GET /b -->\n````').length, 1, 'a comment in a code block is no example')
  t.throws(() => examples('x.md', 'text\n<!-- example: GET /say/moo -->\nno block\n'), /x\.md:2: an example comment must be followed by a fenced code block/)
  t.throws(() => examples('x.md', '<!-- example: moo -->\n```\n```\n'), /x\.md:1: an example comment must start with METHOD \/path/)
})
