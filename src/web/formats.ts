/** The representations the service speaks, in order of preference for `*\/*`. */
export const FORMATS = {
  html: 'text/html',
  json: 'application/json',
  text: 'text/plain',
  xml: 'application/xml'
} as const

export type Format = keyof typeof FORMATS
export const FORMAT_NAMES = Object.keys(FORMATS) as Format[]
export const MEDIA_TYPES = Object.values(FORMATS) as string[]

export const CONTENT_TYPES: Record<Format, string> = {
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
  text: 'text/plain; charset=utf-8',
  xml: 'application/xml; charset=utf-8'
}

export const isFormat = (value: unknown): value is Format =>
  typeof value === 'string' && Object.hasOwn(FORMATS, value)
