import { DEFAULT_OPTIONS, type CowOptions } from '../cowsay/index.js'

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
