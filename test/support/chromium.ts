import { chromium, type Browser } from 'playwright-core'
import { installedAt, type RequiredTool } from './tools.js'

/** Debian's Chromium: the project never downloads a browser of its own. */
export const CHROMIUM_PATH = '/usr/bin/chromium'
export const CHROMIUM: RequiredTool = installedAt(CHROMIUM_PATH, "Debian's Chromium is needed: apt-get install chromium")

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

/** Launches Debian's Chromium (Playwright gives it a fresh profile and removes it on close). */
export async function launchChromium (): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true })
}
