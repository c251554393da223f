/**
 * Lighthouse on the pages people see (the form, a result, the gallery and an
 * error page), as a phone and as a desktop, in Debian's Chromium, against the
 * real server (`node dist/server.js`) on loopback. `npm run lighthouse` prints
 * the scores; test/e2e/lighthouse.test.ts holds them to the project's targets.
 *
 * Only the four categories are gathered, without screenshots, and performance
 * is measured with Lighthouse's simulated throttling (its default): the page
 * loads at full speed and the slow network and CPU are computed from the trace,
 * which a loaded machine disturbs far less than real throttling would.
 */
import lighthouse, { desktopConfig } from 'lighthouse'
import { launch, type LaunchedChrome } from 'chrome-launcher'
import { CHROMIUM, CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/support/chromium.js'
import { startServer } from '../test/support/node-server.js'
import type { PageCase } from '../test/support/pages.js'

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const
type Category = typeof CATEGORIES[number]

export const FORM_FACTORS = ['mobile', 'desktop'] as const
type FormFactor = typeof FORM_FACTORS[number]

/** One page of each kind a visitor meets. */
export const AUDITED_PAGES: readonly PageCase[] = [
  { name: 'the form', path: '/', status: 200 },
  { name: 'a result', path: '/say/Hello%2C%20world%21?cow=tux', status: 200 },
  { name: 'the gallery', path: '/cows', status: 200 },
  { name: 'an error', path: '/say/Hello?width=0', status: 400 }
]

export interface Report {
  page: PageCase
  formFactor: FormFactor
  /** 0 to 100 per category; null when Lighthouse could not score it. */
  scores: Record<Category, number | null>
  /** Cumulative layout shift, unitless. */
  layoutShift: number | null
  /** The audits that cost points outside performance, as "category: audit (value)", and any that failed to run. */
  failing: string[]
  /** What Lighthouse warned about the run itself. */
  warnings: string[]
}

/** Debian's Chromium with a DevTools port for Lighthouse (and a fresh profile, removed on kill). */
export async function launchForLighthouse (): Promise<LaunchedChrome> {
  return launch({ chromePath: CHROMIUM_PATH, chromeFlags: [...CHROMIUM_ARGS], logLevel: 'silent' })
}

/** Audits one page; Chromium must be launched (one run at a time per Chromium). */
export async function audit (chrome: LaunchedChrome, base: string, page: PageCase, formFactor: FormFactor): Promise<Report> {
  const result = await lighthouse(base + page.path, {
    port: chrome.port,
    logLevel: 'error',
    onlyCategories: [...CATEGORIES],
    // An error page is audited as it is: its status is the point, not a failed load.
    ignoreStatusCode: page.status !== 200,
    disableFullPageScreenshot: true,
    skipAudits: ['screenshot-thumbnails', 'final-screenshot']
  }, formFactor === 'desktop' ? desktopConfig : undefined)
  if (result === undefined) throw new Error(`Lighthouse returned nothing for ${page.path}`)
  const { lhr } = result
  const scores = Object.fromEntries(CATEGORIES.map((id) => {
    const score = lhr.categories[id]?.score
    return [id, score === null || score === undefined ? null : Math.round(score * 100)]
  })) as Record<Category, number | null>
  const failing: string[] = []
  // An audit that counts and could not run (a metric missing from the trace) leaves its category unscored.
  // (With Debian's Chromium a few diagnostics that count for nothing fail in the trace engine: left out.)
  const weighted = new Set(CATEGORIES.flatMap((id) => (lhr.categories[id]?.auditRefs ?? []).filter((ref) => ref.weight > 0).map((ref) => ref.id)))
  for (const found of Object.values(lhr.audits)) {
    if (found.scoreDisplayMode === 'error' && weighted.has(found.id)) failing.push(`${found.id}: error (${found.errorMessage ?? 'no message'})`)
  }
  for (const id of CATEGORIES.filter((id) => id !== 'performance')) {
    for (const ref of lhr.categories[id]?.auditRefs ?? []) {
      const found = lhr.audits[ref.id]
      if (ref.weight > 0 && found !== undefined && found.score !== null && found.score < 1) {
        failing.push(`${id}: ${ref.id}${found.displayValue === undefined ? '' : ` (${found.displayValue})`}`)
      }
    }
  }
  return {
    page,
    formFactor,
    scores,
    layoutShift: lhr.audits['cumulative-layout-shift']?.numericValue ?? null,
    failing,
    warnings: [...(lhr.runtimeError === undefined ? [] : [`${lhr.runtimeError.code}: ${lhr.runtimeError.message}`]), ...lhr.runWarnings.map(String)]
  }
}

/** One line a report: the four scores and the layout shift, then what cost points. */
export function describeReport ({ page, formFactor, scores, layoutShift, failing, warnings }: Report): string {
  const numbers = CATEGORIES.map((id) => `${id} ${scores[id] ?? '-'}`).join(', ')
  const shift = layoutShift === null ? '-' : layoutShift.toFixed(3)
  return `${formFactor.padEnd(7)} ${page.name.padEnd(12)} ${numbers}, layout shift ${shift}` +
    (failing.length > 0 ? `; failing: ${failing.join(', ')}` : '') +
    (warnings.length > 0 ? `; warnings: ${warnings.join(' | ')}` : '')
}

async function main (): Promise<void> {
  if (!CHROMIUM.installed) throw new Error(CHROMIUM.hint)
  const server = await startServer({ env: { LOG_LEVEL: 'warn' } })
  const chrome = await launchForLighthouse()
  try {
    for (const formFactor of FORM_FACTORS) {
      for (const page of AUDITED_PAGES) console.log(describeReport(await audit(chrome, `http://127.0.0.1:${server.port}`, page, formFactor)))
    }
  } finally {
    chrome.kill()
    await server.stop()
  }
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) await main()
