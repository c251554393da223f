import t from 'tap'
import { DEFAULT_OPTIONS, renderCow } from '../../src/cowsay/index.js'
import { columnsClass } from '../../src/results/drawings.js'
import { build } from '../helper.js'

t.test('columnsClass: the widest line in display columns, rounded up to a step of ten', async (t) => {
  const cases: Array<[string, string]> = [
    ['', 'cols-40'],
    ['x', 'cols-40'],
    ['x'.repeat(40), 'cols-40'],
    ['x'.repeat(41), 'cols-50'],
    ['short\n' + 'x'.repeat(75) + '\nshort', 'cols-80'],
    ['中'.repeat(30), 'cols-60'],
    ['🐄'.repeat(26), 'cols-60'],
    ['x'.repeat(240), 'cols-240'],
    ['x'.repeat(1000), 'cols-240']
  ]
  for (const [drawing, expected] of cases) t.equal(columnsClass(drawing), expected, `${Array.from(drawing).length} characters`)
  t.equal(columnsClass(renderCow('moo', { ...DEFAULT_OPTIONS, cow: 'weeping-angel' })), 'cols-120', 'the widest cow')
})

t.test('the stylesheet has a rule for every class columnsClass gives', async (t) => {
  const app = await build(t)
  const page = (await app.inject({ url: '/' })).body
  const css = (await app.inject({ url: /href="(\/static\/css\/site\.[0-9a-f]{10}\.css)"/.exec(page)?.[1] ?? '' })).body
  for (let columns = 40; columns <= 240; columns += 10) {
    t.match(css, `.cols-${columns} { --columns: ${columns}; }`, `cols-${columns}`)
  }
})
