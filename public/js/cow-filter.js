// The gallery's name filter: hides the cows whose name does not contain what is
// typed, and says how many are left. The field is in the page from the start;
// where scripts cannot run the stylesheet hides it, and the browser's
// find-in-page does the same job.

const filter = document.querySelector('[data-cow-filter]')
if (filter) {
  const input = filter.querySelector('input')
  const count = filter.querySelector('[data-cow-filter-count]')
  const cards = [...document.querySelectorAll('[data-cow-name]')]
  input.addEventListener('input', () => {
    const wanted = input.value.trim().toLowerCase()
    let shown = 0
    for (const card of cards) {
      card.hidden = !card.dataset.cowName.toLowerCase().includes(wanted)
      if (!card.hidden) shown++
    }
    count.textContent = wanted === '' ? '' : `${shown} of ${cards.length} cows`
  })
}
