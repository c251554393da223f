import { createRequire } from 'node:module'
import type { Action } from './options.js'
import type { Face } from './faces.js'

/*
 * One .cow file of the npm `cowsay` package, made ready to draw. The package's replacer knows the
 * files' Perl conventions (the `$the_cow` heredoc; `\\`, `\@` and `\$`; the `$eyes`, `${eyes}`,
 * `$eye` (one eye each), `$tongue`, `${tongue}` and `$thoughts` placeholders), so we let it do that
 * work, once per cow and action, with the face standing as private-use characters. Each request
 * then only swaps those for the real eyes and tongue.
 *
 * Handing it the real face instead would inherit what it gets wrong with user input: it fills
 * `$eye` with `charAt(0)`/`charAt(1)` of the `$`-escaped eyes, so '$x' gives two '$' and an emoji
 * eye is cut into lone surrogates (U+FFFD on the wire), and it scans what it inserted with its
 * next patterns.
 */

type Replacer = (cow: string, variables: { eyes: string, tongue: string, thoughts: string }) => string
const replacer = createRequire(import.meta.url)('cowsay/lib/replacer') as Replacer

// Left eye, right eye, left and right half of the tongue, in that order.
const FIRST_PLACEHOLDER = 0xE000
const EYES_PLACEHOLDER = '\uE000\uE001'
const TONGUE_PLACEHOLDER = '\uE002\uE003'
const FACE_PLACEHOLDERS = /[\uE000-\uE003]/g
const HAS_FACE_PLACEHOLDER = /[\uE000-\uE003]/

const THOUGHTS: Readonly<Record<Action, string>> = { say: '\\', think: 'o' }

/**
 * `ibm` and `yasuna_08` open their heredoc as `$the_cow = << EOC;` and `$the_cow << EOC;`, which
 * the package's parser rejects (it then returns the raw Perl and console.errors the whole file).
 */
const LOOSE_HEREDOC_HEADER = /\$the_cow[ \t]*=?[ \t]*<<[ \t]*("?)EOC\1[ \t]*;/

/** The package's own test in extractTheCow, after the same newline and BOM clean-up. */
function isExtractable (cow: string): boolean {
  const normalized = cow.replace(/\r\n?|[\n\u2028\u2029]/g, '\n').replace(/^\uFEFF/, '')
  return normalized.includes('$the_cow') && /\$the_cow\s*=\s*<<"*EOC"*;*\n([\s\S]+)\nEOC\n/.test(normalized)
}

/** The drawing for cowsay and for cowthink, the face still to be filled in. */
export type CowTemplates = Readonly<Record<Action, string>>

/**
 * Prepares a .cow file, or returns undefined for one the package could not parse, so that it is
 * left out rather than drawn as Perl source.
 */
export function prepareCow (source: string): CowTemplates | undefined {
  const cow = source.replace(LOOSE_HEREDOC_HEADER, () => '$the_cow = <<EOC;')
  if (!isExtractable(cow) || HAS_FACE_PLACEHOLDER.test(cow)) return undefined
  // The heredoc ends with a newline in Perl; the package's extraction drops it.
  const template = (thoughts: string): string =>
    replacer(cow, { eyes: EYES_PLACEHOLDER, tongue: TONGUE_PLACEHOLDER, thoughts }) + '\n'
  return { say: template(THOUGHTS.say), think: template(THOUGHTS.think) }
}

/** Puts the eyes and tongue, one code point per placeholder, into a prepared drawing. */
export function fillFace (template: string, { eyes, tongue }: Face): string {
  const [leftEye = '', rightEye = ''] = eyes
  const [tongueLeft = '', tongueRight = ''] = tongue
  const parts = [leftEye, rightEye, tongueLeft, tongueRight]
  return template.replace(FACE_PLACEHOLDERS, placeholder => parts[placeholder.charCodeAt(0) - FIRST_PLACEHOLDER])
}
