import t from 'tap'
import { PALETTE } from '../../src/image/palette.js'
import { stripAnsi } from '../../src/cowsay/sgr.js'
import { DEFAULT_OPTIONS, renderCow } from '../../src/cowsay/index.js'
import { CURL, SHOWN_ORIGIN, SHOWN_PATH, TMUX, captureCurl, terminalScreenshot } from '../../scripts/terminal-screenshot.js'
import { listen } from '../helper.js'
import { decodePng, pixelsOf } from '../support/pictures.js'
import { CHROMIUM } from '../support/chromium.js'
import { whenInstalled } from '../support/tools.js'
import { startBrowser } from './support/browser.js'

whenInstalled(t, [CHROMIUM, TMUX, CURL], () => {
  t.test('npm run screenshot:terminal: curl in tmux, in colour, photographed', async (t) => {
    const { origin } = await listen(t, { publicUrl: SHOWN_ORIGIN })
    const screen = await captureCurl(origin)
    const shown = stripAnsi(screen)
    t.match(shown, `$ curl '${SHOWN_ORIGIN}${SHOWN_PATH}'`, 'the command, as typed')
    const cow = renderCow('Hello, terminal!', DEFAULT_OPTIONS).trimEnd()
    t.ok(shown.includes(cow), 'the cow as curl printed it, on the terminal\'s screen')
    t.match(screen, /\u001B\[[\d;]*3[1-6]m/, 'with the colours tmux drew')

    const browser = await startBrowser()
    const png = decodePng(await terminalScreenshot(browser, origin))
    t.ok(png.width > 1000 && png.height > 400, `a picture of the window: ${png.width}×${png.height}`)
    // Rainbow's six hues (SGR 31–36) are each on the picture.
    for (const index of [1, 2, 3, 4, 5, 6]) t.ok(pixelsOf(png, PALETTE[index] ?? '', undefined, 10) > 50, `colour ${index} (${PALETTE[index] ?? ''}) is drawn`)
  })
})
