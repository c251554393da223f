import { toXml, type XmlValue } from './xml.js'

/**
 * The representations the service speaks, each declared once. Negotiation, the `format`
 * parameter's schema, the Content-Type sent, compression, the OpenAPI document, the error
 * pages and the alternate links in the pages are all derived from this table;
 * test/results/formats.test.ts checks every route and nginx.conf against it. A new format is
 * a row here: if it carries data, its `serialise` is all the routes need; otherwise each route
 * that serves it adds its case (TypeScript refuses a route that forgets one).
 */

/** What a representation can stand for: a cow's result (/say, /think), a list (/cows), an error. */
type Subject = 'result' | 'list' | 'error'

/** A document to serialise: a root name (XML's element), its value, and what an array's items are called. */
export interface Document {
  root: string
  value: { [key: string]: XmlValue }
  itemNames?: Record<string, string>
}

interface FormatDeclaration {
  /** The media type negotiated with Accept. */
  mediaType: string
  /** The Content-Type sent. */
  contentType: string
  /** Sent compressed to a client that accepts it (text is; a PNG already is). */
  compressible: boolean
  /** What it may stand for, in this order of preference among the formats for `*\/*`. */
  serves: readonly Subject[]
  /** The OpenAPI document's schema of a 200 in it: the resource's JSON schema, or a string. */
  openapi: { json: true } | { binary?: boolean, description?: string }
  /** Offered beside a page (a <link rel="alternate"> and an "Also as" link) under this name. */
  alternate?: string
  /** For data formats: the document written out, the same for every route. */
  serialise?: (document: Document) => string
}

const FORMAT_TABLE = {
  html: {
    mediaType: 'text/html',
    contentType: 'text/html; charset=utf-8',
    compressible: true,
    serves: ['result', 'list', 'error'],
    openapi: {}
  },
  json: {
    mediaType: 'application/json',
    contentType: 'application/json; charset=utf-8',
    compressible: true,
    serves: ['result', 'list', 'error'],
    openapi: { json: true },
    alternate: 'JSON',
    serialise: ({ value }: Document): string => JSON.stringify(value)
  },
  text: {
    mediaType: 'text/plain',
    contentType: 'text/plain; charset=utf-8',
    compressible: true,
    serves: ['result', 'list', 'error'],
    openapi: {},
    alternate: 'plain text'
  },
  xml: {
    mediaType: 'application/xml',
    contentType: 'application/xml; charset=utf-8',
    compressible: true,
    serves: ['result', 'list', 'error'],
    openapi: {},
    serialise: ({ root, value, itemNames }: Document): string => toXml(root, value, itemNames)
  },
  // Pictures come after every document, so that `*/*` still gets HTML and a picture comes only
  // when asked for by name (an <img> asks for image/*, or a link says ?format=png).
  svg: {
    mediaType: 'image/svg+xml',
    contentType: 'image/svg+xml; charset=utf-8',
    compressible: true,
    serves: ['result'],
    openapi: { description: 'The drawing as a self-contained SVG' }
  },
  png: {
    mediaType: 'image/png',
    contentType: 'image/png',
    compressible: false,
    serves: ['result'],
    openapi: { binary: true, description: 'The drawing as a PNG, twice the SVG\'s size (scaled down past 8192 pixels a side or 4 megapixels)' }
  },
  // The link-preview card (1200x630, what og:image names): a PNG asked for by name only.
  card: {
    mediaType: 'image/png',
    contentType: 'image/png',
    compressible: false,
    serves: ['result'],
    openapi: { binary: true }
  }
} as const satisfies Readonly<Record<string, FormatDeclaration>>

type Table = typeof FORMAT_TABLE
type Serving<S extends Subject> = { [K in keyof Table]: S extends Table[K]['serves'][number] ? K : never }[keyof Table]

/** Every format, in the table's order. */
export const FORMAT_LIST = Object.entries(FORMAT_TABLE).map(([name, declaration]) => ({ name, ...declaration })) as
  ReadonlyArray<FormatDeclaration & { name: keyof Table }>

const mediaTypesOf = <S extends Subject>(subject: S): Readonly<Record<Serving<S>, string>> =>
  Object.freeze(Object.fromEntries(FORMAT_LIST.filter(({ serves }) => serves.includes(subject)).map(({ name, mediaType }) => [name, mediaType]))) as Record<Serving<S>, string>

/** The representations of a page and a list, by name, with their media types, in order of preference. */
export const FORMATS = mediaTypesOf('list')
export type Format = Serving<'list'>
export const FORMAT_NAMES = Object.keys(FORMATS) as Format[]

/** What an error is answered in. */
export const ERROR_FORMATS = mediaTypesOf('error')
export type ErrorFormat = Serving<'error'>

/** What a result speaks: every document format, then the pictures. */
export const RESULT_FORMATS = mediaTypesOf('result')
export type ResultFormat = Serving<'result'>
export const RESULT_FORMAT_NAMES = Object.keys(RESULT_FORMATS) as ResultFormat[]

/** The formats of a result that no list or error speaks: its pictures. */
export const IMAGE_FORMATS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(RESULT_FORMATS).filter(([name]) => !Object.hasOwn(FORMATS, name)))

export const CONTENT_TYPES = Object.fromEntries(FORMAT_LIST.map(({ name, contentType }) => [name, contentType])) as Readonly<Record<keyof Table, string>>

/** The Content-Types the formats declare, and whether each is sent compressed. */
export const COMPRESSIBLE_CONTENT_TYPES: ReadonlyMap<string, boolean> = new Map(FORMAT_LIST.map(({ contentType, compressible }) => [contentType, compressible]))

/** The formats that carry data and write it the same way for every route (JSON, XML). */
export type DataFormat = { [K in keyof Table]: Table[K] extends { serialise: unknown } ? K : never }[keyof Table]

/**
 * A document in a data format. A route's switch over its formats hands its `default` here, so a
 * new format that is not data fails to compile until the route gives it its own case.
 */
export const serialise = (format: DataFormat, document: Document): string => FORMAT_TABLE[format].serialise(document)

/** The alternates of a page that `path` (a format's name to its URL) links to. */
export const alternatesOf = (path: (format: keyof Table) => string, among: Readonly<Record<string, string>>): Array<{ type: string, label: string, href: string }> =>
  FORMAT_LIST.filter(({ name, alternate }) => alternate !== undefined && Object.hasOwn(among, name))
    .map(({ name, mediaType, alternate }) => ({ type: mediaType, label: alternate ?? name, href: path(name) }))
