// Progressive enhancement only: every page works without this file.
'use strict'

function copyText (text) {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text)
  // Plain-HTTP fallback (a local stack): a hidden textarea and execCommand.
  const area = document.createElement('textarea')
  area.value = text
  area.setAttribute('readonly', '')
  area.className = 'visually-hidden'
  document.body.appendChild(area)
  area.select()
  const ok = document.execCommand('copy')
  area.remove()
  return ok ? Promise.resolve() : Promise.reject(new Error('copy failed'))
}

document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('[data-copy-from]') : null
  if (!button) return
  const source = document.getElementById(button.getAttribute('data-copy-from'))
  if (!source) return
  const text = 'value' in source ? source.value : source.textContent
  const status = document.querySelector('[data-copy-status]')
  copyText(text).then(
    () => { if (status) status.textContent = button.getAttribute('data-copied') || 'Copied' },
    () => { if (status) status.textContent = 'Could not copy: select the text and copy it by hand' }
  )
})
