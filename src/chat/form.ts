import { QUERY_ERROR, parseQuery } from '../results/urlencoded.js'
import { quote } from '../cowsay/index.js'

/** A slash command's fields (`command`, `text`, `user_id`, `response_url`, ...), each given once. */
type FormFields = Record<string, string>

export type CommandForm = { ok: true, fields: FormFields } | { ok: false, problem: string }

const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Reads the form body without throwing: the route decides what a broken body
 * means, and must first know whether the request is signed at all. Decoding is
 * as strict as for the web's query strings, so a message cannot change on the way in.
 */
export function readCommandForm (body: Buffer): CommandForm {
  let text: string
  try {
    text = utf8.decode(body)
  } catch {
    return { ok: false, problem: 'The form body is not valid UTF-8' }
  }
  const parsed = parseQuery(text, { whole: 'form body', field: 'form field' })
  const problem = parsed[QUERY_ERROR]
  if (problem !== undefined) return { ok: false, problem }
  const fields: FormFields = Object.create(null)
  for (const [name, value] of Object.entries(parsed)) {
    if (Array.isArray(value)) return { ok: false, problem: `The form field ${quote(name, 20)} is given more than once` }
    fields[name] = value
  }
  return { ok: true, fields }
}
