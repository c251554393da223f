import t from 'tap'
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MODES, type Action, type CowOptions } from '../../src/cowsay/index.js'
import { BUNDLED_COWS, DEBIAN_COWS, OFFENSIVE_COWS, byName, cowSource, isOffensiveCow, loadCatalogue, useCowPath } from '../../src/cowsay/cows.js'

// The module is imported only after console.error is watched: reading the cows must not log.
const consoleErrors: unknown[][] = []
const originalConsoleError = console.error
console.error = (...args: unknown[]) => { consoleErrors.push(args) }
const { DEFAULT_OPTIONS, isCow, listCows, renderCow } = await import('../../src/cowsay/index.js')
t.teardown(() => { console.error = originalConsoleError })

const LEFTOVERS = ['$the_cow', 'EOC', '$eyes', '$eye', '${eyes}', '$thoughts', '$tongue', '${tongue}', '\uFFFD']
/** The cows a directory holds that are shown by default (Debian's cowsay-off may share Debian's directory). */
const cowNames = (directory: string): string[] => readdirSync(directory).filter(file => file.endsWith('.cow')).map(file => file.slice(0, -4)).filter(cow => !isOffensiveCow(cow)).sort()

t.test('listCows: Debian\'s cows when installed, then the bundled collection, in alphabetical order whatever the case', async t => {
  const cows = listCows()
  const expected = [...new Set([...(existsSync(DEBIAN_COWS) ? cowNames(DEBIAN_COWS) : []), ...cowNames(BUNDLED_COWS)])].sort(byName)
  t.same(cows, expected)
  t.same(cows, [...cows].sort((a, b) => a.toLowerCase() < b.toLowerCase() ? -1 : 1))
  t.same(cows.slice(0, 3), ['ackbar', 'aperture', 'aperture-blank'], 'no capitalised name jumps the queue')
  t.ok(cows.indexOf('R2-D2') > cows.indexOf('pterodactyl') && cows.indexOf('R2-D2') < cows.indexOf('radio'), 'R2-D2 among the r\'s')
  t.ok(Object.isFrozen(cows), 'callers cannot change it')
  for (const name of ['default', 'tux', 'dragon', 'ibm', 'yasuna_08', 'cake', 'golden-eagle']) t.ok(cows.includes(name), name)
  if (existsSync(DEBIAN_COWS)) {
    const debian = cowNames(DEBIAN_COWS)
    t.equal(debian.length, 47, 'Debian 12\'s cowsay ships 47 cows (cowsay-off\'s, where installed, are hidden)')
    t.equal(cows.length, 186 + 13, '186 bundled shown and the 13 Debian cows npm lacks')
    t.same(cows.filter(cow => cowSource(cow) === 'debian'), debian, 'every Debian name is Debian\'s original')
    t.equal(cows.filter(cow => cowSource(cow) === 'bundled').length, 186 - (47 - 13))
  } else {
    t.equal(cows.length, 186, 'the bundled collection\'s 190 but the 4 hidden')
  }
})

t.test('the offensive cows are hidden unless the operator shows them', async t => {
  t.same(Object.keys(OFFENSIVE_COWS).sort(), ['beavis.zen', 'bong', 'mutilated', 'telebears'])
  t.equal(readdirSync(BUNDLED_COWS).filter(file => file.endsWith('.cow')).length - cowNames(BUNDLED_COWS).length, 4, 'the bundled collection carries all four')
  for (const cow of Object.keys(OFFENSIVE_COWS)) {
    t.notOk(listCows().includes(cow), `${cow} is not listed`)
    t.notOk(isCow(cow), `${cow} is not a cow by name`)
    t.throws(() => renderCow('moo', { ...DEFAULT_OPTIONS, cow }), RangeError, `${cow} cannot be drawn`)
  }
  const shown = loadCatalogue(existsSync(DEBIAN_COWS) ? [DEBIAN_COWS] : [], { offensive: true })
  t.same(Object.keys(OFFENSIVE_COWS).filter(cow => !shown.names.includes(cow)), [], 'OFFENSIVE=on shows every one')
  t.equal(shown.names.length, listCows().length + 4)
  t.match(shown.entries.get('bong')?.cow.draw({ eyes: 'oo', tongue: '  ', thoughts: '\\', messageLines: 1 }) ?? '', /\(oo\)/, 'and draws them')
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
        // meow writes \$eye, which Perl draws as it is.
        const left = LEFTOVERS.filter(leftover => output.replace('/$eye"', '').includes(leftover))
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
    ['$eye takes one eye each (npm\'s cat2)', 'cat2', { eyes: '$x' }, '=) $Yx (='],
    ['$eye ends after eye (npm\'s kitty)', 'kitty', { eyes: 'ab' }, '` a_ b  )'],
    ['an emoji eye stays whole in $eye (npm\'s bearface)', 'bearface', { eyes: '🐄👀' }, '/     🐄}      {👀     \\'],
    ['one eye fills $eyes alone', 'default', { eyes: 'o' }, '(o)\\_______'],
    ['a $ in the tongue is kept', 'default', { tongue: '$&' }, '             $& ||'],
    ['$thoughts is a backslash for say', 'default', {}, '        \\   ^__^\n         \\  (oo)'],
    ['three-eyes gets a third eye', 'three-eyes', { eyes: 'ab' }, '(abb)']
  ]
  for (const [name, cow, options, expected] of rows) {
    if (!isCow(cow)) continue
    t.ok(face(cow, options).includes(expected), name)
  }
  t.ok(face('default', {}, 'think').startsWith('        o   ^__^\n         o  (oo)'), '$thoughts is o for think')
})

