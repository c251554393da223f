import t from 'tap'
import { MODES } from '../../src/cowsay/index.js'
import { faceFor } from '../../src/cowsay/faces.js'

t.test('a mode wins over the eyes; only dead and stoned change the tongue', async t => {
  // As /usr/games/cowsay -e ab -T xy -<flag> draws it.
  const expected = {
    borg: { eyes: '==', tongue: 'xy' },
    dead: { eyes: 'xx', tongue: 'U ' },
    greedy: { eyes: '$$', tongue: 'xy' },
    paranoid: { eyes: '@@', tongue: 'xy' },
    stoned: { eyes: '**', tongue: 'U ' },
    tired: { eyes: '--', tongue: 'xy' },
    wired: { eyes: 'OO', tongue: 'xy' },
    youthful: { eyes: '..', tongue: 'xy' }
  }
  t.same(Object.keys(expected), [...MODES])
  for (const mode of MODES) {
    t.same(faceFor({ mode, eyes: 'ab', tongue: 'xy' }), expected[mode], mode)
  }
})

t.test('without a mode the given face is used, cut to two code points', async t => {
  const rows: Array<[eyes: string, tongue: string, expected: { eyes: string, tongue: string }]> = [
    ['oo', '  ', { eyes: 'oo', tongue: '  ' }],
    ['ab', 'xy', { eyes: 'ab', tongue: 'xy' }],
    ['abc', 'xyz', { eyes: 'ab', tongue: 'xy' }],
    ['o', 'U', { eyes: 'o', tongue: 'U' }],
    ['🐄🐄🐄', '🎉', { eyes: '🐄🐄', tongue: '🎉' }],
    ['$$', '$', { eyes: '$$', tongue: '$' }]
  ]
  for (const [eyes, tongue, face] of rows) {
    t.same(faceFor({ mode: null, eyes, tongue }), face, `${eyes} ${tongue}`)
  }
})
