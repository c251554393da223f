// The live preview: as the message or an option changes, the cow is fetched from
// the JSON API at the very URL the form would land on, and drawn beside the form
// with its link. Errors the API answers (a message too long, a bad width) show
// under the preview. It never touches the submit: the form works as a plain GET
// with or without this file.

const DEBOUNCE_MS = 250

// The same rules as src/web/canonical.ts, so the preview asks for the canonical
// URL itself and never goes through a redirect: everything but letters, digits,
// '-' and '_' is percent-encoded, and a text with a '.' or '..' path segment
// travels in the query.
const encodeText = (text) =>
  encodeURIComponent(text).replace(/[.!'()*~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
const fitsInPath = (text) => !text.split(/[/\\]/).some((segment) => segment === '.' || segment === '..')

/** The message and options as the server reads the form: empty fields mean the defaults. */
function readForm (form, defaults) {
  const data = new FormData(form)
  const field = (name) => String(data.get(name) ?? '')
  return {
    text: field('text').replace(/\r\n?/g, '\n'),
    action: field('action') || defaults.action,
    cow: field('cow') || defaults.cow,
    mode: field('mode'),
    eyes: field('eyes') || defaults.eyes,
    tongue: field('tongue') || defaults.tongue,
    // Left as typed: the server says what is wrong with a width out of range.
    width: field('width').trim() || String(defaults.width),
    nowrap: data.has('nowrap')
  }
}

/** The canonical path of a result, built as canonicalPath() builds it. */
function canonicalPath (text, options, defaults) {
  const parameters = []
  if (options.cow !== defaults.cow) parameters.push(['cow', options.cow])
  if (options.mode !== '') parameters.push(['mode', options.mode])
  if (options.eyes !== defaults.eyes) parameters.push(['eyes', options.eyes])
  if (options.tongue !== defaults.tongue) parameters.push(['tongue', options.tongue])
  if (options.width !== String(defaults.width)) parameters.push(['width', options.width])
  if (options.nowrap) parameters.push(['nowrap', '1'])
  const query = (pairs) => pairs.length === 0 ? '' : '?' + pairs.map(([key, value]) => `${key}=${encodeText(value)}`).join('&')
  if (fitsInPath(text)) return `/${options.action}/${encodeText(text)}${query(parameters)}`
  return `/${options.action}${query([['text', text], ...parameters])}`
}

// Terminal columns, near enough to size the font: East Asian wide characters and
// emoji take two. The server's columnsClass() measures exactly.
const WIDE = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1FAFF}\u{20000}-\u{3FFFD}]/u
function columnsClass (lines) {
  let widest = 0
  for (const line of lines) {
    let width = 0
    for (const character of line) width += WIDE.test(character) ? 2 : 1
    widest = Math.max(widest, width)
  }
  return `cols-${Math.min(240, Math.max(40, Math.ceil(widest / 10) * 10))}`
}

const describe = (result, defaults) =>
  `The ${result.cow === defaults.cow ? 'cow' : result.cow} ${result.action}s: ${result.text}`

/** The preview's drawing: made on the first change when the page came without one. */
function drawingElements (preview) {
  let figure = preview.querySelector('figure.drawing')
  if (!figure) {
    // As views/partials/drawing.njk makes it.
    figure = document.createElement('figure')
    figure.setAttribute('role', 'img')
    figure.tabIndex = 0
    const pre = document.createElement('pre')
    pre.id = 'preview'
    pre.setAttribute('aria-hidden', 'true')
    figure.appendChild(pre)
    const empty = preview.querySelector('[data-preview-empty]')
    if (empty) empty.replaceWith(figure)
    else preview.querySelector('h2').after(figure)
  }
  return { figure, pre: figure.querySelector('pre') }
}

function enhance (form, preview) {
  const defaults = JSON.parse(form.dataset.defaults)
  const defaultText = form.dataset.defaultText
  const textarea = form.querySelector('textarea[name=text]')
  const counter = form.querySelector('[data-text-count]')
  const maxLength = Number(textarea.dataset.maxLength)
  const link = preview.querySelector('[data-preview-link]')
  const problem = preview.querySelector('[data-preview-problem]')
  const initial = preview.querySelector('figure.drawing')
  // The drawing the page came with: the default text with the default options.
  const defaultOptions = { ...defaults, mode: '', width: String(defaults.width) }
  let shownPath = initial ? canonicalPath(defaultText, defaultOptions, defaults) : null
  let timer
  let inFlight

  function countCharacters () {
    // Code points, as the server counts its limit (the maxlength attribute counts UTF-16 units).
    const length = [...textarea.value.replace(/\r\n?/g, '\n')].length
    counter.textContent = `${length} / ${maxLength}`
    counter.classList.toggle('is-over', length > maxLength)
    counter.hidden = false
  }

  function showProblem (message) {
    problem.textContent = message
    preview.classList.toggle('is-stale', message !== '')
    textarea.setAttribute('aria-invalid', String(message !== '' && /^Message/.test(message)))
    if (message !== '') textarea.setAttribute('aria-describedby', 'text-hint text-count preview-problem')
    else textarea.setAttribute('aria-describedby', 'text-hint text-count')
  }

  function show (result, path) {
    const { figure, pre } = drawingElements(preview)
    pre.textContent = result.output
    figure.setAttribute('aria-label', describe(result, defaults))
    figure.className = `drawing ${columnsClass(result.lines)}`
    const anchor = link.querySelector('a')
    anchor.href = result.permalink
    anchor.textContent = result.permalink
    link.hidden = false
    shownPath = path
    showProblem('')
  }

  async function update () {
    const options = readForm(form, defaults)
    const path = canonicalPath(options.text === '' ? defaultText : options.text, options, defaults)
    inFlight?.abort()
    if (path === shownPath) return showProblem('')
    const controller = new AbortController()
    inFlight = controller
    try {
      const response = await fetch(path, { headers: { accept: 'application/json' }, signal: controller.signal })
      const body = await response.json()
      if (response.ok) show(body, path)
      else showProblem(body.message ?? `The preview failed (${response.status})`)
    } catch (error) {
      if (error.name !== 'AbortError') showProblem('The preview is unavailable right now; the form still works.')
    }
  }

  function schedule () {
    countCharacters()
    clearTimeout(timer)
    timer = setTimeout(update, DEBOUNCE_MS)
  }

  form.addEventListener('input', schedule)
  form.addEventListener('change', schedule)
  countCharacters()
  // Fields the browser restored (back button, reload) may differ from the page's preview.
  if (initial) update()
}

const form = document.querySelector('form[data-cow-form]')
const preview = document.querySelector('[data-preview]')
if (form && preview) enhance(form, preview)
