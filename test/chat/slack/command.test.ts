import t from 'tap'
import { DEFAULT_OPTIONS, InputError, MODES, type CowOptions } from '../../../src/cowsay/index.js'
import { MODE_LETTERS } from '../../../src/cowsay/options.js'
import type { TypedCommand } from '../../../src/chat/command.js'
import { parseCommand } from '../../../src/chat/slack/platform.js'
import { asSlackSendsIt } from '../../support/slack.js'
import { quote } from '../../support/quote.js'

/** What the user typed after the command, sent as Slack sends it. */
const parse = (typed: string, command = '/cowsay'): TypedCommand => parseCommand(command, asSlackSendsIt(typed))

const draw = (text: string, options: Partial<CowOptions> = {}): TypedCommand =>
  ({ kind: 'draw', text, options: { ...DEFAULT_OPTIONS, ...options } })

t.test('the text says itself; options come first, as in the terminal', async (t) => {
  const cases: Array<[typed: string, expected: TypedCommand]> = [
    ['hello world', draw('hello world')],
    ['  hello   world  ', draw('hello   world  ')],
    ['-f tux hello', draw('hello', { cow: 'tux' })],
    ['-ftux hello', draw('hello', { cow: 'tux' })],
    ['--cow tux hello', draw('hello', { cow: 'tux' })],
    ['--cow=tux hello', draw('hello', { cow: 'tux' })],
    ['-f random hello', draw('hello', { cow: 'random' })],
    ['-e ^^ hello', draw('hello', { eyes: '^^' })],
    ['-e^^ hello', draw('hello', { eyes: '^^' })],
    ['-e🐄🐄 hello', draw('hello', { eyes: '🐄🐄' })],
    ['--eyes=^^ hello', draw('hello', { eyes: '^^' })],
    ['-e 🐄🐄 hello', draw('hello', { eyes: '🐄🐄' })],
    ['-e o hello', draw('hello', { eyes: 'o' })],
    ['-T U hello', draw('hello', { tongue: 'U' })],
    ['-TU hello', draw('hello', { tongue: 'U' })],
    ['--tongue U hello', draw('hello', { tongue: 'U' })],
    ['-W 30 hello', draw('hello', { width: 30 })],
    ['-W30 hello', draw('hello', { width: 30 })],
    ['--width=2 hello', draw('hello', { width: 2 })],
    ['--width 200 hello', draw('hello', { width: 200 })],
    ['-n hello', draw('hello', { nowrap: true })],
    ['--nowrap hello', draw('hello', { nowrap: true })],
    ['--nowrap=0 hello', draw('hello')],
    ['--mode=dead hello', draw('hello', { mode: 'dead' })],
    ['--mode dead hello', draw('hello', { mode: 'dead' })],
    ['-dn hello', draw('hello', { mode: 'dead', nowrap: true })],
    ['-d -d hello', draw('hello', { mode: 'dead' })],
    ['-nW30 -ftux -e ** hi', draw('hi', { nowrap: true, width: 30, cow: 'tux', eyes: '**' })],
    ['-f tux -f default hi', draw('hi', { cow: 'default' })],
    ['-f tux', draw('moo', { cow: 'tux' })],
    ['think hmm', draw('hmm', { action: 'think' })],
    ['think -f tux hmm', draw('hmm', { action: 'think', cow: 'tux' })],
    ['think', draw('moo', { action: 'think' })],
    ['thinking of you', draw('thinking of you')],
    ['hello -d', draw('hello -d')],
    ['-- -d is not an option', draw('-d is not an option')],
    ['-f tux -- -- help', draw('-- help', { cow: 'tux' })],
    ['-- help', draw('help')],
    ['-- cows', draw('cows')],
    ['--', draw('moo')],
    ['-5 degrees', draw('-5 degrees')],
    ['- dash', draw('- dash')],
    ['-n line one\n  line two\n\tthree', draw('line one\n  line two\n\tthree', { nowrap: true })],
    ['-n\nfirst\nsecond', draw('first\nsecond', { nowrap: true })],
    ['crlf\r\nline', draw('crlf\nline')],
    ['a < b && c > d', draw('a < b && c > d')],
    ['&amp; &lt;typed&gt;', draw('&amp; &lt;typed&gt;')],
    ['<!channel> <@U123>', draw('<!channel> <@U123>')],
    ['Help', draw('Help')],
    ['help me', draw('help me')]
  ]
  for (const [typed, expected] of cases) {
    t.same(parse(typed), expected, quote(typed))
  }
})

t.test('every mode flag is cowsay\'s', async (t) => {
  t.same(Object.values(MODE_LETTERS).sort(), [...MODES].sort(), 'one flag per mode')
  const letters: Record<string, string> = { borg: 'b', dead: 'd', greedy: 'g', paranoid: 'p', stoned: 's', tired: 't', wired: 'w', youthful: 'y' }
  for (const mode of MODES) {
    t.same(parse(`-${letters[mode]} hi`), draw('hi', { mode }), `-${letters[mode]} is ${mode}`)
  }
})

t.test('/cowthink thinks; its first word is never taken for a keyword', async (t) => {
  t.same(parse('hmm', '/cowthink'), draw('hmm', { action: 'think' }))
  t.same(parse('-d hmm', '/cowthink'), draw('hmm', { action: 'think', mode: 'dead' }))
  t.same(parse('think about it', '/cowthink'), draw('think about it', { action: 'think' }))
  t.same(parse('help', '/cowthink'), { kind: 'help' })
})

