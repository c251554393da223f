import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

/** Debian's Chromium: the project never downloads a browser of its own. */
export const CHROMIUM = '/usr/bin/chromium'
export const CHROMIUM_INSTALL_HINT = `Debian's Chromium is needed at ${CHROMIUM}: apt-get install chromium`

// Headless, as root in CI (hence no sandbox), and quiet: without the
// background-networking flags Chromium keeps calling Google's services, which
// a closed network refuses many times a second.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run'
] as const

export const hasChromium = (): boolean => existsSync(CHROMIUM)

/** Launches Debian's Chromium (Playwright gives it a fresh profile and removes it on close). */
export async function launchChromium (): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS], headless: true })
}
