import { execFile, spawnSync } from 'node:child_process'
import { DEFAULT_OPTIONS, type CowOptions, type Mode } from '../../src/cowsay/index.js'
import { quote } from './quote.js'
import { installedAt, type RequiredTool } from './tools.js'

/*
 * The reference renderer, Debian's /usr/games/cowsay 3.03: the message on standard input,
 * under a UTF-8 locale, with the flags a CowOptions stands for. One process per case (about
 * 20 ms of Perl start-up each). `cow` is a name looked up in Perl's COWPATH, or a file path.
 */

export const COWSAY = '/usr/games/cowsay'
export const COWTHINK = '/usr/games/cowthink'
export const PERL_COWSAY: RequiredTool = installedAt(COWSAY, 'install Debian cowsay: apt-get install cowsay')
// Nothing else from our environment (COWPATH, a C locale) may reach Perl.
export const PERL_ENV = { LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', PATH: '/usr/bin:/bin' }

const MODE_FLAGS: Readonly<Record<Mode, string>> = {
  borg: '-b', dead: '-d', greedy: '-g', paranoid: '-p', stoned: '-s', tired: '-t', wired: '-w', youthful: '-y'
}

export type Case = readonly [text: string, options: CowOptions]

export const withOptions = (overrides: Partial<CowOptions>): CowOptions => ({ ...DEFAULT_OPTIONS, ...overrides })

export function flagsFor (options: CowOptions): string[] {
  const flags: string[] = []
  if (options.cow !== DEFAULT_OPTIONS.cow) flags.push('-f', options.cow)
  if (options.mode !== null) flags.push(MODE_FLAGS[options.mode])
  if (options.eyes !== DEFAULT_OPTIONS.eyes) flags.push('-e', options.eyes)
  if (options.tongue !== DEFAULT_OPTIONS.tongue) flags.push('-T', options.tongue)
  if (options.width !== DEFAULT_OPTIONS.width) flags.push('-W', String(options.width))
  if (options.nowrap) flags.push('-n')
  return flags
}

/** The case as a shell command line, for a test's name. */
export function commandLine ([text, options]: Case): string {
  const program = options.action === 'think' ? 'cowthink' : 'cowsay'
  const word = (flag: string): string => /^[\w./-]+$/.test(flag) ? flag : quote(flag)
  return [`printf %s ${quote(text)} |`, program, ...flagsFor(options).map(word)].join(' ')
}

export function perlCowsay ([text, options]: Case): string {
  const program = options.action === 'think' ? COWTHINK : COWSAY
  const result = spawnSync(program, flagsFor(options), { input: text, env: PERL_ENV, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`${commandLine([text, options])} failed: ${result.stderr}`)
  return result.stdout
}

/** Perl cowsay for each case, two processes at a time. */
export async function perlCowsayAll (cases: readonly Case[]): Promise<string[]> {
  const outputs = new Array<string>(cases.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const index = next++
      const [text, options] = cases[index]
      outputs[index] = await new Promise<string>((resolve, reject) => {
        const program = options.action === 'think' ? COWTHINK : COWSAY
        const child = execFile(program, flagsFor(options), { env: PERL_ENV, encoding: 'utf8' }, (error, stdout, stderr) => {
          if (error !== null) reject(new Error(`${commandLine(cases[index])} failed: ${stderr}`))
          else resolve(stdout)
        })
        child.stdin?.end(text)
      })
    }
  }
  await Promise.all([worker(), worker()])
  return outputs
}
