// Copy buttons on the result page: put the link, the drawing or an embed on the
// clipboard and say so. The buttons are in the page from the start (nothing
// moves when this arrives); where scripts cannot run the stylesheet hides them,
// so nobody sees a button that does nothing (the fields stay selectable).

const CONFIRMATION_MS = 2500

function copyText (text) {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text)
  // Plain HTTP on another host than localhost is not a secure context: fall back
  // to a hidden textarea and execCommand, which still works there.
  const area = document.createElement('textarea')
  area.value = text
  area.setAttribute('readonly', '')
  area.className = 'visually-hidden'
  document.body.appendChild(area)
  area.select()
  const copied = document.execCommand('copy')
  area.remove()
  return copied ? Promise.resolve() : Promise.reject(new Error('copy failed'))
}

function confirm (button, status, message) {
  const label = button.dataset.label ?? button.textContent
  button.dataset.label = label
  button.textContent = 'Copied ✓'
  button.classList.add('is-done')
  if (status) status.textContent = message
  clearTimeout(Number(button.dataset.timer))
  button.dataset.timer = String(setTimeout(() => {
    button.textContent = label
    button.classList.remove('is-done')
  }, CONFIRMATION_MS))
}

document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('[data-copy-from]') : null
  if (!button) return
  const source = document.getElementById(button.dataset.copyFrom)
  if (!source) return
  const text = 'value' in source ? source.value : source.textContent
  const status = document.querySelector('[data-copy-status]')
  copyText(text).then(
    () => confirm(button, status, button.dataset.copied || 'Copied'),
    () => { if (status) status.textContent = 'Could not copy: select the text and copy it by hand' }
  )
})
