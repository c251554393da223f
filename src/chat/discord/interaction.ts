/**
 * Reading an interaction's JSON, as Discord documents its shape: only what
 * this service answers (PING, a slash command, autocomplete), every field
 * checked, since until it is read nothing in it is more than bytes.
 */

/** An option's value as Discord sends it: a string, integer or boolean by the option's type. */
export type OptionValue = string | number | boolean

export type Interaction =
  | { kind: 'ping' }
  | { kind: 'command', name: string, options: Record<string, OptionValue> }
  | { kind: 'autocomplete', name: string, focused: string, typed: string }
  /** A type this service registers nothing for (buttons, modals, ...). */
  | { kind: 'other', type: number }

/** `id` is the interaction's own (unique) id, when it has one. */
export type ReadInteraction = { ok: true, interaction: Interaction, id?: string } | { ok: false, problem: string }

const PING = 1
const APPLICATION_COMMAND = 2
const AUTOCOMPLETE = 4

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

const invalid = (problem: string): ReadInteraction => ({ ok: false, problem })

const utf8 = new TextDecoder('utf-8', { fatal: true })

export function readInteraction (body: Buffer): ReadInteraction {
  let parsed: unknown
  try {
    parsed = JSON.parse(utf8.decode(body))
  } catch {
    return invalid('The body is not JSON in UTF-8')
  }
  if (!isRecord(parsed) || !Number.isInteger(parsed.type)) return invalid('The interaction has no type')
  const type = parsed.type as number
  const id = typeof parsed.id === 'string' ? { id: parsed.id } : {}
  if (type === PING) return { ok: true, interaction: { kind: 'ping' }, ...id }
  if (type !== APPLICATION_COMMAND && type !== AUTOCOMPLETE) return { ok: true, interaction: { kind: 'other', type }, ...id }

  const data = parsed.data
  if (!isRecord(data) || typeof data.name !== 'string') return invalid('The interaction has no command name')
  const given = data.options ?? []
  if (!Array.isArray(given)) return invalid('The command\'s options are not a list')
  // A null prototype: an option named "__proto__" is just an unknown option.
  const options: Record<string, OptionValue> = Object.create(null)
  let focused: { name: string, typed: string } | undefined
  for (const option of given) {
    if (!isRecord(option) || typeof option.name !== 'string') return invalid('An option has no name')
    const { name, value } = option
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return invalid(`The option "${name.slice(0, 32)}" has no value`)
    if (Object.hasOwn(options, name)) return invalid(`The option "${name.slice(0, 32)}" is given twice`)
    options[name] = value
    if (option.focused === true) focused = { name, typed: String(value) }
  }
  if (type === APPLICATION_COMMAND) return { ok: true, interaction: { kind: 'command', name: data.name, options }, ...id }
  if (focused === undefined) return invalid('An autocomplete interaction has no focused option')
  return { ok: true, interaction: { kind: 'autocomplete', name: data.name, focused: focused.name, typed: focused.typed }, ...id }
}
