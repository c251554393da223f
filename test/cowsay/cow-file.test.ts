import t from 'tap'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CowFileError, MAX_COW_FILE_BYTES, readCowFile, type CowFace } from '../../src/cowsay/cow-file/index.js'
import { COWSAY, PERL_COWSAY, PERL_ENV } from '../support/perl-cowsay.js'
import { whenInstalled } from '../support/tools.js'

const FACE: CowFace = { eyes: 'oo', tongue: 'U ', thoughts: '\\', messageLines: 1 }
const draw = (source: string | Uint8Array, face: Partial<CowFace> = {}): string => readCowFile(source).draw({ ...FACE, ...face })

/** How a refusal reads: its line and (part of) its reason. */
function refusal (source: string | Uint8Array): { line: number, reason: string } {
  try {
    readCowFile(source)
  } catch (error) {
    if (error instanceof CowFileError) return { line: error.line, reason: error.reason }
    throw error
  }
  throw new Error('the cow file was read')
}

t.test('the spellings real cow files use', async t => {
  const body = ' $thoughts\n  ($eyes)\n   $tongue\n'
  const drawn = ' \\\n  (oo)\n   U \n'
  const rows: Array<[name: string, source: string, expected: string]> = [
    ['<<EOC; (Debian, npm)', `$the_cow = <<EOC;\n${body}EOC\n`, drawn],
    ['<<EOC with no semicolon (the converters)', `$the_cow = <<EOC\n${body}EOC\n`, drawn],
    ['<<"EOC"; (Debian\'s duck, calvin)', `$the_cow = <<"EOC";\n${body}EOC\n`, drawn],
    ['=<<"EOC" with no space and no semicolon', `$the_cow =<<"EOC"\n${body}EOC\n`, drawn],
    ['<< EOC; (npm\'s ibm)', `## ibm\n$the_cow = << EOC;\n${body}EOC\n`, drawn],
    ['<< EOC; with no = (npm\'s yasuna_08)', `$the_cow << EOC;\n${body}EOC\n`, drawn],
    ['another terminator (Debian\'s snowman: EOF)', `$the_cow = <<EOF\n${body}EOF\n`, drawn],
    ['a terminator on the last line without its newline', `$the_cow = <<EOC;\n${body}EOC`, drawn],
    ['an indented opener (npm\'s yasuna_02)', `          $the_cow = <<EOC;\n${body}EOC\n`, drawn],
    ['CRLF line ends and a byte-order mark', `\uFEFF## c\r\n$the_cow = <<EOC;\r\n${body.replaceAll('\n', '\r\n')}EOC\r\n`, drawn],
    ['# and ## comments, blank lines, use utf8', `# one\n## two\n\nuse utf8;\n$the_cow = <<EOC; # after\n${body}EOC\n\n# end\n`, drawn],
    ['a line that only looks like the terminator stays in the body', '$the_cow = <<EOC;\n EOC\nEOC \nEOC\n', ' EOC\nEOC \n'],
    ['<<\'EOC\': no interpolation, backslashes kept', "$the_cow = <<'EOC';\n$eyes \\\\ \\@\nEOC\n", '$eyes \\\\ \\@\n'],
    ['a double-quoted string', '$the_cow = "$eyes\\n";', 'oo\n'],
    ['a single-quoted string', "$the_cow = '$eyes\\n\\'';", "$eyes\\n'"],
    ['an empty heredoc', '$the_cow = <<EOC;\nEOC\n', '']
  ]
  for (const [name, source, expected] of rows) t.equal(draw(source), expected, name)
})

t.test('Perl\'s double-quoted escapes and interpolation', async t => {
  const rows: Array<[name: string, body: string, expected: string, face?: Partial<CowFace>]> = [
    ['\\\\ \\@ \\$', '\\\\ \\@ \\$', '\\ @ $'],
    ['\\t and \\n', 'a\\tb\\nc', 'a\tb\nc'],
    ['\\e starts a colour', '\\e[31mred\\e[0m', '\x1b[31mred\x1b[0m'],
    ['\\x{..}, \\x.., octal, \\N{U+..}', '\\x{263A} \\x41 \\101 \\N{U+1F404}', '☺ A A 🐄'],
    ['\\c[ is ESC', '\\c[[1m', '\x1b[1m'],
    ['any other escaped character is itself', '\\q \\# \\/ \\\' \\" \\乂', 'q # / \' " 乂'],
    ['$eyes, ${eyes}, ${ eyes }', '$eyes ${eyes}U ${ eyes }', 'oo ooU oo'],
    ['$tongue, ${tongue} and $thoughts', '$tongue|${tongue}|$thoughts', 'U |U |\\'],
    ['$eye: left eye, then right eye (npm\'s tux)', '|$eye_$eye |', '|a_b |', { eyes: 'ab' }],
    ['$eye with one eye', '$eye$eye.', 'a.', { eyes: 'a' }],
    ['an emoji eye stays whole', '$eye_$eye', '🐄_👀', { eyes: '🐄👀' }],
    ['values are not interpolated again', '$eyes$tongue', '$x@y', { eyes: '$x', tongue: '@y' }],
    ['the longest identifier wins', '$eyesore.', '.'],
    ['an unknown variable is empty, as in Perl', '[$nothing]', '[]'],
    ['Perl skips space after $ (Debian\'s calvin)', 'M$\n  eyes', 'Moo'],
    ['$. is the number of message lines (calvin again)', '$.', '3', { messageLines: 3 }],
    ['$? is 0 (npm\'s golden-eagle)', '$??~', '0?~'],
    ['an array is empty (calvin: @9@mm)', '@9@mmBm.', '.'],
    ['@+ @- @$ are empty (npm\'s cake)', 'H@+-@$/', 'H-/'],
    ['a lone @ is itself', '@ @@ @. @) @%', '@ @@ @. @) @%'],
    ['unicode as it is', 'Gürkan 你好 🐄', 'Gürkan 你好 🐄']
  ]
  for (const [name, body, expected, face] of rows) {
    t.equal(draw(`$the_cow = <<EOC;\n${body}\nEOC\n`, face), expected + '\n', name)
  }
})

