/*
 * The language a cow file is read in: the statements the parser produces and the evaluator runs,
 * and the names of Perl's that a cow file may not use.
 */

/** What a cow file is told when it is drawn: Perl cowsay's globals at that point. */
export interface CowFace {
  eyes: string
  tongue: string
  thoughts: string
  /** How many lines Perl read from standard input: `$.`. */
  messageLines: number
}

/** A cow file we could read, ready to draw with any face. */
export interface CowFile {
  /** The drawing: `$the_cow` after the file's statements have been evaluated. */
  draw (face: CowFace): string
}

/** Why a cow file is refused: the line (1-based; 0 for the file as a whole) and the reason. */
export class CowFileError extends Error {
  override name = 'CowFileError'
  constructor (readonly line: number, readonly reason: string) {
    super(line > 0 ? `line ${line}: ${reason}` : reason)
  }
}

export type Part = string | { variable: string } | { eye: number }

export type Expression =
  | { kind: 'text', parts: Part[] }
  | { kind: 'variable', name: string }
  | { kind: 'concat', items: Expression[] }
  | { kind: 'repeat', expression: Expression, count: number }
  | { kind: 'chop', name: string }

export interface Statement {
  target: string
  append: boolean
  expression: Expression
  condition?: { name: string, truthy: boolean }
}

export const LINE_NUMBER = '.'
export const CHILD_STATUS = '?'
export const THE_COW = 'the_cow'

/*
 * Variables Perl cowsay (or Perl) gives a value that a cow file could print: its settings and
 * paths, the message, the environment. A file that reads one (before setting it) is refused.
 */
export const PROGRAM_VARIABLES = new Set(['version', 'progname', 'cowpath', 'pathsep', 'opts', 'borg', 'dead', 'greedy',
  'paranoid', 'stoned', 'tired', 'wired', 'young', 'message', 'balloon_lines', 'ARGV', 'INC', 'ENV', 'SIG', 'STDIN',
  'STDOUT', 'STDERR', 'ARGVOUT', '_'])

/** Words whose only purpose in a cow file would be to run something. */
export const CALLS: Readonly<Record<string, string>> = {
  system: 'runs a command',
  exec: 'runs a command',
  qx: 'runs a command',
  fork: 'starts a process',
  open: 'opens a file or a command',
  sysopen: 'opens a file',
  unlink: 'deletes files',
  eval: 'runs code',
  require: 'loads code',
  use: 'loads code',
  do: 'runs code or a file',
  kill: 'sends signals',
  sub: 'defines code',
  BEGIN: 'runs code',
  END: 'runs code',
  print: 'writes output',
  printf: 'writes output',
  exit: 'ends the program',
  die: 'ends the program',
  chdir: 'changes directory',
  mkdir: 'creates directories',
  rename: 'renames files',
  readpipe: 'runs a command',
  syscall: 'calls the system',
  glob: 'reads the file system',
  local: 'changes Perl state'
}
