/**
 * PNG renders per second, uncached, for a typical message and for the largest
 * allowed ones; then the rate of cached PNGs through the app.
 *
 *   npm run bench:images
 *
 * Each case runs for about two seconds (at least three renders). Figures are
 * for the machine at hand: share them with its core count.
 */
import { availableParallelism } from 'node:os'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { testConfig } from '../test/support/config.js'
import { DEFAULT_OPTIONS, renderCow, type CowOptions } from '../src/cowsay/index.js'
import { BUNDLED_FONTS, fontChain } from '../src/image/fonts.js'
import { drawingPng } from '../src/image/png.js'

const SECONDS = 2
const lorem = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. '
const cases: Array<[string, string, Partial<CowOptions>]> = [
  ['typical: "Hello, world!"', 'Hello, world!', {}],
  ['typical: a tweet with CJK and emoji', 'Moo! 牛は草を食べる 🐄🌱 — the cow eats grass, and that is all there is to say about it today.', {}],
  ['largest: 1,000 characters at width 200', lorem.repeat(9).slice(0, 1000), { width: 200 }],
  ['largest: 1,000 characters at width 2 (tallest)', 'a'.repeat(1000), { width: 2 }],
  ['largest: 1,000 CJK characters at width 200', '牛は草を食べる'.repeat(143).slice(0, 1000), { width: 200 }],
  ['largest: 1,000 emoji at width 200', '🐄🎉😀🌱'.repeat(250), { width: 200 }],
  ['largest: 1,000 tabs, no wrap (widest)', '\t'.repeat(999) + 'x', { nowrap: true }]
]

const fonts = fontChain([...BUNDLED_FONTS, ...loadConfig().imageFonts])
const mib = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0)

const peakRss = (): number => process.resourceUsage().maxRSS * 1024
// Fonts are opened on the first render; what follows is the renders' own memory.
await drawingPng(['moo'], fonts)
const baseline = peakRss()
console.log(`Node ${process.version}, ${availableParallelism()} cores, extra fonts: ${fonts.files.slice(BUNDLED_FONTS.length).join(', ') || 'none'}`)
console.log(`peak RSS with the fonts open: ${mib(baseline)} MiB`)
console.log('case | PNG size | bytes | renders/s one at a time | renders/s 4 at once | peak RSS growth MiB')
for (const [name, text, options] of cases) {
  const lines = renderCow(text, { ...DEFAULT_OPTIONS, ...options }).replace(/\n$/, '').split('\n')
  const { png, size } = await drawingPng(lines, fonts)
  let count = 0
  const start = performance.now()
  while (count < 3 || performance.now() - start < SECONDS * 1000) {
    await drawingPng(lines, fonts)
    count++
  }
  const sequential = count / ((performance.now() - start) / 1000)
  let batches = 0
  const parallelStart = performance.now()
  while (batches < 2 || performance.now() - parallelStart < SECONDS * 1000) {
    await Promise.all([1, 2, 3, 4].map(() => drawingPng(lines, fonts)))
    batches++
  }
  const parallel = batches * 4 / ((performance.now() - parallelStart) / 1000)
  console.log(`${name} | ${size.width}x${size.height} | ${png.length} | ${sequential.toFixed(1)} | ${parallel.toFixed(1)} | +${mib(peakRss() - baseline)}`)
}

// The same PNG again: what a popular link costs once it is rendered.
const app = await buildApp(testConfig({ logLevel: 'silent' }))
const url = '/say/Hello%2C%20world%21?format=png'
await app.inject({ url })
let served = 0
const start = performance.now()
while (performance.now() - start < SECONDS * 1000) {
  await app.inject({ url })
  served++
}
console.log(`cached PNG through the app (inject): ${(served / ((performance.now() - start) / 1000)).toFixed(0)} responses/s`)
await app.close()
