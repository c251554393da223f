import type { Size } from './svg.js'

/** Twice the natural size, for high-density screens and crisp link previews. */
export const PNG_SCALE = 2
/**
 * Past these the picture is scaled down rather than grown: they bound the time
 * and memory of a render (4 bytes a pixel while drawing) whatever the message.
 */
export const MAX_PNG_SIDE = 8192
export const MAX_PNG_PIXELS = 4 * 1024 * 1024

/** The pixel size of the PNG of a picture whose natural size is `natural`. */
export function pngSize (natural: Size): Size {
  const scale = Math.min(
    PNG_SCALE,
    MAX_PNG_SIDE / Math.max(natural.width, natural.height),
    Math.sqrt(MAX_PNG_PIXELS / (natural.width * natural.height))
  )
  return { width: Math.max(1, Math.floor(natural.width * scale)), height: Math.max(1, Math.floor(natural.height * scale)) }
}
