/**
 * Screenshots of the form, a result page and the gallery, at phone and desktop sizes, light
 * and dark. `npm run screenshots` writes them to docs/screenshots/ (the README and docs/web.md
 * shows one); test/e2e/screenshots.test.ts takes them into a temporary folder
 * to check that they come out right.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { buildApp } from '../src/app.js'
import { testConfig } from '../test/support/config.js'
import { canonicalPath } from '../src/results/canonical.js'
import { DEFAULT_OPTIONS } from '../src/cowsay/index.js'
import { CHROMIUM, launchChromium } from '../test/support/chromium.js'

export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 800 }
} as const
export const COLOR_SCHEMES = ['light', 'dark'] as const

export interface Screenshot {
  file: string
  viewport: keyof typeof VIEWPORTS
  colorScheme: typeof COLOR_SCHEMES[number]
}

const FORM_TEXT = 'Hello from the browser! Every cow has a link you can share.'
const RESULT_TEXT = 'Moo! This page is a link anyone can open: same cow, same words.'
// Share links in the pictures show this origin, not the port the script happened to get.
const PUBLIC_URL = 'https://cowsay.example'

const SCENES: Record<string, (page: Page, base: string) => Promise<void>> = {
  /** The form, typed into, with the live preview caught up. */
  form: async (page, base) => {
    await page.goto(base + '/')
    await page.getByLabel('Message').fill(FORM_TEXT)
    await page.getByLabel('Cow', { exact: true }).selectOption('tux')
    await page.locator('[data-preview-link] a', { hasText: 'cow=tux' }).waitFor()
    await page.getByLabel('Message').blur()
  },
  /** A result page, as someone opening a shared link sees it. */
  result: async (page, base) => {
    await page.goto(base + canonicalPath(RESULT_TEXT, { ...DEFAULT_OPTIONS }))
  },
  /** The gallery, to choose a cow from. */
  gallery: async (page, base) => {
    await page.goto(base + '/cows')
  }
}

/** Takes every scene at every size in both colour schemes; returns what it wrote. */
export async function takeScreenshots (browser: Browser, base: string, folder: string): Promise<Screenshot[]> {
  mkdirSync(folder, { recursive: true })
  const screenshots: Screenshot[] = []
  for (const [viewportName, viewport] of Object.entries(VIEWPORTS) as Array<[keyof typeof VIEWPORTS, typeof VIEWPORTS[keyof typeof VIEWPORTS]]>) {
    for (const colorScheme of COLOR_SCHEMES) {
      const context = await browser.newContext({ viewport, colorScheme, deviceScaleFactor: 1, reducedMotion: 'reduce' })
      const page = await context.newPage()
      for (const [scene, play] of Object.entries(SCENES)) {
        await play(page, base)
        const file = join(folder, `${scene}-${viewportName}-${colorScheme}.png`)
        await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' })
        screenshots.push({ file, viewport: viewportName, colorScheme })
      }
      await context.close()
    }
  }
  return screenshots
}

async function main (): Promise<void> {
  if (!CHROMIUM.installed) throw new Error(CHROMIUM.hint)
  const folder = fileURLToPath(new URL('../docs/screenshots/', import.meta.url))
  const app = await buildApp(testConfig({ publicUrl: PUBLIC_URL }))
  const browser = await launchChromium()
  try {
    const base = await app.listen({ port: 0, host: '127.0.0.1' })
    for (const { file } of await takeScreenshots(browser, base, folder)) console.log(file)
  } finally {
    await browser.close()
    await app.close()
  }
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) await main()
