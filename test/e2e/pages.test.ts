import t from 'tap'
import { whenInstalled } from '../support/tools.js'
import { PAGES } from '../support/pages.js'
import { CHROMIUM } from '../support/chromium.js'
import { openPage, startBrowser } from './support/browser.js'
import { listen } from '../helper.js'

// Static files are named by content hash and cached for a year; pages must name
// them through asset(), never by their plain names.
const FINGERPRINTED = /^\/static\/[\w/-]+\.[0-9a-f]{10}\.(css|js|svg)$/
const ASSET_REFERENCES = 'link[rel=stylesheet], link[rel=icon], script[src], img[src]'
// The two stylesheets (the site's, the drawings' colours), the favicon, four scripts and the logo.
const ASSETS_PER_PAGE = 8

whenInstalled(t, [CHROMIUM], () => {
  t.test('every page in Chromium: no console error, no CSP violation, every asset fingerprinted', async (t) => {
    const { origin: base } = await listen(t)
    const browser = await startBrowser()
    // One page visits them all (quicker than a context each); problems are counted per visit.
    const { page, problems } = await openPage(t, browser)
    const notCachedForAYear = new Set<string>()
    let staticResponses = 0
    page.on('response', (response) => {
      const { pathname } = new URL(response.url())
      if (!pathname.startsWith('/static/')) return
      staticResponses++
      if (!/max-age=31536000.*immutable/.test(response.headers()['cache-control'] ?? '')) notCachedForAYear.add(pathname)
    })

    for (const { name, path, status } of PAGES) {
      problems.splice(0)
      // goto waits for the load event: the module scripts have run by then.
      const response = await page.goto(base + path)
      t.equal(response?.status(), status, `${name}: ${status}`)
      // Exercise what the scripts do on the page, so that their errors count too.
      const message = page.locator('textarea[name=text]')
      if (await message.count() > 0) {
        await message.fill('checking the preview')
        // An error page's form keeps the bad option it was sent, so its preview reports the problem.
        await page.locator('[data-preview-link]:not([hidden]), [data-preview-problem]:not(:empty)').first().waitFor()
      }
      const filter = page.locator('#cow-filter')
      if (await filter.count() > 0) await filter.fill('tu')

      const references = await page.locator(ASSET_REFERENCES).evaluateAll((elements) =>
        elements.map((element) => element.getAttribute('href') ?? element.getAttribute('src')))
      t.equal(references.length, ASSETS_PER_PAGE, `${name}: the page's assets`)
      t.same(references.filter((url) => !FINGERPRINTED.test(url ?? '')), [], `${name}: every asset is named by its fingerprint`)
      t.same(problems, [], `${name}: nothing went wrong in the browser`)
    }
    t.ok(staticResponses >= ASSETS_PER_PAGE, `${staticResponses} assets fetched`)
    t.same([...notCachedForAYear], [], 'every asset is cached for a year')
  })

  t.test('the problem recorder catches what the policy blocks', async (t) => {
    // So that the test above cannot pass by recording nothing: a page with an
    // inline script and inline styles, served with the app's own policy.
    const { origin: base } = await listen(t)
    const browser = await startBrowser()
    const policy = (await fetch(base + '/')).headers.get('content-security-policy') ?? ''
    t.match(policy, /script-src 'self'/)
    const { page, problems } = await openPage(t, browser)
    await page.route(base + '/probe', (route) => route.fulfill({
      contentType: 'text/html',
      headers: { 'content-security-policy': policy },
      body: '<!doctype html><title>probe</title><style>p { color: red }</style><p style="color: blue">x</p><script>console.log(1)</script>'
    }))
    await page.goto(base + '/probe')
    await page.waitForTimeout(200)
    const recorded = problems.join('\n')
    t.match(recorded, /CSP violation: style-src-elem/)
    t.match(recorded, /CSP violation: style-src-attr/)
    t.match(recorded, /CSP violation: script-src-elem/)
    t.match(recorded, /console error on .*\/probe: .*Content Security Policy/)
  })
})
