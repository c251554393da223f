/**
 * The terminal screenshot (the README and docs/terminal.md show it): `npm run screenshot:terminal` writes
 * docs/terminal.png. The real curl fetches a coloured cow from the real app,
 * inside tmux, a real terminal emulator; tmux's screen, with its colours
 * (capture-pane -e), is then drawn as a terminal window on a page that
 * Chromium photographs. test/e2e/terminal-screenshot.test.ts runs the same
 * steps into a temporary file.
 */
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import type { Browser } from 'playwright-core'
import { PALETTE, SURFACE } from '../src/image/palette.js'
import { parseAnsi, stripAnsi, type Color } from '../src/cowsay/sgr.js'
import { buildApp } from '../src/app.js'
import { testConfig } from '../test/support/config.js'
import { CHROMIUM, launchChromium } from '../test/support/chromium.js'
import { installedAt, type RequiredTool } from '../test/support/tools.js'

const TMUX_PATH = '/usr/bin/tmux'
export const TMUX: RequiredTool = installedAt(TMUX_PATH, 'tmux is needed: apt-get install tmux')
export const CURL: RequiredTool = installedAt('/usr/bin/curl', 'curl is needed: apt-get install curl')
const COLUMNS = 80
const ROWS = 13

/** What the screenshot shows being typed, and the path it fetches. */
export const SHOWN_ORIGIN = 'https://cowsay.example'
export const SHOWN_PATH = '/say/Hello%2C%20terminal%21?color=rainbow,bold'

const tmux = (socket: string, ...args: string[]): string => {
  const run = spawnSync(TMUX_PATH, ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8', timeout: 10_000 })
  if (run.status !== 0) throw new Error(`tmux ${args[0] ?? ''} failed: ${run.stderr}`)
  return run.stdout
}

/**
 * Runs curl against `origin` in a detached tmux session of COLUMNS × ROWS and
 * returns the screen with its SGR escapes, as tmux drew it. The prompt line
 * shows the public URL; the request goes to the local server.
 */
export async function captureCurl (origin: string, path = SHOWN_PATH): Promise<string> {
  const socket = `cowsay-shot-${process.pid}`
  // No shell startup files, a plain prompt, a 256-colour terminal.
  const script = `printf "\\$ curl '%s'\\n" '${SHOWN_ORIGIN}${path}'; curl -s '${origin}${path}'; printf '$ '; sleep 60`
  tmux(socket, 'new-session', '-d', '-s', 'shot', '-x', String(COLUMNS), '-y', String(ROWS), '-e', 'TERM=xterm-256color', 'sh', '-c', script)
  try {
    const deadline = Date.now() + 10_000
    let screen = ''
    // Done when the second prompt is on the screen.
    while (!/\|\|\n\$ *$/.test(stripAnsi(screen).trimEnd())) {
      if (Date.now() > deadline) throw new Error(`curl did not finish in tmux:\n${screen}`)
      await sleep(100)
      screen = tmux(socket, 'capture-pane', '-p', '-e', '-t', 'shot')
    }
    return screen
  } finally {
    tmux(socket, 'kill-server')
  }
}

const css = (color: Color | null, fallback: string): string => color === null ? fallback : typeof color === 'string' ? color : PALETTE[color] ?? fallback
const escapeHtml = (text: string): string => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)

/** The captured screen as a terminal window: each run in the colours tmux gave it. */
function terminalPage (screen: string): string {
  const rows = parseAnsi(screen.replace(/\n+$/, '')).map((spans) => spans.map(({ text, style }) =>
    `<span style="color:${css(style.fg, SURFACE.foreground)};${style.bg === null ? '' : `background:${css(style.bg, SURFACE.background)};`}${style.bold ? 'font-weight:bold;' : ''}">${escapeHtml(text)}</span>`
  ).join('')).join('\n')
  return `<!doctype html><meta charset="utf-8"><style>
  body { margin: 0; }
  .frame { padding: 24px; background: #e9ebef; display: inline-block; }
  .window { border-radius: 10px; overflow: hidden; box-shadow: 0 8px 28px rgba(0,0,0,.28); background: ${SURFACE.background}; }
  .bar { height: 28px; background: #30364a; display: flex; align-items: center; gap: 8px; padding-left: 12px; }
  .bar i { width: 12px; height: 12px; border-radius: 50%; display: block; }
  pre { margin: 0; padding: 14px 18px 18px; font: 15px/1.25 'DejaVu Sans Mono', monospace; color: ${SURFACE.foreground}; }
  </style><div class="frame"><div class="window"><div class="bar"><i style="background:#ff5f57"></i><i style="background:#febc2e"></i><i style="background:#28c840"></i></div><pre>${rows}</pre></div></div>`
}

/** The terminal screenshot of curl against `origin`, as a PNG. */
export async function terminalScreenshot (browser: Browser, origin: string): Promise<Buffer> {
  const screen = await captureCurl(origin)
  const context = await browser.newContext({ deviceScaleFactor: 2 })
  try {
    const page = await context.newPage()
    await page.setContent(terminalPage(screen))
    return await page.locator('.frame').screenshot({ animations: 'disabled' })
  } finally {
    await context.close()
  }
}

async function main (): Promise<void> {
  for (const tool of [CHROMIUM, TMUX, CURL]) if (!tool.installed) throw new Error(tool.hint)
  const file = fileURLToPath(new URL('../docs/terminal.png', import.meta.url))
  const app = await buildApp(testConfig({ publicUrl: SHOWN_ORIGIN }))
  const browser = await launchChromium()
  try {
    const origin = await app.listen({ port: 0, host: '127.0.0.1' })
    writeFileSync(file, await terminalScreenshot(browser, origin))
    console.log(file)
  } finally {
    await browser.close()
    await app.close()
  }
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) await main()
