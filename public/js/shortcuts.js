// Ctrl+Enter (Cmd+Enter on a Mac) submits the cow form from the message or any
// other field, as in chat and mail apps. requestSubmit() runs the browser's own
// validation and submit, so the shortcut does exactly what the button does.

// The hint is in the page from the start, where a keyboard is likely (the
// stylesheet hides it on touch screens and where scripts cannot run); a Mac's
// key is Cmd.
const isMac = /Mac|iPhone|iPad/.test(navigator.platform)

for (const hint of document.querySelectorAll('[data-shortcut-hint]')) {
  if (isMac) hint.querySelector('kbd').textContent = '⌘'
}

document.addEventListener('keydown', (event) => {
  if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey) || event.isComposing) return
  const form = event.target instanceof Element ? event.target.closest('form[data-cow-form]') : null
  if (!form) return
  event.preventDefault()
  form.requestSubmit()
})
