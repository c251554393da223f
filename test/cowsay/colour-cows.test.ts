import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseAnsi, stripAnsi } from '../../src/cowsay/sgr.js'
import { renderCow, useCowPath, type CowOptions } from '../../src/cowsay/index.js'
import { PERL_COWSAY, commandLine, perlCowsayAll, withOptions, type Case } from '../support/perl-cowsay.js'
import { whenInstalled } from '../support/tools.js'

/*
 * Colour cows, in the format the image-to-cow converters write (one variable per colour, two
 * spaces a pixel, `$t = "$thoughts "`, `$x` resetting), written for these tests: 256-colour and
 * 24-bit backgrounds, and coloured strokes (basic, bold, 256-colour, 24-bit foregrounds).
 */

const COLOUR_COWS = join(import.meta.dirname, '../fixtures/cows')
const NAMES = ['colour-256', 'colour-truecolor', 'colour-foreground']
useCowPath([COLOUR_COWS])

const drawing = (cow: string, options: Partial<CowOptions> = {}): string =>
  renderCow('moo', withOptions({ cow, ...options })).split('\n').slice(3).join('\n')

t.test('the colours a converter writes are read as SGR sequences, cell by cell', async t => {
  const rows = parseAnsi(drawing('colour-256'))
  const backgrounds = rows[4]?.filter(span => span.style.bg !== null).map(span => [span.text, span.style.bg])
  t.same(backgrounds, [['    ', 231], ['    ', 21], ['        ', 231], ['    ', 21], ['    ', 231]],
    'the eyes row: white, a blue eye, white, a blue eye, white (runs of one colour)')
  const truecolor = parseAnsi(drawing('colour-truecolor'))
  t.equal(truecolor[2]?.[1]?.style.bg, '#ff5e4d', '24-bit, from \\e[48;2;255;94;77m')
  const strokes = parseAnsi(drawing('colour-foreground', { eyes: '^^' })).flat()
  t.match(strokes.find(span => span.text === '^__^')?.style, { fg: 3, bold: true }, 'bold yellow ears')
  t.match(strokes.find(span => span.text === '^^')?.style, { fg: 1 }, 'the user\'s eyes, in red')
  t.match(strokes.find(span => span.text === 'w')?.style, { fg: '#ff8000' }, 'a 24-bit stroke')
  t.match(strokes.find(span => span.text === '__')?.style, { fg: 205 }, 'a 256-colour stroke')
})

t.test('without its escapes, a colour cow is its plain drawing', async t => {
  t.equal(stripAnsi(drawing('colour-foreground')), drawing('default'), 'the foreground cow is the default cow, coloured')
  for (const name of NAMES) t.notMatch(stripAnsi(drawing(name)), /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/, `${name}: no control character left`)
})

whenInstalled(t, [PERL_COWSAY], () => {
  t.test('plain text prints the escapes as Perl cowsay does, byte for byte', async t => {
    const variants: Array<[string, Partial<CowOptions>]> = [['moo', {}], ['moo', { action: 'think' }], ['two\nlines', { eyes: '@@', tongue: 'U' }]]
    const ours: string[] = []
    const perlCases: Case[] = []
    for (const name of NAMES) {
      t.ok(readFileSync(join(COLOUR_COWS, `${name}.cow`), 'utf8').includes('\\e['), `${name} writes its escapes as \\e, as the converters do`)
      for (const [text, options] of variants) {
        ours.push(renderCow(text, withOptions({ cow: name, ...options })))
        perlCases.push([text, withOptions({ cow: join(COLOUR_COWS, `${name}.cow`), ...options })])
      }
    }
    const perl = await perlCowsayAll(perlCases)
    perlCases.forEach((testCase, index) => t.equal(ours[index], perl[index], commandLine(testCase)))
  })
})
