import { MAX_TEXT_LENGTH } from '../../src/cowsay/index.js'

export interface PageCase {
  name: string
  path: string
  status: number
}

/** Every kind of page the service shows a browser: the form, results, the gallery and each kind of error. */
export const PAGES: readonly PageCase[] = [
  { name: 'the form', path: '/', status: 200 },
  { name: 'a result', path: '/say/Hello%2C%20world%21', status: 200 },
  { name: 'a thought with every option', path: '/think/Deep%20thoughts%20about%20grass%2C%20wrapped%20narrow?cow=tux&mode=stoned&eyes=%5E%5E&width=20&nowrap=1', status: 200 },
  { name: 'a result whose text cannot travel in the path', path: '/say?text=%2E%2E', status: 200 },
  { name: 'a multi-line, multi-script result', path: '/say/line%20one%0Aline%20two%20%E4%B8%AD%E6%96%87%20%F0%9F%90%84?nowrap=1', status: 200 },
  { name: 'the gallery', path: '/cows', status: 200 },
  { name: 'the fortune databases', path: '/fortunes', status: 200 },
  { name: 'a fortune with backspaces, thought by tux', path: '/fortune/fortunes/126?action=think&cow=tux', status: 200 },
  { name: 'a day\'s cow', path: '/day/2026-12-01', status: 200 },
  { name: 'a malformed day', path: '/day/2026-02-30', status: 400 },
  { name: 'not found', path: '/nowhere', status: 404 },
  { name: 'a bad option', path: '/say/x?width=0', status: 400 },
  { name: 'an unknown cow', path: '/say/x?cow=nope', status: 400 },
  { name: 'a message too long', path: '/say/' + 'a'.repeat(MAX_TEXT_LENGTH + 1), status: 414 }
]
