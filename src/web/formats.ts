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

/**
 * Pictures of a result (`/say/...`, `/think/...` only). Offered after every
 * document, so that `*\/*` still gets HTML and a picture comes only when asked
 * for by name (an <img> asks for image/*, or a link says ?format=png).
 */
export const IMAGE_FORMATS = {
  svg: 'image/svg+xml',
  png: 'image/png',
  // The link-preview card (1200x630, what og:image names): a PNG asked for by name only.
  card: 'image/png'
} as const

export type ImageFormat = keyof typeof IMAGE_FORMATS
/** What a result speaks: every document format, then the pictures. */
export const RESULT_FORMATS = { ...FORMATS, ...IMAGE_FORMATS } as const
export type ResultFormat = keyof typeof RESULT_FORMATS
export const RESULT_FORMAT_NAMES = Object.keys(RESULT_FORMATS) as ResultFormat[]

export const CONTENT_TYPES: Record<ResultFormat, string> = {
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
  text: 'text/plain; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  svg: 'image/svg+xml; charset=utf-8',
  png: 'image/png',
  card: 'image/png'
}

export const isFormat = (value: unknown): value is Format =>
  typeof value === 'string' && Object.hasOwn(FORMATS, value)
