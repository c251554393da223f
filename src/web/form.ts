import { DEFAULT_OPTIONS, MODES, isCow, type CowOptions } from '../cowsay/index.js'
import { MAX_TEXT_LENGTH } from './message.js'

/** What the form's fields hold: the text and the options as the user sees them. */
export interface FormValues {
  text: string
  action: CowOptions['action']
  cow: string
  mode: string
  eyes: string
  tongue: string
  width: number
  nowrap: boolean
}

export const formValues = (text: string, options: CowOptions): FormValues => ({
  text,
  action: options.action,
  cow: options.cow,
  mode: options.mode ?? '',
  // Default eyes and tongue show as empty fields with a placeholder, so that a
  // submitted form without changes does not list them in the URL.
  eyes: options.eyes === DEFAULT_OPTIONS.eyes ? '' : options.eyes,
  tongue: options.tongue === DEFAULT_OPTIONS.tongue ? '' : options.tongue,
  width: options.width,
  nowrap: options.nowrap
})

export const formDefaults = (): FormValues => formValues('', DEFAULT_OPTIONS)

const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g
const ON = new Set(['1', 'true', 'on'])
const shorten = (value: unknown, max: number): string | undefined =>
  typeof value === 'string' ? Array.from(value.replace(CONTROLS, '')).slice(0, max).join('') : undefined

/**
 * The form as the failed request filled it, for error pages: someone without
 * JavaScript who sent a bad width corrects that field instead of typing the
 * message again. Only what reads safely is kept (control characters dropped,
 * values shortened, an unknown cow or mode left at the default).
 */
export function formFromRequest (url: string, query: Record<string, unknown>): FormValues {
  const form = formDefaults()
  const match = /^\/(say|think)(?:\/([^?]*))?(?:\?|$)/.exec(url)
  if (match === null) return form
  form.action = query.action === 'think' || query.action === 'say' ? query.action : match[1] as CowOptions['action']
  let text = shorten(query.text, MAX_TEXT_LENGTH)
  if (match[2] !== undefined && match[2] !== '') {
    try { text = shorten(decodeURIComponent(match[2]), MAX_TEXT_LENGTH) } catch { text = undefined }
  }
  form.text = text ?? ''
  if (typeof query.cow === 'string' && (isCow(query.cow) || query.cow === 'random')) form.cow = query.cow
  if (typeof query.mode === 'string' && (MODES as readonly string[]).includes(query.mode)) form.mode = query.mode
  form.eyes = shorten(query.eyes, 2) ?? ''
  form.tongue = shorten(query.tongue, 2) ?? ''
  if (typeof query.width === 'string' && /^\d{1,4}$/.test(query.width)) form.width = Number(query.width)
  form.nowrap = typeof query.nowrap === 'string' && ON.has(query.nowrap)
  return form
}