t.test('statements before the heredoc', async t => {
  const rows: Array<[name: string, source: string, expected: string, face?: Partial<CowFace>]> = [
    ["Debian's three-eyes", '$extra = chop($eyes);\n$eyes .= ($extra x 2);\n$the_cow = <<EOC;\n($eyes)\nEOC\n', '(ooo)\n'],
    ['three-eyes with other eyes', '$extra = chop($eyes);\n$eyes .= ($extra x 2);\n$the_cow = "($eyes)";', '(abb)', { eyes: 'ab' }],
    ["npm's small, eyes given", '$eyes = ".." unless ($eyes);\n$the_cow = "$eyes";', 'oo'],
    ["npm's small, no eyes", '$eyes = ".." unless ($eyes);\n$the_cow = "$eyes";', '..', { eyes: '' }],
    ['if and a negated condition', '$a = "x" if $eyes;\n$b = "y" if (!$eyes);\n$the_cow = "$a$b";', 'x'],
    ["the converters' colour variables", '$x = "\\e[49m  ";          #reset color\n$t = "$thoughts ";\n$a = "\\e[48;5;16m  ";\n' +
      '$the_cow = <<EOC\n$t$a$x\n  $t$a0$x\nEOC\n', '\\ \x1b[48;5;16m  \x1b[49m  \n  \\ \x1b[49m  \n'],
    ['concatenation and repetition', '$line = "-" x 3 . "+" . \'-\' x 2;\n$the_cow = "$line";', '---+--'],
    ['.= on $the_cow after the heredoc', '$the_cow = <<EOC;\na\nEOC\n$the_cow .= "b\\n";', 'a\nb\n'],
    ['two heredocs on one line', '$a = <<ONE . <<TWO;\n1\nONE\n2\nTWO\n$the_cow = $a;', '1\n2\n'],
    ['an assignment after the heredoc does not change it', '$the_cow = <<EOC;\n$eyes\nEOC\n$eyes = "xx";', 'oo\n'],
    ['a number', '$n = 42;\n$the_cow = "$n";', '42']
  ]
  for (const [name, source, expected, face] of rows) t.equal(draw(source, face), expected, name)
})

