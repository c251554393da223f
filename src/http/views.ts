import view from '@fastify/view'
import nunjucks from 'nunjucks'
import type { FastifyViewOptions } from '@fastify/view'
import { VIEWS_DIR } from '../paths.js'
import { ansiHtml } from '../results/ansi-html.js'
import { columnsClass, drawingLabel } from '../results/drawings.js'
import type { AssetManifest } from './assets.js'

/**
 * Nunjucks, configured in one place: autoescape on (it is the default, stated
 * here so nobody turns it off), templates compiled once and kept, and the
 * globals and filters every page uses.
 */
export function viewOptions (assets: AssetManifest, globals: Record<string, unknown>): FastifyViewOptions {
  return {
    engine: { nunjucks },
    root: VIEWS_DIR,
    production: true,
    options: {
      autoescape: true,
      throwOnUndefined: false,
      trimBlocks: true,
      lstripBlocks: true,
      onConfigure: (env: nunjucks.Environment) => {
        env.addGlobal('asset', (file: string) => assets.url(file))
        env.addFilter('columnsClass', columnsClass)
        // Escapes the drawing itself, and gives its colours (SGR escapes) as classed spans.
        env.addFilter('ansiHtml', (drawing: string) => new nunjucks.runtime.SafeString(ansiHtml(drawing)))
        env.addGlobal('describeDrawing', drawingLabel)
        for (const [name, value] of Object.entries(globals)) env.addGlobal(name, value)
      }
    }
  }
}

export { view }
