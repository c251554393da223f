import type { CowOptions, Mode } from './options.js'

export interface Face {
  eyes: string
  tongue: string
}

/** cowsay 3.03's construct_face: a mode replaces the eyes; only dead and stoned touch the tongue. */
const MODE_FACES: Readonly<Record<Mode, { eyes: string, tongue?: string }>> = {
  borg: { eyes: '==' },
  dead: { eyes: 'xx', tongue: 'U ' },
  greedy: { eyes: '$$' },
  paranoid: { eyes: '@@' },
  stoned: { eyes: '**', tongue: 'U ' },
  tired: { eyes: '--' },
  wired: { eyes: 'OO' },
  youthful: { eyes: '..' }
}

/** The eyes and tongue to draw, each at most two code points like Perl's `substr($opts{'e'}, 0, 2)`. */
export function faceFor ({ mode, eyes, tongue }: Pick<CowOptions, 'mode' | 'eyes' | 'tongue'>): Face {
  const modeFace = mode === null ? undefined : MODE_FACES[mode]
  return {
    eyes: firstTwoCodePoints(modeFace?.eyes ?? eyes),
    tongue: firstTwoCodePoints(modeFace?.tongue ?? tongue)
  }
}

function firstTwoCodePoints (s: string): string {
  const [first = '', second = ''] = s
  return first + second
}
