import t from 'tap'
import type { Page } from 'playwright-core'
import { colorHex } from '../../src/image/palette.js'
import { parseAnsi } from '../../src/cowsay/sgr.js'
import { renderCow, type CowOptions } from '../../src/cowsay/index.js'
import { canonicalPath } from '../../src/results/canonical.js'
import { drawingLabel } from '../../src/results/drawings.js'
import { quote } from '../support/quote.js'
import { whenInstalled } from '../support/tools.js'
import { CHROMIUM } from '../support/chromium.js'
import { openPage, startBrowser } from './support/browser.js'
import { apiResult, fillForm, withDefaults } from './support/form.js'
import { listen } from '../helper.js'

/** Waits until the preview shows `output`; the debounce and the fetch take their time. */
async function previewShows (page: Page, output: string): Promise<boolean> {
  try {
    // A function, not a string: the page's policy forbids eval.
    await page.waitForFunction((expected) => {
      const { document } = globalThis as unknown as { document: { getElementById: (id: string) => { textContent: string | null } | null } }
      return document.getElementById('preview')?.textContent === expected
    }, output, { timeout: 5000 })
    return true
  } catch {
    return false
  }
}

/** One change after another on the same form: each keeps the options before it. */
const CHANGES: Array<[string, Partial<CowOptions>]> = [
  ['Hello', {}],
  ['Hello, preview', { cow: 'tux' }],
  ['Hello, preview', { cow: 'tux', action: 'think', mode: 'borg' }],
  ['a/b?c#d%e+f', { eyes: '@@', width: 10 }],
  ['..', { tongue: 'U' }],
  ['line one\nline two', { nowrap: true }],
  ['emoji 🐄 and 中文', {}],
  ['in colour', { color: 'rainbow,bold' }]
]

