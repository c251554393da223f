import view from '@fastify/view'
import nunjucks from 'nunjucks'
import type { FastifyViewOptions } from '@fastify/view'
import { VIEWS_DIR } from '../../paths.js'
import { ansiHtml } from '../../results/ansi-html.js'
import { columnsClass, drawingLabel } from '../../results/drawings.js'
import type { AssetManifest } from './assets.js'
import precompiled from './precompiled-templates.js'

/** How templates are read and compiled: the same at build time and at run time. */
const NUNJUCKS_OPTIONS = {
  autoescape: true,
  throwOnUndefined: false,
  trimBlocks: true,
  lstripBlocks: true
} satisfies nunjucks.ConfigureOptions

/**
 * Every template under views/, compiled, as the source of an ES module whose
 * default export maps each name to its code (what nunjucks' PrecompiledLoader
 * takes). The build bundles it in place of precompiled-templates.ts, so the
 * server's first page costs no template compilation (35 ms of it here).
 */
export function precompiledTemplatesModule (): string {
  // @types/nunjucks has the wrapper take one template; nunjucks passes them all.
  const wrapper = (templates: Array<{ name: string, template: string }>): string =>
    `export default {\n${templates.map(({ name, template }) => `${JSON.stringify(name)}: (function () {\n${template}\n})()`).join(',\n')}\n}\n`
  return nunjucks.precompile(VIEWS_DIR, {
    env: new nunjucks.Environment([], NUNJUCKS_OPTIONS),
    include: ['\\.njk$'],
    wrapper: wrapper as unknown as NonNullable<nunjucks.PrecompileOptions['wrapper']>
  })
}

/** Nunjucks as @fastify/view configures it, but reading the bundle's compiled templates when there are some. */
const engine: typeof nunjucks = precompiled === null
  ? nunjucks
  : { ...nunjucks, configure: (_root: unknown, options?: nunjucks.ConfigureOptions) => new nunjucks.Environment(new nunjucks.PrecompiledLoader(precompiled as unknown as unknown[]), options) }

/**
 * Nunjucks, configured in one place: autoescape on (it is the default, stated
 * here so nobody turns it off), templates compiled once and kept, and the
 * globals and filters every page uses.
 */
export function viewOptions (assets: AssetManifest, globals: Record<string, unknown>): FastifyViewOptions {
  return {
    engine: { nunjucks: engine },
    root: VIEWS_DIR,
    production: true,
    options: {
      ...NUNJUCKS_OPTIONS,
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