t.test('refused, with the line and the reason', async t => {
  const heredoc = '$the_cow = <<EOC;\nmoo\nEOC\n'
  const rows: Array<[name: string, source: string | Uint8Array, line: number, reason: RegExp]> = [
    ['system', `system("touch /tmp/x");\n${heredoc}`, 1, /`system` runs a command/],
    ['exec', `${heredoc}exec "sh";`, 4, /`exec` runs a command/],
    ['backticks', `$x = \`id\`;\n${heredoc}`, 1, /backticks run a command/],
    ['open', `open(my $f, "<", "/etc/passwd");\n${heredoc}`, 1, /`open` opens/],
    ['eval', `eval "1";\n${heredoc}`, 1, /`eval` runs code/],
    ['require', `require POSIX;\n${heredoc}`, 1, /`require` loads code/],
    ['use of a module', `use POSIX;\n${heredoc}`, 1, /only `use utf8;`/],
    ['do', `do "/etc/passwd";\n${heredoc}`, 1, /`do` runs code/],
    ['a call in an expression', `$x = lc($eyes);\n${heredoc}`, 1, /`lc` is not something/],
    ['${\\ ...} in a heredoc', '$the_cow = <<EOC;\nok\n${\\ system("id")}\nEOC\n', 3, /may only hold a variable name/],
    ['@{[ ... ]} in a heredoc', '$the_cow = <<EOC;\n@{[ `id` ]}\nEOC\n', 2, /would run code/],
    ['an unterminated heredoc', '$the_cow = <<EOC;\nmoo\n', 1, /never closed/],
    ['an unterminated string', '$the_cow = "moo;\n', 1, /never closed/],
    ['no $the_cow', '$x = "moo";\n', 0, /never sets \$the_cow/],
    ['reading cowsay\'s own variables', '$the_cow = "$cowpath";', 1, /\$cowpath, a variable of the cowsay program/],
    ['@INC in a heredoc', '$the_cow = <<EOC;\n@INC\nEOC\n', 2, /\$INC/],
    ['a subscript', '$the_cow = <<EOC;\n\n$ENV{HOME}\nEOC\n', 3, /subscript/],
    ['$0 and match variables', '$the_cow = <<EOC;\n$1\nEOC\n', 2, /match variable/],
    ['$$, a special variable', '$the_cow = "$$";', 1, /special variable/],
    ['a $ at the end', '$the_cow = <<EOC;\nM$\nEOC\n', 2, /no variable name/],
    ['case modifiers', '$the_cow = "\\U$eyes";', 1, /case modifier \\U/],
    ['an escape that is not a colour', '$the_cow = <<EOC;\na\n\\e]52;c;eA==\\a\nEOC\n', 3, /not a complete colour sequence/],
    ['a raw control character', '$the_cow = <<EOC;\na\x07\nEOC\n', 2, /U\+0007/],
    ['a colour split over two strings', '$e = "\\e";\n$the_cow = "$e" . "[31m";', 1, /not a complete colour/],
    ['a huge repetition', '$a = "0123456789" x 9999;\n$the_cow = $a x 99;', 2, /could grow past/],
    ['binary (a NUL)', new Uint8Array([0x24, 0x78, 0x00, 0x0A]), 1, /binary/],
    ['invalid UTF-8', Buffer.concat([Buffer.from('## ok\n$the_cow = "'), Buffer.from([0xC3, 0x28]), Buffer.from('";')]), 2, /not valid UTF-8/],
    ['an overlong UTF-8 encoding', Buffer.from([0x23, 0xC0, 0xAF, 0x0A]), 1, /not valid UTF-8/],
    ['over the size limit', `${heredoc}#${'x'.repeat(MAX_COW_FILE_BYTES)}`, 0, new RegExp(`at most ${MAX_COW_FILE_BYTES}`)],
    ['a statement with no ; before the next', '$a = "x"\n$the_cow = "y";', 2, /expected `;`/],
    ['an array assignment', '@a = (1);\n' + heredoc, 1, /unexpected `@`/],
    ['an indented heredoc', '$the_cow = <<~EOC;\n  a\n  EOC\n', 1, /indented heredocs/]
  ]
  for (const [name, source, line, reason] of rows) {
    const { line: actualLine, reason: actualReason } = refusal(source)
    t.equal(actualLine, line, `${name}: line`)
    t.match(actualReason, reason, `${name}: reason`)
  }
})

t.test('a refusal never quotes the file', async t => {
  const secret = 'SECRET-' + 'x'.repeat(20)
  for (const source of [`system("${secret}");`, `$the_cow = <<EOC;\n@{[ "${secret}" ]}\nEOC\n`, `$the_cow = "${secret}`]) {
    const { reason } = refusal(source)
    t.notMatch(reason, /SECRET/, reason)
  }
})

// The reader never runs anything; Perl cowsay `do`es the file. Each file below would make Perl
// create a marker file: Perl proves it does, and our reader, given the same file, refuses it
// and the marker never appears.
whenInstalled(t, [PERL_COWSAY], () => {
  t.test('cows whose Perl would run a command: Perl runs it, we refuse it and nothing runs', async t => {
    const directory = mkdtempSync(join(tmpdir(), 'hostile-cows-'))
    t.teardown(() => rmSync(directory, { recursive: true, force: true }))
    const marker = join(directory, 'ran')
    const heredoc = '$the_cow = <<EOC;\nmoo\nEOC\n'
    const hostile: Array<[name: string, source: string]> = [
      ['system', `system("touch", "${marker}");\n${heredoc}`],
      ['backticks', `\`touch ${marker}\`;\n${heredoc}`],
      ['exec in a condition', `$x = 1;\n${heredoc}system("touch ${marker}") if $x;`],
      ['open a pipe', `open(my $pipe, "|-", "touch ${marker}");\n${heredoc}`],
      ['eval', `eval "system('touch ${marker}')";\n${heredoc}`],
      ['@{[ ]} inside the drawing', `$the_cow = <<EOC;\n@{[ system("touch ${marker}") ]}\nEOC\n`],
      ['${\\ } inside the drawing', `$the_cow = <<EOC;\n\${\\ system("touch ${marker}")}\nEOC\n`],
      ['qx in a string assignment', `$x = qx(touch ${marker});\n${heredoc}`]
    ]
    for (const [name, source] of hostile) {
      const file = join(directory, 'hostile.cow')
      writeFileSync(file, source)
      const perl = spawnSync(COWSAY, ['-f', file, 'moo'], { env: PERL_ENV })
      t.equal(perl.error, undefined, `${name}: Perl cowsay ran`)
      t.ok(existsSync(marker), `${name}: Perl cowsay ran the command`)
      rmSync(marker, { force: true })

      t.throws(() => readCowFile(Buffer.from(source)), CowFileError, `${name}: refused`)
      t.notOk(existsSync(marker), `${name}: the command never ran`)
    }
  })
})
