/** cowsay's face modes, one per flag: -b -d -g -p -s -t -w -y. */
export const MODES = ['borg', 'dead', 'greedy', 'paranoid', 'stoned', 'tired', 'wired', 'youthful'] as const
export type Mode = typeof MODES[number]

/** cowsay or cowthink. */
export type Action = 'say' | 'think'

export interface CowOptions {
  action: Action
  /** A name from listCows(). */
  cow: string
  /** A mode sets the eyes, and for dead and stoned the tongue, whatever `eyes`/`tongue` say. */
  mode: Mode | null
  /** -e: the first two code points are used. */
  eyes: string
  /** -T: the first two code points are used. */
  tongue: string
  /** -W: lines hold at most width - 1 columns (a wider single character still fits). */
  width: number
  /** -n: keep the lines as given, only expanding tabs. */
  nowrap: boolean
}

/** What `cowsay` does with no flags. */
export const DEFAULT_OPTIONS: Readonly<CowOptions> = Object.freeze({
  action: 'say',
  cow: 'default',
  mode: null,
  eyes: 'oo',
  tongue: '  ',
  width: 40,
  nowrap: false
})
