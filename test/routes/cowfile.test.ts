import t from 'tap'
import { deflateRawSync } from 'node:zlib'
import { MAX_COWFILE_LENGTH, MAX_LINK_LENGTH, encodeCowFile } from '../../src/cowsay/index.js'
import { ACCEPT, build } from '../helper.js'

/*
 * Your own cow in the link: `cowfile=` carries a cow file (raw DEFLATE, unpadded base64url), the
 * form's textarea its text; the canonical URL writes our encoding, and a bad one is a 400 that
 * says what is wrong and where.
 */

const COW = '## mine\n$the_cow = <<EOC;\n  $thoughts\n   ($eyes) my own cow\n    $tongue\nEOC\n'
const DRAWING = ' ____\n< hi >\n ----\n  \\\n   (oo) my own cow\n      \n'
const encoded = encodeCowFile(COW)

t.test('a cow file in the link draws that cow, in every representation', async (t) => {
  const app = await build(t)
  const text = await app.inject({ url: `/say/hi?cowfile=${encoded}`, headers: { accept: ACCEPT.text } })
  t.equal(text.statusCode, 200)
  t.equal(text.body, DRAWING)

  const json = await app.inject({ url: `/say/hi?cowfile=${encoded}`, headers: { accept: ACCEPT.json } })
  t.match(json.json(), { cow: 'default', cowfile: COW, output: DRAWING, permalink: `http://localhost:80/say/hi?cowfile=${encoded}` })

  const page = await app.inject({ url: `/think/hi?cowfile=${encoded}&eyes=%5E%5E` })
  t.equal(page.statusCode, 200)
  t.match(page.body, '(^^) my own cow', 'the face and the thought trail reach it')
  t.match(page.body, /<details class="field field-wide field-cowfile" open>/, 'the form comes back with the cow file, open')
  t.match(page.body, '## mine\n$the_cow = &lt;&lt;EOC;', 'as text in the textarea')

  const png = await app.inject({ url: `/say/hi?cowfile=${encoded}&format=png` })
  t.equal(png.headers['content-type'], 'image/png')
})

t.test('one cow file has one URL: other compressors, and the form\'s text, lead to ours', async (t) => {
  const app = await build(t)
  const theirs = deflateRawSync(Buffer.from(COW), { level: 0 }).toString('base64url')
  t.not(theirs, encoded, 'another compressor writes other bytes')
  const a = await app.inject({ url: `/say/hi?cowfile=${theirs}`, headers: { accept: ACCEPT.json } })
  t.equal(a.json<{ permalink: string }>().permalink, `http://localhost:80/say/hi?cowfile=${encoded}`, 'the canonical URL is our encoding')

  const form = await app.inject({ url: `/say?text=hi&cow=tux&cowfile=${encodeURIComponent(COW)}` })
  t.equal(form.statusCode, 303, 'the form sends the text itself')
  t.equal(form.headers.location, `/say/hi?cowfile=${encoded}`, 'and lands on the canonical URL: the cow file wins over cow, which is dropped')

  const named = await app.inject({ url: `/say/hi?cow=tux&cowfile=${encoded}`, headers: { accept: ACCEPT.text } })
  t.equal(named.body, DRAWING, 'with cow= and cowfile= both given, the cow file is drawn')
  const unknown = await app.inject({ url: `/say/hi?cow=nosuchcow&cowfile=${encoded}`, headers: { accept: ACCEPT.text } })
  t.equal(unknown.statusCode, 200, 'cow= is not even read')

  const etags = await Promise.all([theirs, encoded].map(async (value) =>
    (await app.inject({ url: `/say/hi?cowfile=${value}`, headers: { accept: ACCEPT.text } })).headers.etag))
  t.equal(etags[0], etags[1], 'cached by the canonical identity: the same ETag whichever encoding came')
})

t.test('a bad cowfile is a 400 (or 414) that says what is wrong and where', async (t) => {
  const app = await build(t)
  const rows: Array<[name: string, value: string, status: number, message: RegExp]> = [
    ['one character too many for base64', 'A'.repeat(5), 400, /not base64url: its length/],
    ['not DEFLATE', 'AAAA', 400, /not raw DEFLATE data/],
    ['a cow that would run a command', encodeCowFile('system("touch /tmp/x");\n' + COW), 400, /cowfile: line 1: `system` runs a command/],
    ['an unterminated heredoc', encodeCowFile('$the_cow = <<EOC;\n  moo\n'), 400, /cowfile: line 1: the heredoc is never closed/],
    ['a terminal escape that is not a colour', encodeCowFile('$the_cow = <<EOC;\n\\e]52;c;eA==\\a\nEOC\n'), 400, /line 2: an escape that is not a complete colour sequence/],
    ['invalid UTF-8', deflateRawSync(Buffer.from([0x23, 0xFF, 0x0A])).toString('base64url'), 400, /line 1: not valid UTF-8/],
    ['binary', deflateRawSync(Buffer.from([0x00, 0x01, 0x02])).toString('base64url'), 400, /binary file/],
    ['a zip bomb', deflateRawSync(Buffer.alloc(1_000_000, 0x23)).toString('base64url'), 400, /decompresses to more than 65536 bytes/],
    ['text that is no cow file', 'hello there!', 400, /not base64url, which has only .*line 1: `hello`/],
    ['over the limit', 'A'.repeat(MAX_COWFILE_LENGTH + 4), 414, new RegExp(`the limit is ${MAX_COWFILE_LENGTH}`)]
  ]
  for (const [name, value, status, message] of rows) {
    const response = await app.inject({ url: `/say/hi?cowfile=${value}`, headers: { accept: ACCEPT.json } })
    t.equal(response.statusCode, status, `${name}: ${status}`)
    t.match(response.json<{ message: string }>().message, message, `${name}: says why`)
  }
})

t.test('message and cow file together must fit in one link', async (t) => {
  const app = await build(t)
  // Incompressible: random bytes in comments, so the encoding is near its limit.
  let noise = ''
  for (let index = 0; noise.length < MAX_COWFILE_LENGTH * 0.95; index++) noise += `# ${Math.sin(index).toString(36).slice(2)}\n`
  const big = encodeCowFile(noise + COW)
  t.ok(big.length <= MAX_COWFILE_LENGTH, `the cow file alone is within the limit (${big.length})`)
  const short = await app.inject({ url: `/say/hi?cowfile=${big}`, headers: { accept: ACCEPT.text } })
  t.equal(short.statusCode, 200, 'with a short message it fits')
  const longText = encodeURIComponent('中'.repeat(1000))
  const long = await app.inject({ url: `/say/${longText}?cowfile=${big}`, headers: { accept: ACCEPT.json } })
  t.equal(long.statusCode, 414, 'with the longest message it does not')
  t.match(long.json<{ message: string }>().message, new RegExp(`together they may take at most ${MAX_LINK_LENGTH}`))
})
