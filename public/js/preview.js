// The live preview: as the message or an option changes, the cow is fetched from
// the JSON API through the very request the form would send, and drawn beside
// the form with its link. Errors the API answers (a message too long, a bad width) show
// under the preview. It never touches the submit: the form works as a plain GET
// with or without this file.

const DEBOUNCE_MS = 250

/**
 * The form's query, exactly as submitting it would send it to /say. The server
 * answers it with a redirect to the canonical URL (a random cow in place, naming it in
 * Content-Location; or, for an empty message,
 * with the default cow); fetch follows it, so the preview never builds a URL
 * or a label itself: the JSON says the link (`permalink`) and the words
 * (`label`).
 */
const formQuery = (form) => new URLSearchParams(new FormData(form)).toString()

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

/** Once the form draws a cow, the mistakes an error page marked are mended: unmark their fields. */
function clearFieldErrors (form) {
  for (const error of form.querySelectorAll('.field-error')) {
    const control = form.querySelector(`[aria-describedby~="${error.id}"]`)
    if (control) {
      control.removeAttribute('aria-invalid')
      const rest = control.getAttribute('aria-describedby').split(' ').filter((id) => id !== error.id).join(' ')
      if (rest) control.setAttribute('aria-describedby', rest)
      else control.removeAttribute('aria-describedby')
    }
    error.remove()
  }
}

function enhance (form, preview) {
  const textarea = form.querySelector('textarea[name=text]')
  const counter = form.querySelector('[data-text-count]')
  const maxLength = Number(textarea.dataset.maxLength)
  const link = preview.querySelector('[data-preview-link]')
  const problem = preview.querySelector('[data-preview-problem]')
  const initial = preview.querySelector('figure.drawing')
  // The query whose drawing is shown; the page's own drawing is not known by one.
  let shownQuery = null
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

  /**
   * A coloured drawing as the server draws it on a page: its classed spans are
   * taken from the result page itself (same origin, parsed inert), so the
   * preview never reads escapes of its own.
   */
  async function coloredDrawing (url, signal) {
    const response = await fetch(url, { headers: { accept: 'text/html' }, referrerPolicy: 'no-referrer', signal })
    const page = new DOMParser().parseFromString(await response.text(), 'text/html')
    return page.querySelector('figure.drawing pre')?.childNodes ?? []
  }

  function show (result, query, colored) {
    const { figure, pre } = drawingElements(preview)
    if (colored) pre.replaceChildren(...colored)
    else pre.textContent = result.output
    figure.setAttribute('aria-label', result.label)
    figure.className = `drawing ${columnsClass(result.lines)}`
    const anchor = link.querySelector('a')
    anchor.href = result.permalink
    anchor.textContent = result.permalink
    link.hidden = false
    shownQuery = query
    showProblem('')
    clearFieldErrors(form)
  }

  async function update () {
    const query = formQuery(form)
    inFlight?.abort()
    if (query === shownQuery) return showProblem('')
    const controller = new AbortController()
    inFlight = controller
    try {
      // Accept rather than ?format=json: the redirect then lands on the canonical URL itself.
      // No Referer: on a long result page it is as long as the page's URL, and with a long
      // preview query the two would not fit in the server's 16 KiB request head (431).
      const response = await fetch(`${form.getAttribute('action')}?${query}`, { headers: { accept: 'application/json' }, referrerPolicy: 'no-referrer', signal: controller.signal })
      const body = await response.json()
      // The JSON's drawing has no colour: a coloured one comes as the page draws it.
      // A random cow is answered in place, Content-Location naming what was picked: its page, not another pick.
      const picked = response.headers.get('content-location') ?? response.url
      const colored = response.ok && body.ansi !== body.output ? await coloredDrawing(picked, controller.signal) : null
      if (response.ok) show(body, query, colored)
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
