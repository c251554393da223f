import t from 'tap'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { VIEWPORTS, takeScreenshots } from '../../scripts/screenshots.js'
import { whenInstalled } from '../support/tools.js'
import { CHROMIUM } from '../support/chromium.js'
import { openPage, startBrowser } from './support/browser.js'
import { listen } from '../helper.js'

const PNG_SIGNATURE = '89504e470d0a1a0a'

/** Width and height from a PNG's header chunk. */
function pngSize (png: Buffer): { width: number, height: number } {
  if (png.subarray(0, 8).toString('hex') !== PNG_SIGNATURE) throw new Error('not a PNG')
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) }
}

whenInstalled(t, [CHROMIUM], () => {
  t.test('npm run screenshots: the form, a result and the gallery, phone and desktop, light and dark', async (t) => {
    const { origin: base } = await listen(t)
    const browser = await startBrowser()
    const folder = mkdtempSync(join(tmpdir(), 'cowsay-screenshots-'))
    t.teardown(() => rmSync(folder, { recursive: true, force: true }))

    const screenshots = await takeScreenshots(browser, base, folder)
    t.equal(screenshots.length, 12, 'three pages, two sizes, two colour schemes')
    // Chromium decodes the pictures to measure how light they are on average.
    const { page } = await openPage(t, browser)
    for (const { file, viewport, colorScheme } of screenshots) {
      const name = basename(file)
      const png = readFileSync(file)
      t.same(pngSize(png), VIEWPORTS[viewport], `${name}: ${viewport} size`)
      const luminance = await page.evaluate(`(async () => {
        const image = new Image()
        image.src = 'data:image/png;base64,${png.toString('base64')}'
        await image.decode()
        const canvas = new OffscreenCanvas(image.width, image.height)
        const context = canvas.getContext('2d')
        context.drawImage(image, 0, 0)
        const { data } = context.getImageData(0, 0, image.width, image.height)
        let sum = 0
        for (let i = 0; i < data.length; i += 4) sum += 0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2]
        return sum / (data.length / 4) / 255
      })()`) as number
      if (colorScheme === 'light') t.ok(luminance > 0.6, `${name}: light (${luminance.toFixed(2)})`)
      else t.ok(luminance < 0.3, `${name}: dark (${luminance.toFixed(2)})`)
    }
  })
})
