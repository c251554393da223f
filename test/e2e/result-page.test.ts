import t from 'tap'
import { canonicalPath } from '../../src/results/canonical.js'
import { whenInstalled } from '../support/required-tools.js'
import { CHROMIUM, openPage, startBrowser } from './support/browser.js'
import { apiResult, withDefaults } from './support/form.js'
import { listen } from './support/server.js'

const TEXT = 'Copy me: /?#%+ 中文 🐄\nsecond line'

whenInstalled([CHROMIUM], () => {
  t.test('the result page: copy buttons, a random cow, the plain-text and JSON versions', async (t) => {
    const base = await listen(t)
    const browser = await startBrowser(t)
    const { page, context, problems } = await openPage(t, browser)
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base })
    const url = base + canonicalPath(TEXT, withDefaults({ cow: 'tux', action: 'think', nowrap: true }))
    const api = await apiResult(url)
    await page.goto(url)
    const clipboard = async (): Promise<string> => await page.evaluate('navigator.clipboard.readText()') as string
    const status = page.getByRole('status').filter({ hasText: 'clipboard' })

    await page.getByRole('button', { name: 'Copy link' }).click()
    await t.resolves(status.filter({ hasText: 'Link copied to the clipboard' }).waitFor(), 'Copy link says what it did')
    t.equal(await clipboard(), api.permalink, 'and put the permalink on the clipboard')
    t.equal(await page.locator('[data-copy-from=permalink]').textContent(), 'Copied ✓', 'on the button too')

    await page.getByRole('button', { name: 'Copy drawing' }).click()
    await t.resolves(status.filter({ hasText: 'Drawing copied to the clipboard' }).waitFor(), 'Copy drawing says what it did')
    t.equal(await clipboard(), api.output, 'and put the exact drawing on the clipboard')
    await t.resolves(page.getByRole('button', { name: 'Copy link' }).waitFor(), 'the first button reads "Copy link" again')

    // The random cow may be the tux again, at the same URL: wait for the new page to load, not for a new URL.
    await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: 'Random cow' }).click()])
    const random = await apiResult(page.url())
    t.equal(random.text, TEXT, 'a random cow says the same text')
    t.not(new URL(page.url()).searchParams.get('cow'), 'random', `at a stable URL for one cow (${random.cow})`)
    t.equal(await page.locator('#drawing').textContent(), random.output)

    await page.goto(url)
    await page.getByRole('link', { name: 'plain text' }).click()
    t.equal(await page.locator('body').textContent(), api.output, 'the plain-text version is the drawing')
    await page.goto(url)
    await page.getByRole('link', { name: 'JSON' }).click()
    t.same(JSON.parse(await page.locator('body').textContent() ?? ''), api, 'the JSON version is the API\'s answer')
    t.same(problems, [], 'nothing went wrong in the browser')
  })
})
