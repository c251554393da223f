import t from 'tap'
import { acceptsAnything, isTerminalClient, productNames } from '../../src/http/negotiation/terminal-clients.js'
import { BROWSERS, TERMINAL_CLIENTS } from '../support/user-agents.js'

t.test('isTerminalClient knows command-line clients by a product name, and browsers are not', async (t) => {
  for (const client of TERMINAL_CLIENTS) t.ok(isTerminalClient(client.userAgent), client.name)
  for (const client of BROWSERS) t.notOk(isTerminalClient(client.userAgent), client.name)
  for (const userAgent of ['CURL/8.0', 'Wget/1.21 (linux-gnu)', 'HTTPie']) t.ok(isTerminalClient(userAgent), `${userAgent}: case and version do not matter`)
  for (const userAgent of [undefined, '', 'Mozilla/5.0 (curl; like wget) Gecko/1', 'curly/1.0', 'Googlebot/2.1', 'Slackbot-LinkExpanding 1.0', 'node']) {
    t.notOk(isTerminalClient(userAgent), `${JSON.stringify(userAgent)}: not by a comment, a prefix or an unknown name`)
  }
})

t.test('productNames reads the products and skips the comments', async (t) => {
  t.same(productNames('Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.26100; en-US) PowerShell/7.4.6'), ['mozilla', 'powershell'])
  t.same(productNames('Mozilla/5.0 (X11; Linux x86_64; Debian GNU/Linux 12 (bookworm)) PowerShell/7.4.6'), ['mozilla', 'powershell'], 'a nested comment')
  t.same(productNames('fetch libfetch/2.0'), ['fetch', 'libfetch'])
})

t.test('acceptsAnything: no Accept, or nothing but */*', async (t) => {
  for (const accept of [undefined, '', '*/*', ' */* ', '*/*;q=0.8', '*/*, */*']) t.ok(acceptsAnything(accept), JSON.stringify(accept))
  for (const accept of ['text/html', 'application/json, */*;q=0.5', 'text/*', 'image/png,*/*']) t.notOk(acceptsAnything(accept), JSON.stringify(accept))
})
