import {
  ACTIONS, DEFAULT_OPTIONS, MAX_TEXT_LENGTH, OPTION_LIST,
  type Action, type CowOption, type CowOptions, type Field, type OptionName
} from '../cowsay/index.js'

/** What the form's fields hold: the text, the action and each option as the user sees it. */
export type FormValues = { text: string, action: Action } & Record<OptionName, string | boolean>

/** One field of the form, as views/partials/form.njk draws it: the option's declaration, choices resolved. */
export type FormField = { name: OptionName, label: string } & (Exclude<Field, { kind: 'select' }> | (Omit<Extract<Field, { kind: 'select' }>, 'choices'> & { choices: readonly string[] }))

/** The form's fields, in the option table's order. */
export function formFields (): FormField[] {
  return OPTION_LIST.map(({ name, label, field }) =>
    field.kind === 'select' ? { name, label, ...field, choices: field.choices() } : { name, label, ...field })
}

/**
 * A value as its field shows it. A text field shows the default as empty, with
 * the default as its placeholder, so that a form submitted without changes
 * does not list it in the URL.
 */
function fieldValue (option: CowOption, value: CowOptions[OptionName]): string | boolean {
  switch (option.field.kind) {
    case 'checkbox': return value === true
    case 'text': return value === option.default ? '' : String(value)
    default: return value === null ? '' : String(value)
  }
}

export function formValues (text: string, options: CowOptions): FormValues {
  const values: Record<string, string | boolean> = { text, action: options.action }
  for (const option of OPTION_LIST) values[option.name] = fieldValue(option, options[option.name])
  return values as FormValues
}

export const formDefaults = (): FormValues => formValues('', DEFAULT_OPTIONS)

const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g
const ON = new Set(['1', 'true', 'on'])
const shorten = (value: unknown, max: number): string | undefined =>
  typeof value === 'string' ? Array.from(value.replace(CONTROLS, '')).slice(0, max).join('') : undefined

/**
 * What a field keeps of a value a failed request sent, or undefined to keep
 * the default: only what reads safely (control characters dropped, values
 * shortened, a choice that is not on the list left at the default).
 */
function refill (field: Field, raw: unknown): string | boolean | undefined {
  switch (field.kind) {
    case 'select':
      return typeof raw === 'string' && (field.choices().includes(raw) || raw === field.first?.value || raw === field.last?.value) ? raw : undefined
    case 'text': return shorten(raw, field.maxLength) ?? ''
    // As typed, within reason: the browser's own validation then points at a value out of range.
    case 'number': return typeof raw === 'string' && /^\d{1,4}$/.test(raw) ? raw : undefined
    case 'checkbox': return typeof raw === 'string' && ON.has(raw)
    case 'textarea': return shorten(raw, 65536) ?? ''
  }
}

/**
 * The form as the failed request filled it, for error pages: someone without
 * JavaScript who sent a bad width corrects that field instead of typing the
 * message again.
 */
export function formFromRequest (url: string, query: Record<string, unknown>): FormValues {
  const form = formDefaults()
  // A result, the query form, or the form page itself (`/?width=500`).
  const match = /^\/(?:(say|think)(?:\/([^?]*))?)?(?:\?|$)/.exec(url)
  if (match === null) return form
  form.action = (ACTIONS as readonly unknown[]).includes(query.action) ? query.action as Action : (match[1] ?? 'say') as Action
  let text = shorten(query.text, MAX_TEXT_LENGTH)
  if (match[2] !== undefined && match[2] !== '') {
    try { text = shorten(decodeURIComponent(match[2]), MAX_TEXT_LENGTH) } catch { text = undefined }
  }
  form.text = text ?? ''
  for (const option of OPTION_LIST) {
    const value = refill(option.field, query[option.name])
    if (value !== undefined) form[option.name] = value
  }
  return form
}
