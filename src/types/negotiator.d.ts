// negotiator ships no types; this is the part of its API the app uses.
declare module 'negotiator' {
  export default class Negotiator {
    constructor (request: { headers: Record<string, string | string[] | undefined> })
    /** The available encodings the request accepts, best first; ties go to `preferred`'s order. */
    encodings (available: readonly string[], options?: { preferred?: readonly string[] }): string[]
    /** The available media types the request accepts, best first (q-values, then specificity, then `available`'s order). */
    mediaTypes (available: readonly string[]): string[]
  }
}
