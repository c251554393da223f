import t from 'tap'
import { dayOf, dayPick } from '../../src/fortunes/index.js'
import { ensureBuilt, startServer, type RunningServer } from '../support/node-server.js'

/*
 * The cow of the day comes from the date alone: two processes (replicas) answer the same, and
 * a restarted one answers as it did. No store is shared between them.
 */

ensureBuilt()

interface Day { cow: string, text: string, fortune: { database: string, index: number }, permalink: string }

async function today (server: RunningServer): Promise<Day> {
  const response = await fetch(`http://127.0.0.1:${server.port}/today?format=json`)
  if (response.status !== 200) throw new Error(`/today: ${response.status}`)
  const day = await response.json() as Day
  return { ...day, permalink: day.permalink.replace(/^https?:\/\/[^/]+/, '') }
}

t.test('/today is the same in two processes and after a restart', async t => {
  const env = { PUBLIC_URL: 'https://cowsay.example' }
  const first = await startServer({ env })
  const second = await startServer({ env })
  t.teardown(async () => { await first.stop(); await second.stop() })
  const [one, two] = await Promise.all([today(first), today(second)])
  t.same(two, one, 'two replicas agree')
  t.match(one.permalink, /^\/day\/\d{4}-\d\d-\d\d$/)
  const date = one.permalink.slice('/day/'.length)
  if (date === dayOf(new Date())) {
    const expected = dayPick(date)
    t.same([one.cow, one.fortune.database, one.fortune.index], [expected.cow, expected.fortune.database, expected.fortune.index], 'the pick this process computes for the date')
  }
  await first.stop()
  const restarted = await startServer({ env, port: first.port })
  t.teardown(() => restarted.stop())
  const after = await today(restarted)
  // Unless midnight (UTC) passed in between, when every replica moves on together.
  if (after.permalink === one.permalink) t.same(after, one, 'a restart answers as before')
  else t.equal(after.permalink.slice('/day/'.length), dayOf(new Date()), 'midnight passed: the new day')
  const past = await fetch(`http://127.0.0.1:${restarted.port}/day/2020-02-29?format=json`)
  const other = await fetch(`http://127.0.0.1:${second.port}/day/2020-02-29?format=json`)
  t.same(await past.json(), await other.json(), 'and any past day\'s')
})
