/**
 * Writes public/css/ansi.css, the classes a coloured drawing's spans use on a
 * page, from the palette (src/image/palette.ts). test/results/ansi-html.test.ts
 * fails when the committed file and the palette disagree.
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { ansiStylesheet } from '../src/results/ansi-html.js'

const ANSI_CSS = fileURLToPath(new URL('../public/css/ansi.css', import.meta.url))

writeFileSync(ANSI_CSS, ansiStylesheet())
console.log(ANSI_CSS)