whenInstalled(t, [CHROMIUM], () => {
  t.test('the live preview follows the form, asking the server for the canonical URL', async (t) => {
    const { origin: base } = await listen(t)
    const browser = await startBrowser()
    const { page, problems } = await openPage(t, browser)
    const previewRequests: Array<{ url: string, status: number, accept: string, referer: string | undefined }> = []
    page.on('response', (response) => {
      if (response.request().resourceType() !== 'fetch') return
      const entry = { url: response.url(), status: response.status(), accept: response.request().headers().accept ?? '', referer: '(not read yet)' as string | undefined }
      previewRequests.push(entry)
      // What went over the network (headers() alone is what the page asked for).
      response.request().allHeaders().then((headers) => { entry.referer = headers.referer }, () => {})
    })
    await page.goto(base + '/')
    const drawing = page.locator('[data-preview] [role=img]')
    t.equal(await drawing.getAttribute('aria-label'), 'The cow says: moo', 'the page starts with a cow saying moo')

    let options: Partial<CowOptions> = {}
    for (const [text, change] of CHANGES) {
      options = { ...options, ...change }
      const name = `${quote(text)} ${JSON.stringify(options)}`
      await fillForm(page, text, change)
      const path = canonicalPath(text, withDefaults(options))
      const api = await apiResult(base + path)
      t.ok(await previewShows(page, api.output), `${name}: the preview shows the drawing the JSON API returns`)
      // A colour changes no character: the link says when the coloured drawing is in.
      await page.locator('[data-preview-link] a').getByText(api.permalink, { exact: true }).waitFor({ timeout: 5000 })
      t.equal(await drawing.getAttribute('aria-label'), drawingLabel(text, withDefaults(options)), `${name}: announced as words`)
      t.equal(await page.locator('[data-preview-link] a').textContent(), api.permalink, `${name}: the link it will have`)
      t.has(previewRequests.at(-1), { url: base + path, status: 200 }, `${name}: the canonical URL, where the server sent it`)
      // A long page's URL as Referer beside a long preview query would not fit the 16 KiB request head.
      t.same(previewRequests.filter(({ referer }) => referer !== undefined).map(({ url }) => url), [], `${name}: no preview request sends a Referer`)
      // (A coloured drawing is then also fetched as the page: the canonical URL again.)
      const hop = previewRequests.findLast(({ status }) => status === 303)
      t.ok(hop?.status === 303 && hop.url.startsWith(base + '/say?'), `${name}: from the form's own query, redirected (${hop?.status})`)
    }

    // Typing is debounced: a burst of keystrokes costs one preview or two, not one each
    // (a preview is the form's query and the redirect it answers with: counted once).
    previewRequests.splice(0)
    await page.getByLabel('Message').fill('')
    await page.getByLabel('Message').pressSequentially('typed key by key')
    const typed = await apiResult(base + canonicalPath('typed key by key', withDefaults(options)))
    t.ok(await previewShows(page, typed.output), 'the preview follows typing')
    const previews = previewRequests.filter(({ status, accept }) => status !== 303 && accept === 'application/json').length
    t.ok(previews <= 3, `debounced: ${previews} previews for 17 keystrokes`)

    // Selecting cows one after another with the keyboard shows each of them.
    await page.getByLabel('Message').fill('moo')
    await page.getByLabel('Cow', { exact: true }).selectOption('default')
    for (const cow of ['dragon', 'stegosaurus', 'tux']) {
      await page.getByLabel('Cow', { exact: true }).selectOption(cow)
      const api = await apiResult(base + canonicalPath('moo', withDefaults({ ...options, cow })))
      t.ok(await previewShows(page, api.output), `the picker shows the ${cow}`)
    }
    t.same(problems, [], 'nothing went wrong in the browser')
  })

  t.test('a colour picked shows in the preview as the page draws it, cell by cell', async (t) => {
    const { origin: base } = await listen(t)
    const browser = await startBrowser()
    const { page, problems } = await openPage(t, browser)
    await page.goto(base + '/')
    await fillForm(page, 'Rainbow', { color: 'rainbow' })
    const api = await apiResult(base + canonicalPath('Rainbow', withDefaults({ color: 'rainbow' })))
    t.ok(await previewShows(page, api.output), 'the characters are the colourless drawing\'s')
    // The page's spans, with the palette's colours: "< Rainbow >" starts magenta, red, yellow.
    const cells = await page.locator('#preview span').evaluateAll((spans) => spans.map((span) => [span.textContent, (globalThis as unknown as { getComputedStyle: (element: unknown) => { color: string } }).getComputedStyle(span).color]))
    const expected = parseAnsi(renderCow('Rainbow', withDefaults({ color: 'rainbow' }))).flat().filter((span) => span.style.fg !== null)
      .map((span) => [span.text, `rgb(${[1, 3, 5].map((at) => parseInt(colorHex(span.style.fg ?? 0).slice(at, at + 2), 16)).join(', ')})`])
    t.same(cells, expected, 'each character in the colour its escapes name')
    await page.getByLabel('Colour').selectOption('')
    await t.resolves(page.waitForFunction(() => (globalThis as unknown as { document: { querySelectorAll: (s: string) => unknown[] } }).document.querySelectorAll('#preview span').length === 0, undefined, { timeout: 5000 }), 'and back to no colour')
    t.ok(await previewShows(page, (await apiResult(base + canonicalPath('Rainbow', withDefaults({})))).output))
    t.same(problems, [], 'nothing went wrong in the browser (no CSP violation)')
  })

  t.test('the preview says what the API refuses, and recovers', async (t) => {
    const { origin: base } = await listen(t)
    const browser = await startBrowser()
    const { page, problems } = await openPage(t, browser)
    await page.goto(base + '/say/before?cow=tux')
    const problem = page.locator('#preview-problem')
    const message = page.getByLabel('Message')

    await page.getByLabel('Wrap width').fill('500')
    await t.resolves(problem.filter({ hasText: 'Invalid query parameter "width": it must be a whole number from 2 to 200' }).waitFor(), 'a width out of range')
    t.equal(await problem.getAttribute('role'), 'status', 'announced politely')
    t.equal(await message.getAttribute('aria-invalid'), 'false', 'the message itself is fine')

    await page.getByLabel('Wrap width').fill('30')
    await message.fill('bell \u0007 character')
    await t.resolves(problem.filter({ hasText: 'Message contains the control character U+0007' }).waitFor(), 'a control character')
    t.equal(await message.getAttribute('aria-invalid'), 'true', 'the message is marked invalid')
    t.match(await message.getAttribute('aria-describedby'), /preview-problem/, 'and described by the problem')

    await message.fill('fixed')
    const api = await apiResult(base + canonicalPath('fixed', withDefaults({ cow: 'tux', width: 30 })))
    t.ok(await previewShows(page, api.output), 'a good message is previewed again')
    t.equal(await problem.textContent(), '', 'and the problem is gone')
    t.equal(await message.getAttribute('aria-invalid'), 'false')

    await message.fill('🐄🐄 中文')
    t.equal(await page.locator('#text-count').textContent(), '5 / 1000', 'the counter counts characters as the server does')
    t.same(problems, [], 'nothing went wrong in the browser')
  })
})
