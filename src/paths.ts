import { fileURLToPath } from 'node:url'

/** The repository (or image) root: `src/` in development, `dist/` once built, both one level down. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url))
export const VIEWS_DIR = fileURLToPath(new URL('../views/', import.meta.url))
export const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url))
