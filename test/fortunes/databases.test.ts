import t, { type Test } from 'tap'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MAX_DATABASE_BYTES, loadDatabases } from '../../src/fortunes/databases.js'
import {
  databaseSize, dayPick, fortuneAt, isDatabase, listDatabases, randomFortune, readEntries, rot13, useFortunePath
} from '../../src/fortunes/index.js'
import { defaultCowPath, isOffensiveCow, listCows, useCowPath } from '../../src/cowsay/cows.js'

const directory = (t: Test, prefix: string): string => {
  const path = mkdtempSync(join(tmpdir(), prefix))
  t.teardown(() => rmSync(path, { recursive: true, force: true }))
  return path
}

t.test('readEntries separates entries as strfile does', async t => {
  const rows: Array<[source: string, entries: string[]]> = [
    ['one\n%\ntwo\nlines\n%\n', ['one', 'two\nlines']],
    ['no final delimiter\n%\nlast', ['no final delimiter', 'last']],
    ['%\n%\nafter empty ones\n%\n%\n', ['after empty ones']],
    ['a % inside\n%%\n 100%\n%\n', ['a % inside\n%%\n 100%']],
    ['blank line kept\n\n%\n\n%\n', ['blank line kept\n', '']],
    ['tab\tand \b backspace\n%\n', ['tab\tand \b backspace']],
    ['', []]
  ]
  for (const [source, entries] of rows) t.same(readEntries(source), entries, JSON.stringify(source))
})

t.test('rot13 decodes what strfile -x encodes, letters only', async t => {
  t.equal(rot13('Uryyb, Jbeyq! 42'), 'Hello, World! 42')
  t.equal(rot13(rot13('The quick brown fox jumps over the lazy dog')), 'The quick brown fox jumps over the lazy dog')
})

t.test('FORTUNE_PATH: the first directory holding a name wins, off/ is offensive and ROT13, bad files are left out and logged', async t => {
  const first = directory(t, 'fortunes-a-')
  const second = directory(t, 'fortunes-b-')
  writeFileSync(join(first, 'riddles'), 'Mine\n%\n')
  writeFileSync(join(first, 'office'), 'The printer is out of paper.\n%\nTea is in the kitchen.\n%\n')
  writeFileSync(join(second, 'office'), 'shadowed\n%\n')
  writeFileSync(join(second, 'office.dat'), Buffer.from([0, 0, 0, 2, 0, 0, 0, 1]))
  symlinkSync(join(first, 'office'), join(second, 'office.u8'))
  writeFileSync(join(second, 'README.md'), 'not a database')
  writeFileSync(join(second, 'binary'), Buffer.from([0x41, 0x00, 0x42]))
  writeFileSync(join(second, 'latin1'), Buffer.from([0x63, 0x61, 0x66, 0xE9, 0x0A]))
  writeFileSync(join(second, 'empty'), '%\n%\n')
  writeFileSync(join(second, 'huge'), Buffer.alloc(MAX_DATABASE_BYTES + 1, 'a'))
  writeFileSync(join(second, 'locked'), 'secret\n%\n')
  chmodSync(join(second, 'locked'), 0)
  mkdirSync(join(second, 'off'))
  writeFileSync(join(second, 'off', 'office'), `${rot13('Rude words here.')}\n%\n`)

  const { databases, refused } = loadDatabases([first, second])
  t.same(databases.get('office')?.entries, ['The printer is out of paper.', 'Tea is in the kitchen.'], 'the first directory wins')
  t.same(databases.get('riddles')?.entries, ['Mine'], 'an operator\'s database shadows a bundled one of its name')
  t.same(databases.get('office-o'), { name: 'office-o', offensive: true, entries: ['Rude words here.'] }, 'off/ read ROT13-decoded, named with -o')
  t.same(databases.get('fortunes')?.entries.length, 431, 'the bundled ones come after')
  for (const name of ['office.dat', 'office.u8', 'README.md', 'binary', 'latin1', 'empty', 'huge']) t.notOk(databases.has(name), `${name} is not served`)
  const reasons = Object.fromEntries(refused.map(({ file, reason }) => [file.slice(second.length + 1), reason]))
  t.match(reasons, {
    binary: 'the file holds NUL bytes: it is not text',
    latin1: 'the file is not UTF-8 text',
    empty: 'the file holds no fortune',
    huge: `the file is ${MAX_DATABASE_BYTES + 1} bytes; a database may have at most ${MAX_DATABASE_BYTES}`
  }, 'each left out with its path and reason, for the operator\'s log')
  // root reads a file whatever its mode: only where the process cannot is it refused.
  if (process.getuid?.() !== 0) t.match(reasons.locked, /^the file cannot be read \(EACCES\)$/)
  t.same([...databases.keys()], [...databases.keys()].sort(), 'sorted by name')
})

