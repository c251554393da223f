import t from 'tap'
import { readdirSync } from 'node:fs'
import { MODES, isCow, renderCow } from '../../src/cowsay/index.js'
import { DEBIAN_COWS, OFFENSIVE_COWS, cowSource, useCowPath } from '../../src/cowsay/cows.js'
import { PERL_COWSAY, commandLine, perlCowsayAll, withOptions, type Case } from '../support/perl-cowsay.js'
import { whenInstalled } from '../support/tools.js'

/*
 * Every one of Debian's cows, drawn from Debian's own file by our reader, against Perl running
 * the same file, seven cases each: saying and thinking, one line and several (three-eyes chops the eyes; calvin
 * prints `$.`, the number of lines Perl read), -n, -e and -T (with `$` and `@` in them, which
 * must not be interpolated again), one eye, an empty message, and each cow one of the eight
 * modes in turn.
 */
function casesFor (cows: readonly string[]): Case[] {
  return cows.flatMap((cow, index): Case[] => [
    ['moo', withOptions({ cow })],
    ['a message long enough to need three lines', withOptions({ cow, width: 16 })],
    ['one\ntwo\nthree\nfour', withOptions({ cow, action: 'think', nowrap: true })],
    ['moo', withOptions({ cow, eyes: '$@', tongue: '@$' })],
    ['moo', withOptions({ cow, action: 'think', eyes: 'o', tongue: 'U' })],
    ['moo', withOptions({ cow, mode: MODES[index % MODES.length] })],
    ['', withOptions({ cow, mode: 'dead' })]
  ])
}

whenInstalled(t, [PERL_COWSAY], () => {
  t.test('every Debian cow, from Debian\'s file, byte for byte', async t => {
    // cowsay-off, where it is installed, puts its cows in the same directory: drawn too, shown on purpose.
    useCowPath([DEBIAN_COWS], { offensive: true })
    t.teardown(() => useCowPath([DEBIAN_COWS]))
    const debianCows = readdirSync(DEBIAN_COWS).filter(file => file.endsWith('.cow')).map(file => file.slice(0, -4)).sort()
    const offensive = debianCows.filter(cow => Object.hasOwn(OFFENSIVE_COWS, cow))
    t.equal(debianCows.length - offensive.length, 47, 'Debian 12\'s cowsay ships 47 cows')
    t.ok(offensive.length === 0 || offensive.join() === 'beavis.zen,bong,mutilated', `and cowsay-off, where installed, 3 (here: ${offensive.length})`)
    t.same(debianCows.filter(cow => !isCow(cow) || cowSource(cow) !== 'debian'), [], 'each is in the catalogue as Debian\'s')
    const cases = casesFor(debianCows)
    const perl = await perlCowsayAll(cases)
    cases.forEach((testCase, index) => t.equal(renderCow(...testCase), perl[index], commandLine(testCase)))
  })
})
