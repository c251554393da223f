import t, { type Test } from 'tap'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_OPTIONS, listCows, pickRandomCow, renderCow } from '../../src/cowsay/index.js'
import { DEBIAN_COWS, OFFENSIVE_COWS, cowSource } from '../../src/cowsay/cows.js'
import { dayPick, rot13 } from '../../src/fortunes/index.js'
import { ACCEPT, build } from '../helper.js'
import { hasTool, installedAt } from '../support/tools.js'

/*
 * Content the operator chooses: what Debian calls offensive is hidden everywhere by default and
 * shown with OFFENSIVE=on, the cows (Debian's cowsay-off and telebears) and the fortune databases
 * under off/.
 */
const HIDDEN = Object.keys(OFFENSIVE_COWS)
const COWSAY_OFF = installedAt(join(DEBIAN_COWS, 'bong.cow'), 'install Debian\'s offensive cows: apt-get install cowsay-off')

function offensiveDatabase (t: Test): string {
  const directory = mkdtempSync(join(tmpdir(), 'fortune-path-'))
  t.teardown(() => rmSync(directory, { recursive: true, force: true }))
  mkdirSync(join(directory, 'off'))
  writeFileSync(join(directory, 'off', 'limerick'), `${rot13('A rude limerick, decoded.')}\n%\n`)
  return directory
}

t.test('by default the offensive cows are hidden everywhere, and answered as unknown cows', async t => {
  const app = await build(t, { fortunePath: [offensiveDatabase(t)] })
  const listed = (await app.inject({ url: '/cows', headers: { accept: ACCEPT.json } })).json<{ cows: string[] }>().cows
  t.same(listed.filter((cow) => HIDDEN.includes(cow)), [], 'not listed in /cows')
  const gallery = (await app.inject({ url: '/cows' })).body
  const form = (await app.inject({ url: '/' })).body
  for (const cow of HIDDEN) {
    t.notMatch(gallery, `data-cow-name="${cow}"`, `${cow}: not in the gallery`)
    t.notMatch(form, `<option value="${cow}"`, `${cow}: not in the form`)
    const asked = await app.inject({ url: `/say/moo?cow=${cow}`, headers: { accept: ACCEPT.json } })
    const unknown = await app.inject({ url: '/say/moo?cow=nosuchcow', headers: { accept: ACCEPT.json } })
    t.equal(asked.statusCode, unknown.statusCode, `${cow}: the status of an unknown cow`)
    t.equal(asked.json<{ message: string }>().message, unknown.json<{ message: string }>().message.replace('nosuchcow', cow), `${cow}: the words of an unknown cow`)
    t.equal((await app.inject({ url: `/fortune/riddles/1?cow=${cow}`, headers: { accept: ACCEPT.json } })).statusCode, 400, `${cow}: not on a fortune either`)
  }
  const cows = listCows()
  t.same(cows.map((_, at) => pickRandomCow(() => (at + 0.5) / cows.length)).filter((cow) => HIDDEN.includes(cow)), [], 'never picked at random: every slot of the pick is a shown cow')
  const days = Array.from({ length: 366 }, (_, n) => dayPick(new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10)).cow)
  t.same(days.filter((cow) => HIDDEN.includes(cow)), [], 'never the cow of a day')

  const databases = (await app.inject({ url: '/fortunes?format=json' })).json<{ databases: Array<{ name: string }> }>().databases.map(({ name }) => name)
  t.same(databases, ['fortunes', 'literature', 'riddles'], 'a database under off/ is not listed')
  t.equal((await app.inject({ url: '/fortune/limerick-o/1', headers: { accept: ACCEPT.json } })).statusCode, 404, 'nor served')
  t.equal((await app.inject({ url: '/fortune?db=limerick-o', headers: { accept: ACCEPT.json } })).statusCode, 404)
})

t.test('OFFENSIVE=on shows them: listed, drawn, and the databases under off/ decoded', async t => {
  const app = await build(t, { offensive: true, fortunePath: [offensiveDatabase(t)] })
  const listed = (await app.inject({ url: '/cows', headers: { accept: ACCEPT.json } })).json<{ cows: string[] }>().cows
  t.same(HIDDEN.filter((cow) => !listed.includes(cow)), [], 'every one listed')
  for (const cow of HIDDEN) {
    const drawn = await app.inject({ url: `/say/moo?cow=${cow}`, headers: { accept: ACCEPT.text } })
    t.equal(drawn.statusCode, 200, cow)
    t.equal(drawn.body, renderCow('moo', { ...DEFAULT_OPTIONS, cow }), `${cow}: drawn`)
  }
  t.match((await app.inject({ url: '/fortune/limerick-o/1', headers: { accept: ACCEPT.text } })).body, '< A rude limerick, decoded. >', 'ROT13 read back, as fortune does')
  t.match((await app.inject({ url: '/fortunes?format=json' })).json(), { databases: [{ name: 'fortunes' }, { name: 'limerick-o', count: 1 }, { name: 'literature' }, { name: 'riddles' }], total: 822 })
})

t.test('Debian\'s cowsay-off, in the same directory as cowsay: hidden by default, Debian\'s own files when shown', async t => {
  if (!hasTool(t, COWSAY_OFF)) return
  const hidden = await build(t)
  const listed = (await hidden.inject({ url: '/cows', headers: { accept: ACCEPT.json } })).json<{ sources: { debian: string[] } }>().sources.debian
  t.equal(listed.length, 47, 'Debian\'s 47, not its 50')
  const shown = await build(t, { offensive: true })
  const debian = (await shown.inject({ url: '/cows', headers: { accept: ACCEPT.json } })).json<{ sources: { debian: string[] } }>().sources.debian
  t.same(['beavis.zen', 'bong', 'mutilated'].filter((cow) => !debian.includes(cow)), [], 'with OFFENSIVE=on, cowsay-off\'s cows are Debian\'s')
  t.equal(cowSource('bong'), 'debian')
  t.equal(cowSource('telebears'), 'bundled', 'telebears, which Debian left out, from the bundled collection')
})
