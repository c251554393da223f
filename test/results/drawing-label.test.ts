import t from 'tap'
import { DEFAULT_OPTIONS } from '../../src/cowsay/index.js'
import { drawingLabel } from '../../src/results/drawings.js'

t.test('drawingLabel: who says or thinks what, in words', async (t) => {
  const cases: Array<[string, Partial<typeof DEFAULT_OPTIONS>, string]> = [
    ['moo', {}, 'The cow says: moo'],
    ['Hello', { cow: 'tux', action: 'think' }, 'The tux thinks: Hello'],
    ['line one\nline two', { cow: 'dragon' }, 'The dragon says: line one\nline two']
  ]
  for (const [text, options, expected] of cases) t.equal(drawingLabel(text, { ...DEFAULT_OPTIONS, ...options }), expected)
})
