import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { renderCow } from '../../src/cowsay/index.js'
import { readEntries } from '../../src/fortunes/index.js'
import { FORTUNES_DIR } from '../../src/paths.js'
import { PERL_COWSAY, commandLine, perlCowsayAll, withOptions, type Case } from '../support/perl-cowsay.js'
import { installedAt, whenInstalled } from '../support/tools.js'

/*
 * The bundled databases are Debian's fortunes-min, byte for byte; strfile's own index (.dat)
 * separates them as our reader does; and every fortune of them, drawn as `fortune | cowsay -n`
 * (the default: fortunes are laid out by hand) and as `fortune | cowsay` (nowrap=0), is Perl
 * cowsay's drawing byte for byte.
 */
const DEBIAN_FORTUNES = '/usr/share/games/fortunes'
const FORTUNES_MIN = installedAt(join(DEBIAN_FORTUNES, 'fortunes.dat'), 'install Debian\'s fortunes-min: apt-get install fortunes-min')
const DATABASES = ['fortunes', 'literature', 'riddles']

/** What strfile wrote in a .dat: how many entries, and where each starts in the text. */
function strfileIndex (dat: Buffer): { count: number, offsets: number[] } {
  const count = dat.readUInt32BE(4)
  // The header is 24 bytes (version, count, longest, shortest, flags, delimiter and padding).
  const offsets = Array.from({ length: count + 1 }, (_, at) => dat.readUInt32BE(24 + at * 4))
  return { count, offsets }
}

whenInstalled(t, [FORTUNES_MIN], () => {
  t.test('the bundled databases are Debian\'s, and strfile separates them as we do', async t => {
    let total = 0
    for (const name of DATABASES) {
      const bundled = readFileSync(join(FORTUNES_DIR, name))
      t.ok(bundled.equals(readFileSync(join(DEBIAN_FORTUNES, name))), `${name}: the bundled copy is Debian's file`)
      const entries = readEntries(bundled.toString('utf8'))
      const { count, offsets } = strfileIndex(readFileSync(join(DEBIAN_FORTUNES, `${name}.dat`)))
      t.equal(entries.length, count, `${name}: ${count} entries, as strfile counted them`)
      const apart = entries.map((_, at) => bundled.subarray(offsets[at], offsets[at + 1]).toString('utf8'))
      t.same(apart, entries.map((entry) => `${entry}\n%\n`), `${name}: each entry where strfile's index says it starts`)
      total += count
    }
    t.equal(total, 821, 'fortunes-min holds 431 + 262 + 128 fortunes')
  })

  whenInstalled(t, [PERL_COWSAY], () => {
    t.test('every fortune drawn as Perl cowsay draws it, with -n and re-wrapped', async t => {
      const cases = DATABASES.flatMap((name): Case[] =>
        readEntries(readFileSync(join(DEBIAN_FORTUNES, name), 'utf8')).flatMap((text): Case[] => [
          [text, withOptions({ nowrap: true })],
          [text, withOptions({})]
        ]))
      const perl = await perlCowsayAll(cases)
      const wrong = cases.filter((testCase, at) => renderCow(...testCase) !== perl[at]).map(commandLine)
      t.same(wrong, [], `${cases.length} drawings, each Perl's byte for byte`)
    })
  })
})
