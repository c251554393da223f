import t, { type Test } from 'tap'
import { DEFAULT_OPTIONS, listCows, renderCow } from '../../../src/cowsay/index.js'
import { codeBlock, escapeSlack, unescapeSlack } from '../../../src/chat/slack/escape.js'
import { quote } from '../../support/quote.js'

/** What a Slack client shows for a code block's text: entities decoded, zero-width spaces invisible. */
const shown = (block: string): string => block.replace(/\u200B/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')

/** The text between the opening and closing fences; fails the test if there is more than one block. */
function inside (t: Test, block: string): string {
  t.ok(block.startsWith('```\n') && block.endsWith('\n```'), 'one fenced block')
  const body = block.slice(4, -3)
  t.notMatch(body, /```/, 'nothing inside can close it')
  return body
}

t.test('escapeSlack encodes exactly &, < and >; unescapeSlack undoes it in one pass', async (t) => {
  const cases: Array<[typed: string, sent: string]> = [
    ['a & b', 'a &amp; b'],
    ['<!channel>', '&lt;!channel&gt;'],
    ['<@U123|bob>', '&lt;@U123|bob&gt;'],
    ['<https://evil.example|click>', '&lt;https://evil.example|click&gt;'],
    ['&amp;', '&amp;amp;'],
    ['&lt;', '&amp;lt;'],
    ['"quotes" \'and\' *stars* _under_ ~tilde~', '"quotes" \'and\' *stars* _under_ ~tilde~'],
    ['🐄 中文', '🐄 中文']
  ]
  for (const [typed, sent] of cases) {
    t.equal(escapeSlack(typed), sent, quote(typed))
    t.equal(unescapeSlack(sent), typed, `${quote(sent)} round-trips`)
  }
  t.equal(unescapeSlack('&quot; &#60; &nbsp;'), '&quot; &#60; &nbsp;', 'other entities are not Slack\'s: left as typed')
})

t.test('a code block shows the drawing exactly and cannot be broken out of', async (t) => {
  const texts = ['```', '```\n<!channel> and <!here>\n```', '````', '`', '``', 'x```y', '@channel @here @everyone @Channel', '<@U123> <#C123|general>', '*bold* _it_ ~strike~ `code`', '&amp;&lt;&gt;']
  for (const text of texts) {
    const drawing = renderCow(text, { ...DEFAULT_OPTIONS, nowrap: true })
    const block = codeBlock(drawing)
    const body = inside(t, block)
    t.equal(shown(body), drawing, `${quote(text)}: shown as drawn`)
    t.notMatch(body, /[<>]/, `${quote(text)}: no Slack markup`)
    t.notMatch(body, /@(channel|here|everyone)/i, `${quote(text)}: no @-mention Slack could act on`)
  }
})

t.test('every cow fits in a code block, backticks and all', async (t) => {
  let withBackticks = 0
  for (const cow of listCows()) {
    const drawing = renderCow('moo', { ...DEFAULT_OPTIONS, cow })
    if (drawing.includes('``')) withBackticks++
    const body = inside(t, codeBlock(drawing))
    t.equal(shown(body), drawing, `${cow} is shown as drawn`)
  }
  t.ok(withBackticks > 0, `${withBackticks} cows have "\`\`" in them`)
})
