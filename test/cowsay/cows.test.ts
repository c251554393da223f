import t from 'tap'
import { MODES, type Action, type CowOptions } from '../../src/cowsay/index.js'

// The module is imported only after console.error is watched, so that a cow the package cannot
// parse would be noticed at load time too.
const consoleErrors: unknown[][] = []
const originalConsoleError = console.error
console.error = (...args: unknown[]) => { consoleErrors.push(args) }
const { DEFAULT_OPTIONS, isCow, listCows, renderCow } = await import('../../src/cowsay/index.js')
t.teardown(() => { console.error = originalConsoleError })

const LEFTOVERS = ['$the_cow', 'EOC', '$eyes', '$eye', '${eyes}', '$thoughts', '$tongue', '${tongue}', '\uE000', '\uE001', '\uE002', '\uE003', '\uFFFD']

t.test('listCows: the 190 drawings of the npm package, in alphabetical order whatever the case', async t => {
  const cows = listCows()
  t.equal(cows.length, 190)
  t.same(cows, [...cows].sort((a, b) => a.toLowerCase() < b.toLowerCase() ? -1 : 1))
  t.same(cows.slice(0, 3), ['ackbar', 'aperture', 'aperture-blank'], 'no capitalised name jumps the queue')
  t.ok(cows.indexOf('R2-D2') > cows.indexOf('pterodactyl') && cows.indexOf('R2-D2') < cows.indexOf('radio'), 'R2-D2 among the r\'s')
  for (const name of ['default', 'tux', 'dragon', 'ibm', 'yasuna_08']) t.ok(cows.includes(name), name)
  t.ok(Object.isFrozen(cows), 'callers cannot change it')
})

t.test('isCow says yes to listed names only', async t => {
  for (const name of listCows()) t.ok(isCow(name), name)
  const strangers = ['', 'Default', 'default ', 'default.cow', '../cows/default', './default', '/etc/passwd',
    'cows/default', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype', 'nosuchcow']
  for (const name of strangers) t.notOk(isCow(name), JSON.stringify(name))
})

t.test('every listed cow renders cleanly, saying and thinking, in every mode', async t => {
  const faces: Array<Partial<CowOptions>> = [{}, { eyes: 'ab', tongue: 'xy' }, ...MODES.map(mode => ({ mode }))]
  for (const cow of listCows()) {
    for (const action of ['say', 'think'] as Action[]) {
      for (const face of faces) {
        const output = renderCow('moo', { ...DEFAULT_OPTIONS, cow, action, ...face })
        const left = LEFTOVERS.filter(leftover => output.includes(leftover))
        if (left.length > 0 || !output.endsWith('\n')) t.fail(`${cow} ${action} ${JSON.stringify(face)}`, { left })
      }
    }
  }
  t.same(consoleErrors, [], 'nothing written to console.error')
})

t.test('ibm and yasuna_08 draw their picture, not their Perl source', async t => {
  for (const cow of ['ibm', 'yasuna_08']) {
    const drawing = renderCow('moo', { ...DEFAULT_OPTIONS, cow }).split('\n').slice(3).join('\n')
    t.notMatch(drawing, /\$the_cow|EOC|^##/m, cow)
    t.match(drawing, /^ {2}\\\n {3}\\\n/, `${cow} starts with the thought trail`)
  }
})

t.test('the face goes where the drawing asks for it', async t => {
  const face = (cow: string, options: Partial<CowOptions>, action: Action = 'say'): string =>
    renderCow('', { ...DEFAULT_OPTIONS, cow, action, ...options }).split('\n').slice(3).join('\n')
  const rows: Array<[name: string, cow: string, options: Partial<CowOptions>, expected: string]> = [
    ['$eyes and $tongue', 'default', { eyes: 'ab', tongue: 'xy' }, '(ab)\\_______\n            (__)\\       )\\/\\\n             xy ||'],
    ['greedy dollars survive $eyes', 'default', { mode: 'greedy' }, '($$)\\'],
    ['greedy dollars survive ${eyes}', 'sheep', { mode: 'greedy' }, 'U$$U\\'],
    ['greedy dollars survive $eye', 'tux', { mode: 'greedy' }, '|$_$ |'],
    ['$eye takes one eye each, $ or not', 'tux', { eyes: '$x' }, '|$_x |'],
    ['an emoji eye stays whole in $eye', 'tux', { eyes: '🐄👀' }, '|🐄_👀 |'],
    ['one eye fills $eyes alone', 'default', { eyes: 'o' }, '(o)\\_______'],
    ['a $ in the tongue is kept', 'default', { tongue: '$&' }, '             $& ||'],
    ['private-use eyes are not taken for our placeholders', 'tux', { eyes: '\uE001\uE000' }, '|\uE001_\uE000 |'],
    ['$thoughts is a backslash for say', 'default', {}, '        \\   ^__^\n         \\  (oo)']
  ]
  for (const [name, cow, options, expected] of rows) t.ok(face(cow, options).includes(expected), name)
  t.ok(face('default', {}, 'think').startsWith('        o   ^__^\n         o  (oo)'), '$thoughts is o for think')
})

t.test('renderCow refuses a name that is not a cow', async t => {
  for (const cow of ['__proto__', '../../../../etc/passwd', 'nosuchcow']) {
    t.throws(() => renderCow('moo', { ...DEFAULT_OPTIONS, cow }), RangeError, cow)
  }
})

t.test('prepareCow takes what the package can parse and refuses the rest', async t => {
  const { prepareCow } = await import('../../src/cowsay/cow-file.js')
  const body = '$thoughts\n($eyes)\n $tongue\n'
  const rows: Array<[name: string, source: string, say: string | undefined]> = [
    ['a plain heredoc', `$the_cow = <<EOC;\n${body}EOC\n`, '\\\n(\uE000\uE001)\n \uE002\uE003\n'],
    ['a quoted heredoc, CRLF', `$the_cow = <<"EOC";\r\n${body.replaceAll('\n', '\r\n')}EOC\r\n`, '\\\n(\uE000\uE001)\n \uE002\uE003\n'],
    ["ibm's header", `## c\n$the_cow = << EOC;\n${body}EOC\n`, '\\\n(\uE000\uE001)\n \uE002\uE003\n'],
    ["yasuna_08's header", `$the_cow << EOC;\n${body}EOC\n`, '\\\n(\uE000\uE001)\n \uE002\uE003\n'],
    ['Perl escapes', '$the_cow = <<EOC;\n\\\\ \\@ \\$\nEOC\n', '\\ @ $\n'],
    ['no heredoc at all', body, undefined],
    ['no EOC terminator', `$the_cow = <<EOC;\n${body}`, undefined],
    ['a terminator without its newline', `$the_cow = <<EOC;\n${body}EOC`, undefined],
    ['our placeholder characters in the drawing', `$the_cow = <<EOC;\n\uE000\nEOC\n`, undefined]
  ]
  for (const [name, source, say] of rows) t.equal(prepareCow(source)?.say, say, name)
  t.same(consoleErrors, [], 'refusing logs nothing')
})