t.test('a request names a database only through the lookup; offensive ones only when shown', async t => {
  const path = directory(t, 'fortunes-off-')
  mkdirSync(join(path, 'off'))
  writeFileSync(join(path, 'off', 'limerick'), `${rot13('There once was a cow from Nantucket')}\n%\n`)
  t.teardown(() => useFortunePath([], false))

  t.same(useFortunePath([path], false), [])
  t.same(listDatabases(), [
    { name: 'fortunes', count: 431, offensive: false },
    { name: 'literature', count: 262, offensive: false },
    { name: 'riddles', count: 128, offensive: false }
  ], 'the bundled fortunes-min: 821 fortunes in three databases; off/ hidden')
  t.notOk(isDatabase('limerick-o'))
  for (const name of ['', '__proto__', 'constructor', '../fortunes/fortunes', '/usr/share/games/fortunes/fortunes', 'fortunes.dat', 'Fortunes']) {
    t.notOk(isDatabase(name), JSON.stringify(name))
    t.equal(fortuneAt(name, 1), undefined)
  }
  t.same(fortuneAt('riddles', 1), { database: 'riddles', index: 1, text: 'FORTUNE PROVIDES QUESTIONS FOR THE GREAT ANSWERS: #13\nA:\tDoc, Happy, Bashful, Dopey, Sneezy, Sleepy, & Grumpy\nQ:\tWho were the Democratic presidential candidates?' }, 'counting from 1, without the final newline')
  t.equal(fortuneAt('riddles', 128)?.text.endsWith('IBM compatible.'), true, 'the last one')
  for (const index of [0, -1, 129, 1.5, Number.NaN]) t.equal(fortuneAt('riddles', index), undefined, String(index))
  t.equal(databaseSize('riddles'), 128)

  useFortunePath([path], true)
  t.same(fortuneAt('limerick-o', 1), { database: 'limerick-o', index: 1, text: 'There once was a cow from Nantucket' }, 'OFFENSIVE=on serves it, decoded')
  t.equal(listDatabases().length, 4)
})

t.test('randomFortune: every fortune equally likely, ?db= and ?short=1 narrow the choice', async t => {
  useFortunePath([], false)
  const at = (fraction: number) => () => fraction
  t.same(randomFortune({}, at(0)), fortuneAt('fortunes', 1), 'the first of all')
  t.same(randomFortune({}, at(0.999999)), fortuneAt('riddles', 128), 'the last of all')
  t.same(randomFortune({}, at(431.5 / 821)), fortuneAt('literature', 1), 'each fortune one slot of 821, not each file')
  t.same(randomFortune({ database: 'riddles' }, at(0.5)), fortuneAt('riddles', 65))
  for (let step = 0; step < 100; step++) {
    const short = randomFortune({ short: true }, at(step / 100))
    t.ok(short !== undefined && [...short.text].length <= 160, `short ${step}`)
  }
  t.equal(randomFortune({ database: 'nosuch' }), undefined)
})

t.test('the day\'s pick comes from the date alone, never an offensive cow', async t => {
  useFortunePath([], false)
  const first = dayPick('2026-12-06')
  t.same(dayPick('2026-12-06'), first, 'the same day, the same pick')
  const days = Array.from({ length: 60 }, (_, n) => dayPick(new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10)))
  t.ok(new Set(days.map((day) => day.cow)).size > 30, 'the cows vary from day to day')
  t.ok(new Set(days.map((day) => `${day.fortune.database}/${day.fortune.index}`)).size > 50, 'and the fortunes')
  t.ok(listCows().includes(first.cow))
  t.same(fortuneAt(first.fortune.database, first.fortune.index), first.fortune)

  const path = directory(t, 'fortunes-day-')
  mkdirSync(join(path, 'off'))
  writeFileSync(join(path, 'off', 'aaa'), 'n\n%\n'.repeat(10_000))
  useFortunePath([path], true)
  useCowPath(defaultCowPath(), { offensive: true })
  t.teardown(() => { useFortunePath([], false); useCowPath(defaultCowPath()) })
  const shown = Array.from({ length: 400 }, (_, n) => dayPick(new Date(Date.UTC(2020, 0, 1 + n)).toISOString().slice(0, 10)))
  t.same(shown.filter((day) => isOffensiveCow(day.cow) || day.fortune.database.endsWith('-o')), [], 'not even when the operator shows them')
  t.same(dayPick('2026-12-06'), first, 'and showing them does not change any day\'s pick')
})
