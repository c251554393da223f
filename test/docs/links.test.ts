import t from 'tap'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { anchors, brokenLinks, markdownFiles, slug } from '../support/markdown.js'
import { ROOT } from '../support/node-server.js'

/*
 * Every relative link and #anchor in the repository's Markdown resolves: the
 * file exists, the heading is there under GitHub's slug. Nothing is fetched.
 */

t.test('every relative link and anchor in the Markdown files resolves', async (t) => {
  const files = markdownFiles(ROOT)
  t.ok(files.includes('README.md') && files.includes('docs/api.md') && files.includes('CONTRIBUTING.md'), `the files: ${files.join(', ')}`)
  const { checked, problems } = brokenLinks(ROOT, files)
  t.ok(checked >= 100, `${checked} links read`)
  t.strictSame(problems, [], 'no broken link or anchor')
})

t.test('the README links every page under docs/', async (t) => {
  const pages = markdownFiles(ROOT).filter((file) => file.startsWith('docs/'))
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  t.ok(readme.split('\n').length <= 300, 'README.md is at most 300 lines')
  for (const page of pages) t.match(readme, `](${page})`, `README.md links ${page}`)
})

t.test("headings' anchors as GitHub makes them", async (t) => {
  const cases: Array<[string, string]> = [
    ['docker compose: nginx in front', 'docker-compose-nginx-in-front'],
    ['A PaaS (Heroku and the like)', 'a-paas-heroku-and-the-like'],
    ['Pictures: SVG and PNG', 'pictures-svg-and-png'],
    ['`npm test`, step by step', 'npm-test-step-by-step'],
    ['Cow files are read, never run', 'cow-files-are-read-never-run'],
    ['[1.0.0] - 2026-12-01', '100---2026-12-01'],
    ['**Bold** and _emphasis_', 'bold-and-emphasis'],
    ['Node.js 20 — and 24', 'nodejs-20--and-24']
  ]
  for (const [heading, anchor] of cases) t.equal(slug(heading), anchor, heading)
  t.same([...anchors('# A\n\n## A\n\n```\n# not a heading\n```\n\n## A\n')], ['a', 'a-1', 'a-2'], 'repeats numbered; code is no heading')
})

t.test('the checker finds what is broken', async (t) => {
  const dir = t.testdir({ docs: {} })
  writeFileSync(join(dir, 'docs/page.md'), '# Page\n\n## Real heading\n')
  writeFileSync(join(dir, 'README.md'), [
    '# Readme',
    '[fine](docs/page.md#real-heading) [self](#readme) [web](https://example.com/x#y) `[code](nowhere.md)`',
    '[missing file](docs/nope.md)',
    '[missing anchor](docs/page.md#imagined)',
    '[missing own anchor](#nothing-here)',
    '```',
    '[in a code block](ignored.md)',
    '```'
  ].join('\n'))
  const { checked, problems } = brokenLinks(dir, ['README.md'])
  t.equal(checked, 6, 'the links outside code')
  t.match(problems, [
    /^README\.md:3: docs\/nope\.md: docs\/nope\.md does not exist$/,
    /^README\.md:4: docs\/page\.md#imagined: #imagined is no heading of docs\/page\.md/,
    /^README\.md:5: #nothing-here: #nothing-here is no heading of README\.md/
  ])
  t.equal(problems.length, 3)
})
