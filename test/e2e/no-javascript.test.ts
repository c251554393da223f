import t from 'tap'
import { canonicalPath } from '../../src/results/canonical.js'
import { whenInstalled } from '../support/tools.js'
import { CHROMIUM } from '../support/chromium.js'
import { openPage, startBrowser } from './support/browser.js'
import { apiResult, fillForm, withDefaults } from './support/form.js'
import { listen } from '../helper.js'

const TEXT = 'No script: /?#%+ 中文 🐄\nstill works'
const OPTIONS = { action: 'think', cow: 'tux', mode: 'tired', width: 25, nowrap: true } as const

whenInstalled(t, [CHROMIUM], () => {
  t.test('with JavaScript off, the form and every link still work', async (t) => {
    const { origin: base } = await listen(t)
    const browser = await startBrowser()
    const { page, problems } = await openPage(t, browser, { javaScriptEnabled: false })

    await page.goto(base + '/')
    await fillForm(page, TEXT, OPTIONS)
    await Promise.all([page.waitForURL((url) => url.pathname !== '/'), page.getByRole('button', { name: 'Moo it' }).click()])
    const url = base + canonicalPath(TEXT, withDefaults(OPTIONS))
    t.equal(page.url(), url, 'the plain form lands on the canonical URL')
    const api = await apiResult(url)
    t.equal(await page.locator('#drawing').textContent(), api.output, 'with the drawing the JSON API returns')

    t.equal(await page.locator('[data-copy-from]:visible').count(), 0, 'no copy button that would do nothing')
    t.ok(await page.getByLabel('Link to this cow').isVisible(), 'the link is there to select by hand')
    t.equal(await page.getByLabel('Link to this cow').inputValue(), api.permalink)

    await page.getByRole('link', { name: 'Random cow' }).click()
    await page.waitForLoadState()
    t.equal((await apiResult(page.url())).text, TEXT, 'the random cow link goes to a cow saying the same text')

    // The prefilled form makes a variation.
    await page.goto(url)
    await page.getByLabel('says it').check()
    await Promise.all([page.waitForURL((next) => next.pathname.startsWith('/say/')), page.getByRole('button', { name: 'Moo it' }).click()])
    t.equal(page.url(), base + canonicalPath(TEXT, withDefaults({ ...OPTIONS, action: 'say' })), 'the variation keeps every other option')

    await page.goto(url)
    await page.getByRole('link', { name: 'plain text' }).click()
    t.equal(await page.locator('body').textContent(), api.output, 'the plain-text link')

    await page.goto(base + '/cows')
    t.notOk(await page.getByLabel('Find a cow by name').isVisible(), 'the gallery has no filter that would do nothing')
    await page.getByRole('link', { name: 'stegosaurus', exact: true }).click()
    t.equal(page.url(), base + '/?cow=stegosaurus', 'a cow in the gallery opens the form')
    t.equal(await page.getByLabel('Cow', { exact: true }).inputValue(), 'stegosaurus', 'with that cow chosen')

    await page.goto(base + '/say/x?width=0')
    t.equal(await page.getByLabel('Wrap width').inputValue(), '0', 'the error page keeps the bad width, to be corrected')
    await fillForm(page, 'after an error', { width: 40 })
    await Promise.all([page.waitForURL((next) => next.pathname !== '/say/x'), page.getByRole('button', { name: 'Moo it' }).click()])
    t.equal(page.url(), base + canonicalPath('after an error', withDefaults({})), 'the error page\'s form works')
    t.same(problems, [], 'nothing went wrong in the browser')
  })
})
