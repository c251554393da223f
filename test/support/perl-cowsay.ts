import { spawn } from 'node:child_process'
import { DEFAULT_OPTIONS, type CowOptions, type Mode } from '../../src/cowsay/index.js'
import { quote } from './quote.js'
import { installedAt, type RequiredTool } from './tools.js'

/*
 * The reference renderer, Debian's /usr/games/cowsay 3.03: the message on standard input,
 * under a UTF-8 locale, with the flags a CowOptions stands for. `cow` is a name looked up in
 * Perl's COWPATH, or a file path.
 */

export const COWSAY = '/usr/games/cowsay'
const COWTHINK = '/usr/games/cowthink'
export const PERL_COWSAY: RequiredTool = installedAt(COWSAY, 'install Debian cowsay: apt-get install cowsay')
// Nothing else from our environment (COWPATH, a C locale) may reach Perl.
export const PERL_ENV = { LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', PATH: '/usr/bin:/bin' }

const MODE_FLAGS: Readonly<Record<Mode, string>> = {
  borg: '-b', dead: '-d', greedy: '-g', paranoid: '-p', stoned: '-s', tired: '-t', wired: '-w', youthful: '-y'
}

export type Case = readonly [text: string, options: CowOptions]

export const withOptions = (overrides: Partial<CowOptions>): CowOptions => ({ ...DEFAULT_OPTIONS, ...overrides })

function flagsFor (options: CowOptions): string[] {
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

/*
 * One Perl for a whole batch: it loads the modules cowsay uses, then forks a child per case
 * that runs the real /usr/games/cowsay (or cowthink) script with `do`, its arguments in @ARGV
 * and the message as its standard input, and hands back the child's output and exit status.
 * The same script in the same perl under the same environment, without an exec and a module
 * load per case (most of the 20 ms). Cases arrive on standard input as NUL-terminated fields
 * (program, argument count, arguments, message); each answer is "status length\n" and the
 * output's bytes.
 */
const BATCH_DRIVER = String.raw`
use Text::Tabs (); use Text::Wrap (); use File::Basename (); use Getopt::Std (); use Cwd ();
use Text::CharWidth (); use Encode ();
binmode STDIN; binmode STDOUT; $| = 1;
sub field { local $/ = "\0"; my $field = <STDIN>; die "truncated batch\n" unless defined $field; chomp $field; $field }
until (eof STDIN) {
  my $program = field(); my @args = map { field() } 1 .. field(); my $text = field();
  pipe(my $from_child, my $to_parent) or die "pipe: $!";
  my $pid = fork() // die "fork: $!";
  if ($pid == 0) {
    close $from_child;
    close STDIN; open STDIN, '<', \$text or die "stdin: $!";
    open STDOUT, '>&', $to_parent or die "stdout: $!";
    $0 = $program; @ARGV = @args;
    do $program;
    die $@ if $@;
    exit 0;
  }
  close $to_parent;
  my $output = do { local $/; <$from_child> };
  close $from_child;
  waitpid $pid, 0;
  print $?, ' ', length $output, "\n", $output;
}
`

/** Perl cowsay for each case, all of them through one batch. */
export async function perlCowsayAll (cases: readonly Case[]): Promise<string[]> {
  const fields = cases.flatMap(([text, options]) => {
    const flags = flagsFor(options)
    return [options.action === 'think' ? COWTHINK : COWSAY, String(flags.length), ...flags, text]
  })
  if (fields.some((field) => field.includes('\0'))) throw new Error('a case holds a NUL, which the batch cannot pass')
  const child = spawn('perl', ['-e', BATCH_DRIVER], { env: PERL_ENV, stdio: ['pipe', 'pipe', 'pipe'] })
  const stdout: Buffer[] = []
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  child.stdin.end(fields.map((field) => field + '\0').join(''))
  const status = await new Promise<number | null>((resolve, reject) => child.once('error', reject).once('close', resolve))
  if (status !== 0) throw new Error(`the Perl cowsay batch failed (${String(status)}): ${stderr.slice(-1000)}`)

  const answers = Buffer.concat(stdout)
  let offset = 0
  return cases.map((testCase) => {
    const header = answers.toString('latin1', offset, answers.indexOf('\n', offset))
    const [code, length] = header.split(' ').map(Number) as [number, number]
    offset += header.length + 1
    const output = answers.toString('utf8', offset, offset + length)
    offset += length
    if (code !== 0) throw new Error(`${commandLine(testCase)} failed (${code}): ${stderr.slice(-1000)}`)
    return output
  })
}
