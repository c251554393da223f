import t from 'tap'
import { AUDITED_PAGES, FORM_FACTORS, audit, describeReport, launchForLighthouse, type Report } from '../../scripts/lighthouse.js'
import { CHROMIUM } from '../support/chromium.js'
import { startServer } from '../support/node-server.js'
import { whenInstalled } from '../support/tools.js'

/**
 * The targets: 100 for accessibility everywhere; 100 for best practices and
 * SEO on every page that answers 200 (an error page's status is what those
 * report, and its console logs the failed load); performance at least 95 as a
 * phone; no layout shift on the gallery. What a report misses of them.
 */
function missed ({ page, formFactor, scores, layoutShift }: Report): string[] {
  const misses: string[] = []
  if (scores.accessibility !== 100) misses.push(`accessibility ${scores.accessibility}`)
  if (page.status === 200 && scores['best-practices'] !== 100) misses.push(`best practices ${scores['best-practices']}`)
  if (page.status === 200 && scores.seo !== 100) misses.push(`SEO ${scores.seo}`)
  if (formFactor === 'mobile' && (scores.performance ?? 0) < 95) misses.push(`performance ${scores.performance}`)
  if (page.path === '/cows' && layoutShift !== 0) misses.push(`layout shift ${layoutShift}`)
  return misses
}

/**
 * Performance is timed on a shared machine: a run that misses is run again, up
 * to three in all, and the best run counts (Lighthouse's own advice is to look
 * at several runs). Every run is reported.
 */
const ATTEMPTS = 3

// Eight Lighthouse runs of several seconds each, and more when runs are repeated.
t.setTimeout(480_000)

whenInstalled(t, [CHROMIUM], () => {
  t.test('Lighthouse, as a phone and as a desktop, on the form, a result, the gallery and an error page', async (t) => {
    const server = await startServer({ env: { LOG_LEVEL: 'warn' } })
    t.teardown(() => server.stop())
    const chrome = await launchForLighthouse()
    t.teardown(() => chrome.kill())
    const base = `http://127.0.0.1:${server.port}`

    for (const formFactor of FORM_FACTORS) {
      for (const page of AUDITED_PAGES) {
        let misses: string[] = []
        for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
          const report = await audit(chrome, base, page, formFactor)
          t.comment(describeReport(report))
          misses = missed(report)
          if (misses.length === 0) break
        }
        t.same(misses, [], `${formFactor}, ${page.name}: ${page.status === 200 ? 'accessibility, best practices and SEO 100' : 'accessibility 100'}${formFactor === 'mobile' ? ', performance at least 95' : ''}${page.path === '/cows' ? ', no layout shift' : ''}`)
      }
    }
  })
})