t.test('help, no text, and cows answer with usage and the list', async (t) => {
  const cases: Array<[typed: string, kind: 'help' | 'cows']> = [
    ['', 'help'], ['   ', 'help'], ['help', 'help'], [' help ', 'help'], ['-h', 'help'], ['--help', 'help'], ['-f tux -h', 'help'],
    ['cows', 'cows'], ['-l', 'cows'], ['-d -l hi', 'cows']
  ]
  for (const [typed, kind] of cases) {
    t.same(parse(typed), { kind }, `${quote(typed)} -> ${kind}`)
  }
})

t.test('mistakes are refused with the web\'s words', async (t) => {
  const cases: Array<[typed: string, status: number, message: string | RegExp]> = [
    ['-f nope hi', 400, /^Unknown cow "nope": see \/cows for the \d+ cows there are \(or use "random"\)$/],
    ['-f __proto__ hi', 400, /^Unknown cow "__proto__"/],
    ['-f ../../../../etc/passwd hi', 400, /^Unknown cow "..\/..\/..\/..\/etc\/passwd"/],
    ['-f ' + 'x'.repeat(65) + ' hi', 400, /^Invalid option -f "x+…": it must be a cow from \/cows, or "random"$/],
    ['-e abc hi', 400, 'Invalid option -e "abc": it must be 1 or 2 characters'],
    ['--eyes=🐄🐄🐄 hi', 400, 'Invalid option --eyes "🐄🐄🐄": it must be 1 or 2 characters'],
    ['-T xyz hi', 400, 'Invalid option -T "xyz": it must be 1 or 2 characters'],
    ['-W 1 hi', 400, 'Invalid option -W "1": it must be a whole number from 2 to 200'],
    ['-W 201 hi', 400, 'Invalid option -W "201": it must be a whole number from 2 to 200'],
    ['-W 0 hi', 400, /-W "0": it must be a whole number from 2 to 200/],
    ['-W -3 hi', 400, /-W "-3": it must be a whole number/],
    ['-W 10.5 hi', 400, /-W "10.5": it must be a whole number/],
    ['-W 1e3 hi', 400, /-W "1e3": it must be a whole number/],
    ['-W ten hi', 400, /-W "ten": it must be a whole number/],
    ['-W 99999999999 hi', 400, /-W "99999999999": it must be a whole number/],
    ['--width=', 400, /--width "": it must be a whole number/],
    ['--mode=shout hi', 400, /^Invalid option --mode "shout": it must be one of borg, dead, greedy, paranoid, stoned, tired, wired, youthful$/],
    ['--nowrap=maybe hi', 400, /--nowrap "maybe": it must be 1, true or on/],
    ['-d -b hi', 400, 'Choose one mode: -d (dead) and -b (borg) were both given'],
    ['--mode=dead -s hi', 400, 'Choose one mode: --mode (dead) and -s (stoned) were both given'],
    ['-x hi', 400, 'Unknown option "-x": "/cowsay help" lists the options; put -- before a message that starts with -'],
    ['-dx hi', 400, /^Unknown option "-x"/],
    ['-d🐄 hi', 400, /^Unknown option "-🐄"/],
    ['--colour=red hi', 400, /^Unknown option "--colour"/],
    ['-lol that was funny', 400, /^Unknown option "-o"/],
    ['-f', 400, 'Option -f needs a value: it must be a cow from /cows, or "random"'],
    ['-d -W', 400, 'Option -W needs a value: it must be a whole number from 2 to 200'],
    ['--eyes', 400, 'Option --eyes needs a value: it must be 1 or 2 characters'],
    ['a'.repeat(1001), 414, 'Message too long: 1001 characters; the limit is 1000'],
    ['-f tux ' + '🐄'.repeat(1001), 414, 'Message too long: 1001 characters; the limit is 1000'],
    ['<'.repeat(1001), 414, 'Message too long: 1001 characters; the limit is 1000'],
    ['bell \u0007', 400, 'Message contains the control character U+0007; only newline and tab are allowed'],
    ['esc \u001B[31mred', 400, /control character U\+001B/],
    ['\uFFFF', 400, /U\+FFFF, which is not a character/]
  ]
  for (const [typed, status, message] of cases) {
    // The web answers these 400 or 414; the command's reader says which kind of mistake it is.
    t.throws(() => parse(typed), { problem: status === 414 ? 'too long' : 'invalid', message }, `${quote(typed.slice(0, 40))}: ${status}`)
    try { parse(typed) } catch (error) { t.ok(error instanceof InputError, 'an InputError, for the route to show') }
  }
})

t.test('the longest message passes, counted as the user typed it', async (t) => {
  for (const text of ['a'.repeat(1000), '🐄'.repeat(1000), '&'.repeat(1000), '<>'.repeat(500)]) {
    const command = parse(text)
    t.equal(command.kind, 'draw', `${quote(text.slice(0, 4))} x ${Array.from(text).length}`)
    if (command.kind === 'draw') t.equal(command.text, text, 'the whole text, decoded')
  }
})

t.test('-c and --color colour the cow, with the web\'s values and words', async (t) => {
  t.same(parse('-c rainbow,bold hi'), draw('hi', { color: 'rainbow,bold' }))
  t.same(parse('-cbold hi'), draw('hi', { color: 'bold' }))
  t.same(parse('--color=bold,cyan hi'), draw('hi', { color: 'cyan,bold' }), 'written as the canonical URL writes it')
  t.same(parse('-dn -c aurora hi'), draw('hi', { mode: 'dead', nowrap: true, color: 'aurora' }))
  t.throws(() => parse('-c purple hi'), new InputError('Invalid option -c "purple": it must be one of rainbow, aurora, red, green, yellow, blue, magenta, cyan, optionally with ",bold" (for example rainbow,bold), or bold alone'))
})
