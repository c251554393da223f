import t from 'tap'
import { canonicalPath } from '../../src/results/canonical.js'
import { whenInstalled } from '../support/tools.js'
import { CHROMIUM } from '../support/chromium.js'
import { openPage, startBrowser } from './support/browser.js'
import { apiResult, withDefaults } from './support/form.js'
import { listen } from '../helper.js'

const TEXT = 'Copy me: /?#%+ 中文 🐄\nsecond line'

whenInstalled(t, [CHROMIUM], () => {
  t.test('the result page: copy buttons, downloads, embeds, a random cow, the plain-text and JSON versions', async (t) => {
    const { origin: base } = await listen(t)
    const browser = await startBrowser()
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

    await page.getByRole('button', { name: 'Copy Markdown' }).click()
    await t.resolves(status.filter({ hasText: 'Markdown copied to the clipboard' }).waitFor(), 'Copy Markdown says what it did')
    const markdown = await clipboard()
    t.equal(markdown, `![Tux thinks: ${TEXT.replace(/\s+/g, ' ')}](${api.permalink}&format=png)`, 'a Markdown image of the PNG')
    await page.getByRole('button', { name: 'Copy HTML' }).click()
    await t.resolves(status.filter({ hasText: 'HTML copied to the clipboard' }).waitFor(), 'Copy HTML says what it did')
    // The snippet, parsed as HTML, is an <img> whose picture loads at the size it states.
    const embedded = await page.evaluate(`(async () => {
      const holder = document.createElement('div')
      holder.innerHTML = await navigator.clipboard.readText()
      const image = holder.querySelector('img')
      await image.decode()
      return { alt: image.alt, src: image.src, width: image.width, height: image.height, naturalWidth: image.naturalWidth, naturalHeight: image.naturalHeight }
    })()`) as { alt: string, src: string, width: number, height: number, naturalWidth: number, naturalHeight: number }
    t.equal(embedded.src, api.permalink + '&format=png', 'an HTML <img> of the PNG')
    t.equal(embedded.alt, `Tux thinks: ${TEXT.replace(/\s+/g, ' ')}`, 'with its alternative text')
    t.same([embedded.naturalWidth, embedded.naturalHeight], [embedded.width * 2, embedded.height * 2], 'at half the PNG\'s pixels: sharp on high-density screens')

    for (const [name, type] of [['Download PNG', 'image/png'], ['Download SVG', 'image/svg+xml']] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()])
      t.equal(download.suggestedFilename(), `tux-thinks.${type === 'image/png' ? 'png' : 'svg'}`, `${name}: a file named after the cow`)
      const response = await fetch(download.url())
      t.equal(response.headers.get('content-type')?.split(';')[0], type, `${name}: ${type}`)
    }

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
