import t from 'tap'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { whenInstalled } from '../support/tools.js'
import { PAGES } from '../support/pages.js'
import { CHROMIUM } from '../support/chromium.js'
import { openPage, startBrowser } from './support/browser.js'
import { listen } from '../helper.js'

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const BLOCKING = new Set(['serious', 'critical'])

interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: Array<{ target: unknown[] }>
}

/** Runs axe-core in the page (evaluated through the DevTools protocol, which the page's policy does not govern). */
async function axeViolations (page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE)
  const results = await page.evaluate('axe.run(document, { resultTypes: ["violations"] })') as { violations: AxeViolation[] }
  return results.violations
}

const describe = (violation: AxeViolation): string =>
  `${violation.impact ?? 'unknown'} ${violation.id}: ${violation.help} (${violation.nodes.slice(0, 3).map((node) => node.target.join(' ')).join(', ')})`

whenInstalled(t, [CHROMIUM], () => {
  t.test('axe-core finds no serious or critical violation on any page, light or dark', async (t) => {
    const { origin: base } = await listen(t)
    const browser = await startBrowser()
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page } = await openPage(t, browser, { colorScheme })
      const check = async (name: string): Promise<void> => {
        const violations = await axeViolations(page)
        const blocking = violations.filter((violation) => BLOCKING.has(violation.impact ?? ''))
        for (const violation of violations.filter((violation) => !blocking.includes(violation))) t.comment(`${colorScheme} ${name}: ${describe(violation)}`)
        t.same(blocking.map(describe), [], `${colorScheme}: ${name}`)
      }
      for (const { name, path } of PAGES) {
        await page.goto(base + path)
        await check(name)
      }
      // What the scripts add: a live preview, and a problem under it.
      await page.goto(base + '/say/variation')
      await page.getByLabel('Message').fill('a variation')
      await page.locator('#preview').waitFor()
      await check('a result with its variation previewed')
      await page.getByLabel('Wrap width').fill('0')
      await page.locator('#preview-problem').filter({ hasText: 'width' }).waitFor()
      await check('a preview with a problem')
    }
  })

  t.test('screen readers hear the message, not the drawing', async (t) => {
    const { origin: base } = await listen(t)
    const browser = await startBrowser()
    const { page, context } = await openPage(t, browser)
    // Chromium's own accessibility tree: what screen readers are given.
    const accessibleNodes = async (): Promise<Array<{ role: string, name: string }>> => {
      const session = await context.newCDPSession(page)
      const { nodes } = await session.send('Accessibility.getFullAXTree')
      await session.detach()
      return nodes.filter((node) => !node.ignored).map((node) => ({ role: String(node.role?.value ?? ''), name: String(node.name?.value ?? '') }))
    }
    const drawingText = (nodes: Array<{ role: string, name: string }>): string[] =>
      nodes.filter((node) => node.role !== 'image' && /_{5}|-{5}|\\/.test(node.name)).map((node) => `${node.role} ${JSON.stringify(node.name.slice(0, 40))}`)

    await page.goto(base + '/think/Hello%2C%20reader?cow=tux')
    let nodes = await accessibleNodes()
    t.same(nodes.filter((node) => node.role === 'image').map((node) => node.name), ['The tux thinks: Hello, reader'], 'the result is one image named by who says what')
    t.same(drawingText(nodes), [], 'none of the drawing\'s characters are read out')
    t.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Tux thinks: Hello, reader', 'the page has a heading, its visible caption')

    await page.getByLabel('Message').fill('a variation')
    await page.getByRole('img', { name: 'The tux thinks: a variation' }).waitFor()
    t.same(drawingText(await accessibleNodes()), [], 'nor the live preview\'s')

    await page.goto(base + '/cows')
    nodes = await accessibleNodes()
    t.same(drawingText(nodes), [], 'nor the gallery\'s, where each cow is a link with its name')
    t.ok(nodes.some((node) => node.role === 'link' && node.name === 'stegosaurus'), 'the stegosaurus link')
  })
})
