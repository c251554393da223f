/**
 * The templates compiled to JavaScript, by name (`pages/home.njk`): filled in
 * by `npm run build` (scripts/build.ts) for the bundle production runs; in
 * development and tests there are none, and views/ is read and compiled on
 * first use.
 */
const templates: Record<string, unknown> | null = null

export default templates
