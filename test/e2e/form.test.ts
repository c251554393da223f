import t from 'tap'
import type { CowOptions } from '../../src/cowsay/index.js'
import { canonicalPath } from '../../src/results/canonical.js'
import { quote } from '../support/quote.js'
import { whenInstalled } from '../support/tools.js'
import { CHROMIUM } from '../support/chromium.js'
import { openPage, startBrowser } from './support/browser.js'
import { apiResult, fillForm, withDefaults } from './support/form.js'
import { listen } from '../helper.js'

/** Texts that break naive URL handling, with the options to pick alongside. */
const ROUND_TRIPS: Array<[string, Partial<CowOptions>]> = [
  ['Hello, world!', {}],
  ['a/b/c and //double', { cow: 'tux' }],
  ['why? because=yes&no', { action: 'think' }],
  ['#1 cow', { mode: 'dead' }],
  ['100% sure, %41 is not A', { eyes: '^^', tongue: 'U' }],
  ['one+one = two', { width: 12 }],
  ['line one\nline two\n\nnew paragraph', { nowrap: true }],
  ['emoji 🐄🎉 and 👍🏽 and 👨‍👩‍👧', { cow: 'moose' }],
  ['中文，日本語，한국어', { action: 'think', cow: 'dragon' }],
  ['..', {}],
  ['../../etc/passwd', { cow: 'tux' }],
  ['   leading and trailing spaces   ', {}],
  ['all at once: /?#%+ 中文 🐄\nsecond line', { action: 'think', mode: 'wired', width: 30, nowrap: true }]
]

whenInstalled(t, [CHROMIUM], () => {
  t.test('the form: submit lands on the canonical URL with the drawing the JSON API gives', async (t) => {
    const { origin: base } = await listen(t)
    const browser = await startBrowser()
    const { page, problems } = await openPage(t, browser)
    const { page: fresh } = await openPage(t, browser)
    for (const [text, options] of ROUND_TRIPS) {
      const name = `${quote(text)} ${JSON.stringify(options)}`
      await page.goto(base + '/')
      await fillForm(page, text, options)
      // Submitted at once, before the preview's debounce: the plain submit is never held up.
      await Promise.all([page.waitForURL((url) => url.pathname !== '/'), page.getByRole('button', { name: 'Moo it' }).click()])

      const expected = base + canonicalPath(text, withDefaults(options))
      t.equal(page.url(), expected, `${name}: the canonical URL`)
      const api = await apiResult(page.url())
      t.equal(api.text, text, `${name}: the text survived the trip`)
      t.equal(await page.locator('#drawing').textContent(), api.output, `${name}: the drawing the JSON API returns`)
      t.equal(await page.getByLabel('Link to this cow').inputValue(), api.permalink, `${name}: the link shown is the permalink`)
      t.equal(await page.getByLabel('Message').inputValue(), text, `${name}: the form is prefilled to try a variation`)

      await fresh.goto(expected)
      t.equal(await fresh.locator('#drawing').textContent(), api.output, `${name}: the same drawing, opened fresh`)
    }
    t.same(problems, [], 'nothing went wrong in the browser')
  })

  t.test('keyboard only: Ctrl+Enter and Cmd+Enter submit, and focus is always visible', async (t) => {
    const { origin: base } = await listen(t)
    const browser = await startBrowser()
    const { page, problems } = await openPage(t, browser)

    for (const shortcut of ['Control+Enter', 'Meta+Enter']) {
      await page.goto(base + '/')
      await page.getByLabel('Message').focus()
      await page.keyboard.type(`sent with ${shortcut}`)
      await Promise.all([page.waitForURL((url) => url.pathname !== '/'), page.keyboard.press(shortcut)])
      t.equal(page.url(), base + canonicalPath(`sent with ${shortcut}`, withDefaults({})), `${shortcut} submits the form`)
    }
    await page.goto(base + '/')
    await page.getByLabel('Wrap width').fill('500')
    await page.getByLabel('Message').press('Control+Enter')
    await page.waitForTimeout(300)
    t.equal(new URL(page.url()).pathname, '/', 'the shortcut goes through the browser\'s validation, like the button')

    // Tab through the form page and a result page: every stop shows a focus ring.
    for (const path of ['/', '/say/focus?cow=tux']) {
      await page.goto(base + path)
      const unseen: string[] = []
      let stops = 0
      for (let tab = 0; tab < 40; tab++) {
        await page.keyboard.press('Tab')
        const focused = await page.evaluate(`(() => {
          const element = document.activeElement
          if (!element || element === document.body) return null
          const style = getComputedStyle(element)
          return { name: element.tagName + (element.id ? '#' + element.id : '') + ' ' + (element.textContent || '').trim().slice(0, 20), outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 }
        })()`) as { name: string, outline: boolean } | null
        if (focused === null) break
        stops++
        if (!focused.outline) unseen.push(focused.name)
      }
      t.ok(stops >= 10, `${path}: ${stops} tab stops`)
      t.same(unseen, [], `${path}: every focused element has a visible outline`)
    }
    t.same(problems, [], 'nothing went wrong in the browser')
  })
})
