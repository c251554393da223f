import { closeSync, openSync, readSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/**
 * The fonts that ship with the package, in the order they are tried: DejaVu
 * Sans Mono for the drawing (and most alphabets), then monochrome Noto Emoji.
 * Neither has CJK; that comes from the configured extra fonts (IMAGE_FONTS).
 */
export const BUNDLED_FONTS: readonly string[] = [
  require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf'),
  require.resolve('@expo-google-fonts/noto-emoji/400Regular/NotoEmoji_400Regular.ttf')
]

// sfnt versions: TrueType, OpenType (CFF), Apple TrueType, and a collection.
const SIGNATURES = new Set(['00010000', '4f54544f', '74727565', '74746366'])

/**
 * Checks that a file starts like a font, without parsing it: the fonts are
 * opened on the first PNG (they weigh 20 MB in memory, and most servers never
 * draw a picture), but a wrong file should still stop the start.
 */
export function checkFontFile (file: string): void {
  const head = Buffer.alloc(4)
  try {
    const fd = openSync(file, 'r')
    try { readSync(fd, head, 0, 4, 0) } finally { closeSync(fd) }
  } catch (error) {
    throw new Error(`${file} is not a font file that can be read: ${(error as Error).message}`)
  }
  if (!SIGNATURES.has(head.toString('hex'))) throw new Error(`${file} is not a font file that can be read: no font signature`)
}
