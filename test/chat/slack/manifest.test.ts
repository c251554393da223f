import t from 'tap'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { build } from '../../helper.js'
import { buildSlackApp } from '../../support/slack.js'

interface SlashCommand { command: string, url: string, description: string, usage_hint: string, should_escape: boolean }

const manifest = parse(readFileSync(new URL('../../../slack/manifest.yml', import.meta.url), 'utf8'))

t.test('slack/manifest.yml declares /cowsay and /cowthink, pointed at POST /slack/commands', async (t) => {
  const commands = manifest.features.slash_commands as SlashCommand[]
  t.same(commands.map((c) => c.command), ['/cowsay', '/cowthink'])
  const app = await buildSlackApp(t)
  const off = await build(t)
  for (const command of commands) {
    t.equal(command.url, 'https://YOUR-HOST/slack/commands', `${command.command}: the placeholder docs/chat/slack.md tells you to replace`)
    t.equal(command.should_escape, false, `${command.command}: the text arrives as typed`)
    t.ok(command.description.length > 0 && command.description.length <= 2000, `${command.command}: described`)
    for (const flag of ['-f', '-e', '-T', '-W', '-n', 'help', 'cows']) t.match(command.usage_hint, flag, `${command.command}: usage hint shows ${flag}`)
    const path = new URL(command.url).pathname
    const unsigned = await app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'text=hi' })
    t.equal(unsigned.statusCode, 401, `${path} is the route that verifies Slack's signature`)
    const disabled = await off.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'text=hi' })
    t.equal(disabled.statusCode, 404, `${path} is off without a secret`)
  }
  t.same(manifest.oauth_config.scopes.bot, ['commands'], 'no scope beyond slash commands')
})
