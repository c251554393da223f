import AjvCompiler, { type ValidatorFactory } from '@fastify/ajv-compiler'
import { SerializerSelector, type SerializerFactory } from '@fastify/fast-json-stringify-compiler'

/**
 * Ajv as the routes need it: query values coerced to the schema's types (a
 * repeated parameter to its array), nothing removed or filled in.
 */
export const AJV_OPTIONS = { coerceTypes: 'array', removeAdditional: false, useDefaults: false } as const

type Validate = ((...args: unknown[]) => unknown) & { errors?: unknown, schemaEnv?: unknown }

/**
 * Fastify's own compilers (Ajv for requests, fast-json-stringify for
 * responses), with each route's function compiled on its first use instead of
 * all of them before the server listens. At start-up they cost a tenth of a
 * second here (Ajv compiles its meta-schema, then every route's schemas), all
 * before the first response; now the first request to a route pays for its own
 * schemas, a few milliseconds, and a route nobody asks for (most responses'
 * schemas only document the API) costs nothing. Validation itself is the same.
 */
export function lazySchemaCompilers (): { buildValidator: ValidatorFactory, buildSerializer: SerializerFactory } {
  const validators = AjvCompiler()
  const serializers = SerializerSelector()
  return {
    buildValidator: (externalSchemas, options) => {
      let compilerOf: ReturnType<ValidatorFactory> | undefined
      return (route) => {
        let compiled: Validate | undefined
        const validate: Validate = (...args) => {
          compiled ??= (compilerOf ??= validators(externalSchemas, options))(route) as Validate
          return compiled(...args)
        }
        // Fastify reads `errors` after a failed call, and passes Ajv's context when `schemaEnv` is set.
        Object.defineProperty(validate, 'errors', { get: () => compiled?.errors })
        validate.schemaEnv = true
        return validate as ReturnType<ReturnType<ValidatorFactory>>
      }
    },
    buildSerializer: (externalSchemas, options) => {
      let compilerOf: ReturnType<SerializerFactory> | undefined
      return (route) => {
        let compiled: ((doc: unknown) => string) | undefined
        return (doc) => (compiled ??= (compilerOf ??= serializers(externalSchemas, options))(route))(doc)
      }
    }
  }
}
