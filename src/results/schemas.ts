import { Type, type Static, type TSchema } from 'typebox'
import { ACTIONS, COW_SOURCES, FLAG_RULE, OPTION_LIST, type OptionName } from '../cowsay/index.js'
import { FORMATS, FORMAT_LIST, FORMAT_NAMES, RESULT_FORMATS, RESULT_FORMAT_NAMES } from './formats.js'

const fromOptions = <T>(schema: (option: typeof OPTION_LIST[number]) => T): Record<OptionName, T> =>
  Object.fromEntries(OPTION_LIST.map((option) => [option.name, schema(option)])) as Record<OptionName, T>

/**
 * Query parameters of `/say`, `/think` and their result pages: one per option of
 * the table, plus the text and the action of the query form. Empty values count
 * as "not given" because the HTML form submits every field, filled or not.
 */
const ACTION = Type.Optional(Type.Enum([...ACTIONS], { description: 'Say or think (the form\'s choice; the path decides on result pages).' }))
// Every option's value arrives as a string; its own schema says which.
const OPTION_FIELDS = fromOptions((option) => Type.Optional(Type.Unsafe<string>({ ...option.query, description: option.description })))

export const ResultQuery = Type.Object({
  text: Type.Optional(Type.String({ description: 'The message (query form only; the result pages take it from the path).' })),
  action: ACTION,
  ...OPTION_FIELDS,
  format: Type.Optional(Type.Enum(RESULT_FORMAT_NAMES, { description: 'Overrides the Accept header.' }))
})
export type ResultQuery = Static<typeof ResultQuery>

/**
 * The body of `POST /say` and `POST /think`, as JSON or as a form: the same
 * names and rules as the query. (JSON numbers and booleans are read as the
 * strings a query would carry: `"width": 30` is `width=30`.) The format is the
 * Accept header's, or `?format=` in the URL.
 */
export const ResultBody = Type.Object({
  text: Type.Optional(Type.String({ description: 'The message; "moo" when it is missing or empty.' })),
  action: ACTION,
  ...OPTION_FIELDS
})
export type ResultBody = Static<typeof ResultBody>

/**
 * Query parameters of the form page (`/`): the same as the query form's but
 * the format, so that a link can open the form with any option chosen
 * (`/?cow=tux`), the message too.
 */
export const FormQuery = Type.Object({
  text: ResultQuery.properties.text,
  action: ResultQuery.properties.action,
  ...fromOptions((option) => Type.Optional(Type.Unsafe<string>({ ...option.query, description: option.description })))
})
export type FormQuery = Static<typeof FormQuery>

/** How each parameter's rule is worded when a request breaks it. */
export const QUERY_RULES: Readonly<Record<string, string>> = {
  text: 'it must be given once',
  action: `it must be ${ACTIONS.map((action) => `"${action}"`).join(' or ')}`,
  ...fromOptions((option) => option.rule),
  // /fortune's own: a yes-or-no (the option table's flag), and a database's name.
  short: FLAG_RULE,
  db: 'it must be one database\'s name, given once (see /fortunes)'
  // format: the values each route allows, from its schema's enum.
}

/** `?format=` of the pages that are documents only (/cows). */
export const DocumentFormatQuery = Type.Enum(FORMAT_NAMES, { description: 'Overrides the Accept header.' })

export const CowResult = Type.Object({
  text: Type.String(),
  action: Type.Enum([...ACTIONS]),
  ...fromOptions((option) => option.result),
  label: Type.String({ description: 'Who says what, in words: what a screen reader announces for the drawing.' }),
  output: Type.String({ description: 'The whole drawing, as the terminal prints it, without colour.' }),
  ansi: Type.String({ description: 'The same drawing with its ANSI colour escapes (SGR), as plain text sends it to a terminal; the same as output when there is no colour. In XML: its UTF-8 bytes in base64 (encoding="base64"), since XML 1.0 cannot carry ESC.' }),
  lines: Type.Array(Type.String(), { description: 'The drawing, line by line.' }),
  permalink: Type.String({ description: 'Absolute canonical URL of this result.' }),
  fortune: Type.Optional(Type.Object({
    database: Type.String({ description: 'The database it comes from (see /fortunes).' }),
    index: Type.Integer({ minimum: 1, description: 'Its place in the database, counting from 1.' }),
    permalink: Type.String({ description: 'Absolute URL of this fortune drawn so: the same fortune on every restart and replica.' })
  }, { description: 'A fortune\'s address (fortune routes only).' }))
})
export type CowResult = Static<typeof CowResult>

export const ErrorBody = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  message: Type.String()
})

export const CowList = Type.Object({
  cows: Type.Array(Type.String()),
  /** The same names by where they come from: Debian's originals, the bundled collection, the operator's COWPATH. */
  sources: Type.Object(Object.fromEntries(COW_SOURCES.map((source) => [source, Type.Array(Type.String())])))
})

/**
 * A 200 that is negotiated: the JSON schema for application/json, and strings
 * for the other representations. Fastify serialises by content type, and the
 * OpenAPI document lists them all.
 */
function negotiatedAmong (offered: Readonly<Record<string, string>>, json: TSchema): { description: string, content: Record<string, { schema: TSchema }> } {
  const content: Record<string, { schema: TSchema }> = {}
  for (const { name, mediaType, openapi } of FORMAT_LIST) {
    // Two formats of one media type (the PNG and its card) are one entry: the first declared.
    if (!Object.hasOwn(offered, name) || Object.hasOwn(content, mediaType)) continue
    content[mediaType] = {
      schema: 'json' in openapi
        ? json
        : Type.String({ ...('binary' in openapi && openapi.binary === true ? { format: 'binary' } : {}), ...('description' in openapi ? { description: openapi.description } : {}) })
    }
  }
  return { description: 'The representation the Accept header or ?format= asks for', content }
}

export const negotiated = (json: TSchema): ReturnType<typeof negotiatedAmong> => negotiatedAmong(FORMATS, json)

/** A negotiated result, which may also be a picture. */
export const negotiatedResult = (json: TSchema): ReturnType<typeof negotiatedAmong> => negotiatedAmong(RESULT_FORMATS, json)
