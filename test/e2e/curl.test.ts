import t from 'tap'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { stripAnsi } from '../../src/cowsay/sgr.js'
import { DEFAULT_OPTIONS, renderCow } from '../../src/cowsay/index.js'
import { fortuneAt } from '../../src/fortunes/index.js'
import { listen } from '../helper.js'
import { CURL } from '../../scripts/terminal-screenshot.js'
import { whenInstalled } from '../support/tools.js'

/*
 * Debian's real curl against the real listening server: what someone typing
 * `curl host/say/hi` gets, with curl's own User-Agent and Accept.
 */

const CURL_PATH = '/usr/bin/curl'
const run = promisify(execFile)

/** curl's standard output as bytes, and the status it saw (-w writes it to stderr). */
async function curl (...args: string[]): Promise<{ body: Buffer, status: number }> {
  const { stdout, stderr } = await run(CURL_PATH, ['--silent', '--show-error', '--max-time', '20', '--write-out', '%{stderr}%{http_code}', ...args], { encoding: 'buffer', maxBuffer: 1 << 22 })
  return { body: stdout, status: Number(stderr.toString()) }
}

whenInstalled(t, [CURL], () => {
  t.test('curl URL prints the same bytes as curl -H "Accept: text/plain" URL', async (t) => {
    const { origin } = await listen(t, { publicUrl: null })
    const paths = [
      '/say/Hello%2C%20world', '/think/Deep%20thoughts?cow=tux&mode=stoned', '/say/%E4%BD%A0%E5%A5%BD%20%F0%9F%90%84?width=10',
      '/say/Taste%20the%20rainbow?color=rainbow,bold', '/say/Aurora?color=aurora', '/cows', '/',
      '/no/such/page', '/say/x?color=purple', '/say/x?width=1'
    ]
    for (const path of paths) {
      const plain = await curl(origin + path)
      const asked = await curl('-H', 'Accept: text/plain', origin + path)
      t.equal(plain.status, asked.status, `${path}: ${plain.status}`)
      t.ok(plain.body.equals(asked.body), `${path}: the same ${plain.body.length} bytes`)
      t.notMatch(plain.body.toString(), /<html|<!doctype/i, `${path}: no HTML`)
    }
    const hello = await curl(`${origin}/say/Hello%2C%20world`)
    t.equal(hello.body.toString(), renderCow('Hello, world', DEFAULT_OPTIONS), 'the cow, exactly')
    const rainbow = await curl(`${origin}/say/Taste%20the%20rainbow?color=rainbow,bold`)
    t.match(rainbow.body.toString(), /\u001B\[1;3[1-6]mT/, 'in colour when asked')
    t.equal(stripAnsi(rainbow.body.toString()), renderCow('Taste the rainbow', DEFAULT_OPTIONS), 'and the same cow without the escapes')
    const missing = await curl(`${origin}/no/such/page`)
    t.equal(missing.status, 404)
    t.match(missing.body.toString(), /^404 Not Found: [^\n]+\n$/, 'an error is one line')
    const help = await curl(`${origin}/`)
    t.match(help.body.toString(), new RegExp(`curl ${origin.replace(/[.]/g, '\\.')}/say/Hello`), 'the usage page names this server')
  })

  t.test('curl can POST a form (even from standard input) or JSON', async (t) => {
    const { origin } = await listen(t, { publicUrl: null })
    const form = await curl(`${origin}/say`, '--data-urlencode', 'text=Any text, spaces & all', '--data', 'cow=tux')
    t.equal(form.status, 200)
    t.equal(form.body.toString(), renderCow('Any text, spaces & all', { ...DEFAULT_OPTIONS, cow: 'tux' }))
    const piped = await new Promise<string>((resolve, reject) => {
      const child = execFile(CURL_PATH, ['--silent', `${origin}/think`, '--data-urlencode', 'text@-'], (error, stdout) => { if (error === null) resolve(stdout); else reject(error) })
      child.stdin?.end('piped in\nover two lines\n')
    })
    t.equal(piped, renderCow('piped in\nover two lines\n', { ...DEFAULT_OPTIONS, action: 'think' }), 'text@- reads standard input')
    const json = await curl(`${origin}/say`, '--json', '{"text": "From a program", "color": "red"}')
    t.equal(json.status, 200, 'curl --json')
    // --json also says Accept: application/json, and an explicit Accept wins.
    const body = JSON.parse(json.body.toString()) as { ansi: string, output: string }
    t.equal(body.ansi, renderCow('From a program', { ...DEFAULT_OPTIONS, color: 'red' }), 'JSON back, the coloured drawing in ansi')
    t.equal(body.output, renderCow('From a program', DEFAULT_OPTIONS))
  })

  t.test('curl gets a random cow, a random fortune and the cow of the day on its screen, never an empty redirect', async (t) => {
    const { origin } = await listen(t, { publicUrl: null })
    for (const path of ['/say/hi?cow=random', '/fortune', '/fortune?db=riddles&short=1', '/today']) {
      // -i: the head too, as curl prints it; no -L: curl does not follow a redirect unless asked.
      const { body, status } = await curl('-i', origin + path)
      const [head = '', drawing = ''] = body.toString().split('\r\n\r\n')
      t.equal(status, 200, `${path}: 200, not a redirect`)
      const location = /^content-location: (\S+)$/im.exec(head)?.[1]
      t.ok(location?.startsWith(origin), `${path}: Content-Location names the pick (${location})`)
      t.match(head, path === '/today' ? /^cache-control: private, max-age=\d+\r?$/im : /^cache-control: no-store\r?$/im)
      t.match(drawing, /^ _{3,}\n[</(]/, `${path}: the drawing, its balloon first`)
      const again = await curl(location ?? '')
      t.equal(again.body.toString(), drawing, `${path}: the link shows the same drawing`)
    }
    const riddle = await curl(`${origin}/fortune/riddles/13`)
    t.equal(riddle.body.toString(), renderCow(fortuneAt('riddles', 13)?.text ?? '', { ...DEFAULT_OPTIONS, nowrap: true }), 'a fortune by its link, as fortune | cowsay -n')
  })
})
