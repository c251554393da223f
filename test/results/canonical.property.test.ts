import t from 'tap'
import fc from 'fast-check'
import { OPTION_LIST } from '../../src/cowsay/index.js'
import { canonicalPath } from '../../src/results/canonical.js'
import { ACCEPT, build } from '../helper.js'
import { SEED, cowOptions, messageText } from '../support/arbitraries.js'

const RUNS = 250

t.test('every canonical URL decodes back to the same text and options', async (t) => {
  const app = await build(t)
  t.comment(`fast-check seed ${SEED}, ${RUNS} runs`)
  await fc.assert(fc.asyncProperty(messageText.filter((text) => text !== ''), cowOptions, async (text, options) => {
    const path = canonicalPath(text, options)
    // What a browser, a chat app or nginx does to a URL must not change it.
    const parsed = new URL(path, 'https://cowsay.example')
    if (parsed.pathname + parsed.search !== path) throw new Error(`a URL parser rewrites ${path}`)
    const response = await app.inject({ url: path, headers: { accept: ACCEPT.json } })
    if (response.statusCode !== 200) throw new Error(`${path} answered ${response.statusCode}: ${response.body}`)
    const body = response.json()
    const back = Object.fromEntries([['action', body.action], ...OPTION_LIST.map((option) => [option.name, body[option.name]])])
    return body.text === text && JSON.stringify(back) === JSON.stringify({ ...options }) && body.permalink.endsWith(path)
  }), { seed: SEED, numRuns: RUNS })
  t.pass(`text, action, ${OPTION_LIST.map((option) => option.name).join(', ')} survive the round trip`)
})
