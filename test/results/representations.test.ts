import t from 'tap'
import { RepresentationCache } from '../../src/results/representations.js'

t.test('the representation cache is bounded in bytes and builds each entry once', async (t) => {
  const cache = new RepresentationCache(64 * 1024)
  let builds = 0
  const body = (n: number): string => `${n}:` + 'x'.repeat(1000)
  for (let n = 0; n < 1000; n++) await cache.get(`key ${n}`, () => { builds++; return body(n) })
  t.equal(builds, 1000)
  t.ok(cache.stats.bytes <= 64 * 1024, `${cache.stats.bytes} bytes kept, at most 64 KiB`)
  t.ok(cache.stats.entries < 100, `${cache.stats.entries} entries kept`)
  const kept = await cache.get('key 999', () => { builds++; return 'rebuilt' })
  t.equal(kept.body.toString(), body(999), 'the newest entry is still there')
  t.equal(builds, 1000, 'and was not built again')
  const [one, two] = await Promise.all([
    cache.get('shared', async () => { builds++; await new Promise((resolve) => setTimeout(resolve, 20)); return 'once' }),
    cache.get('shared', async () => { builds++; return 'twice' })
  ])
  t.equal(one.body.toString(), 'once')
  t.equal(two.body.toString(), 'once', 'concurrent misses share one build')
  t.equal(builds, 1001)
})