t.test('renderCow refuses a name that is not a cow', async t => {
  for (const cow of ['__proto__', '../../../../etc/passwd', 'nosuchcow']) {
    t.throws(() => renderCow('moo', { ...DEFAULT_OPTIONS, cow }), RangeError, cow)
  }
})

t.test('COWPATH: the first directory holding a name wins; each cow knows where it comes from', async t => {
  const first = mkdtempSync(join(tmpdir(), 'cowpath-a-'))
  const second = mkdtempSync(join(tmpdir(), 'cowpath-b-'))
  t.teardown(() => { rmSync(first, { recursive: true, force: true }); rmSync(second, { recursive: true, force: true }) })
  const cow = (word: string): string => `$the_cow = <<EOC;\n  $thoughts\n  ${word}\nEOC\n`
  writeFileSync(join(first, 'default.cow'), cow('first'))
  writeFileSync(join(first, 'mine.cow'), cow('mine'))
  writeFileSync(join(second, 'mine.cow'), cow('second'))
  writeFileSync(join(second, 'theirs.cow'), cow('theirs'))
  writeFileSync(join(second, 'broken.cow'), `## a hostile one\nsystem("id");\n${cow('x')}`)
  writeFileSync(join(second, 'not a name.cow'), cow('x'))
  writeFileSync(join(second, 'notes.txt'), 'not a cow')
  symlinkSync(first, join(second, 'directory.cow'))

  const catalogue = loadCatalogue([first, second])
  const draw = (name: string): string | undefined =>
    catalogue.entries.get(name)?.cow.draw({ eyes: 'oo', tongue: '  ', thoughts: '\\', messageLines: 1 })
  t.equal(draw('default'), '  \\\n  first\n', 'the operator\'s default shadows the bundled one')
  t.equal(draw('mine'), '  \\\n  mine\n', 'the first directory wins')
  t.equal(draw('theirs'), '  \\\n  theirs\n')
  t.same(['default', 'mine', 'theirs', 'tux'].map(name => catalogue.entries.get(name)?.source), ['local', 'local', 'local', 'bundled'])
  for (const name of ['broken', 'not a name', 'notes', 'directory']) t.notOk(catalogue.entries.has(name), `${name} is not a cow`)
  t.same(catalogue.refused, [
    { file: join(second, 'broken.cow'), reason: 'line 2: `system` runs a command' },
    { file: join(second, 'not a name.cow'), reason: 'the name is not a cow name (letters, digits and _ . + -, at most 64)' }
  ], 'refused files are reported by path and reason, for the operator')

  if (existsSync(DEBIAN_COWS)) {
    t.equal(loadCatalogue([DEBIAN_COWS]).entries.get('tux')?.source, 'debian')
    t.equal(loadCatalogue([]).entries.get('tux')?.source, 'bundled', 'an empty COWPATH leaves the bundled collection')
  }

  const refused = useCowPath([first])
  t.same(refused, [])
  t.equal(cowSource('mine'), 'local', 'useCowPath changes the process\'s catalogue')
  t.ok(renderCow('moo', { ...DEFAULT_OPTIONS, cow: 'default' }).endsWith('  first\n'))
})
