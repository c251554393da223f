import { Type, type Static, type TSchema } from 'typebox'
import { COW_SOURCES, MODES } from '../cowsay/index.js'
import { FORMAT_NAMES, RESULT_FORMAT_NAMES } from '../web/formats.js'

// Eyes and tongue are drawn into the cow: no control characters (a terminal
// escape in `eyes` would reach every curl user) and nothing XML cannot carry.
const PRINTABLE = '^[^\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029\\uFDD0-\\uFDEF\\uFFFE\\uFFFF]*$'
// Written out as digits, 2 to 200 (or empty: not given). A number type would
// let ajv's coercion through with "Infinity", "0x10" or "2e2".
const WIDTH = '^(?:[2-9]|[1-9][0-9]|1[0-9]{2}|200)?$'

/**
 * Query parameters of `/say`, `/think` and their result pages. Empty values count
 * as "not given" because the HTML form submits every field, filled or not.
 */
export const ResultQuery = Type.Object({
  text: Type.Optional(Type.String({ description: 'The message (query form only; the result pages take it from the path).' })),
  action: Type.Optional(Type.Union([Type.Literal('say'), Type.Literal('think')], { description: 'Say or think (the form\'s choice; the path decides on result pages).' })),
  cow: Type.Optional(Type.String({ maxLength: 64, description: 'A cow from /cows, or "random".' })),
  mode: Type.Optional(Type.Enum([...MODES, ''], { description: 'A face that overrides eyes (and the tongue for dead and stoned).' })),
  eyes: Type.Optional(Type.String({ maxLength: 2, pattern: PRINTABLE, description: 'One or two characters.' })),
  tongue: Type.Optional(Type.String({ maxLength: 2, pattern: PRINTABLE, description: 'One or two characters.' })),
  width: Type.Optional(Type.String({ pattern: WIDTH, description: 'Wrap column, as cowsay -W (default 40): a whole number from 2 to 200.' })),
  nowrap: Type.Optional(Type.Union(['1', 'true', 'on', '0', 'false', 'off', ''].map((v) => Type.Literal(v)), { description: 'Keep the lines as given (cowsay -n).' })),
  format: Type.Optional(Type.Enum(RESULT_FORMAT_NAMES, { description: 'Overrides the Accept header.' }))
})
export type ResultQuery = Static<typeof ResultQuery>

/** How each parameter's rule is worded when a request breaks it. */
export const QUERY_RULES: Record<string, string> = {
  text: 'it must be given once',
  action: 'it must be "say" or "think"',
  cow: 'it must be a cow from /cows, or "random"',
  mode: `it must be one of ${MODES.join(', ')}`,
  eyes: 'it must be 1 or 2 characters, not control characters',
  tongue: 'it must be 1 or 2 characters, not control characters',
  width: 'it must be a whole number from 2 to 200',
  nowrap: 'it must be 1, true or on (or 0, false, off)'
  // format: the values each route allows, from its schema's enum.
}

/** `?format=` of the pages that are documents only (/cows). */
export const DocumentFormatQuery = Type.Enum(FORMAT_NAMES, { description: 'Overrides the Accept header.' })

export const CowResult = Type.Object({
  text: Type.String(),
  action: Type.Union([Type.Literal('say'), Type.Literal('think')]),
  cow: Type.String(),
  mode: Type.Union([Type.Enum([...MODES]), Type.Null()]),
  eyes: Type.String(),
  tongue: Type.String(),
  width: Type.Integer(),
  nowrap: Type.Boolean(),
  output: Type.String({ description: 'The whole drawing, as the terminal prints it.' }),
  lines: Type.Array(Type.String(), { description: 'The drawing, line by line.' }),
  permalink: Type.String({ description: 'Absolute canonical URL of this result.' })
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
export const negotiated = <T extends TSchema>(json: T) => ({
  description: 'The representation the Accept header or ?format= asks for',
  content: {
    'application/json': { schema: json },
    'text/html': { schema: Type.String() },
    'text/plain': { schema: Type.String() },
    'application/xml': { schema: Type.String() }
  }
})

/** A negotiated result, which may also be a picture. */
export const negotiatedResult = <T extends TSchema>(json: T) => {
  const documents = negotiated(json)
  return {
    ...documents,
    content: {
      ...documents.content,
      'image/svg+xml': { schema: Type.String({ description: 'The drawing as a self-contained SVG' }) },
      'image/png': { schema: Type.String({ format: 'binary', description: 'The drawing as a PNG, twice the SVG\'s size (scaled down past 8192 pixels a side or 4 megapixels)' }) }
    }
  }
}
