import view from '@fastify/view'
import nunjucks from 'nunjucks'
import type { FastifyViewOptions } from '@fastify/view'
import { VIEWS_DIR } from '../../paths.js'
import { ansiHtml } from '../../results/ansi-html.js'
import { columnsClass, drawingLabel } from '../../results/drawings.js'
import type { FormField, FormValues } from '../../results/form.js'
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
 * The `choices` filter: a select field's options, rendered once per field by
 * partials/choices.njk and kept (per app: its cows are its COWPATH's), with
 * the request's value marked `selected`. The cow list is two hundred options,
 * and looping over them in the template was the larger part of drawing a page.
 */
function chosenFrom (env: nunjucks.Environment): (field: FormField, value: unknown) => nunjucks.runtime.SafeString {
  const lists = new Map<string, string>()
  const escape = env.getFilter('escape') as (value: string) => unknown
  return (field, value) => {
    let list = lists.get(field.name)
    if (list === undefined) {
      list = env.render('partials/choices.njk', { field })
      lists.set(field.name, list)
    }
    const option = `<option value="${String(escape(String(value)))}">`
    return new nunjucks.runtime.SafeString(list.replace(option, () => `${option.slice(0, -1)} selected>`))
  }
}

/**
 * The `cowForm` global: partials/form.njk as `form` fills it. A new message
 * with the same options (most of them) gets the same form but for the text in
 * its textarea, so the form is rendered once per set of option values, with a
 * marker where the message goes, and kept (256 sets, then forgotten at once);
 * a page fills in its message, escaped as the template would. A form with a
 * mistake to point at, or a cow file of its own, is rendered whole.
 */
function preparedForm (env: nunjucks.Environment): (form: FormValues, problem: unknown) => nunjucks.runtime.SafeString {
  const forms = new Map<string, string>()
  const escape = env.getFilter('escape') as (value: string) => unknown
  return (form, problem) => {
    if (problem !== undefined && problem !== null) return new nunjucks.runtime.SafeString(env.render('partials/form.njk', { form, problem }))
    const key = JSON.stringify({ ...form, text: '' })
    if (key.length > PREPARED_FORM_KEY_MAX) return new nunjucks.runtime.SafeString(env.render('partials/form.njk', { form }))
    let html = forms.get(key)
    if (html === undefined) {
      html = env.render('partials/form.njk', { form: { ...form, text: MESSAGE_SLOT } })
      if (forms.size >= PREPARED_FORMS_KEPT) forms.clear()
      forms.set(key, html)
    }
    // The message's textarea comes first in the form, before any value a client chose.
    return new nunjucks.runtime.SafeString(html.replace(MESSAGE_SLOT, () => String(escape(form.text))))
  }
}

/** Where the message goes in a prepared form: letters that escaping leaves alone. */
const MESSAGE_SLOT = 'cowFormMessageSlot'
const PREPARED_FORMS_KEPT = 256
const PREPARED_FORM_KEY_MAX = 1024

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
        env.addFilter('choices', chosenFrom(env))
        env.addGlobal('cowForm', preparedForm(env))
        for (const [name, value] of Object.entries(globals)) env.addGlobal(name, value)
      }
    }
  }
}

export { view }
