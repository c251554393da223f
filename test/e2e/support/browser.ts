import tap, { type Test } from 'tap'
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core'
import { launchChromium } from '../../support/chromium.js'

let launched: Promise<Browser> | undefined

/**
 * One Chromium for a suite (a test file): launched when its first test asks,
 * shared by its tests, each of which opens contexts of its own, and closed
 * when the file ends. Launching is the slow part of a browser test.
 */
export async function startBrowser (): Promise<Browser> {
  if (launched === undefined) {
    const browser = launchChromium()
    launched = browser
    tap.teardown(() => browser.then(async (started) => { await started.close() }, () => {}))
  }
  return launched
}

export interface WatchedPage {
  page: Page
  context: BrowserContext
  /**
   * What a visitor would not see but a page must never do: console errors,
   * uncaught exceptions, Content-Security-Policy violations, and scripts,
   * styles or images that fail to load. Empty when all is well.
   */
  problems: string[]
}

// A 4xx page or a preview answered 400 logs "Failed to load resource" for the
// document or the fetch: those statuses are the tests' to check. Sub-resources
// that fail are reported from their responses below instead.
const EXPECTED_STATUS_LOG = /^Failed to load resource: the server responded with a status of 4\d\d/

/** A fresh context (no cookies, no history) and a page whose problems are recorded. */
export async function openPage (t: Test, browser: Browser, options: BrowserContextOptions = {}): Promise<WatchedPage> {
  const context = await browser.newContext(options)
  t.teardown(() => context.close())
  const problems: string[] = []
  await context.exposeFunction('reportCspViolation', (violation: string) => { problems.push(`CSP violation: ${violation}`) })
  // Runs in every page before its own scripts (and is not subject to its policy).
  await context.addInitScript(`document.addEventListener('securitypolicyviolation', (event) => {
    reportCspViolation(event.effectiveDirective + ' blocked ' + (event.blockedURI || 'an inline resource') + ' in ' + event.documentURI)
  })`)
  const page = await context.newPage()
  page.on('console', (message) => {
    if (message.type() === 'error' && !EXPECTED_STATUS_LOG.test(message.text())) {
      problems.push(`console error on ${page.url()}: ${message.text()}`)
    }
  })
  page.on('pageerror', (error) => { problems.push(`uncaught exception on ${page.url()}: ${error.message}`) })
  page.on('requestfailed', (request) => {
    // The preview aborts a request when a newer one replaces it.
    if (request.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`)
  })
  page.on('response', (response) => {
    const type = response.request().resourceType()
    if (response.status() >= 400 && type !== 'document' && type !== 'fetch') {
      problems.push(`${type} ${response.url()} answered ${response.status()}`)
    }
  })
  return { page, context, problems }
}
