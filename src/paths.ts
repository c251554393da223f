import { fileURLToPath } from 'node:url'

export const VIEWS_DIR = fileURLToPath(new URL('../views/', import.meta.url))
export const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url))
/** The fortune databases bundled with the service (Debian's fortunes-min, with its copyright notice). */
export const FORTUNES_DIR = fileURLToPath(new URL('../fortunes/', import.meta.url))
