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

/** The link-preview card: the 1.91:1 picture Slack, Discord, X and others show large. */
export const CARD_SIZE: Readonly<Size> = Object.freeze({ width: 1200, height: 630 })
/** What is left around the drawing on the card. */
export const CARD_MARGIN = 40
/**
 * The smallest the drawing is drawn on a card: its characters 20 pixels high,
 * which still read when a chat app shows the card at half its size. A drawing
 * that would need less is cropped (its start kept) rather than shrunk.
 */
export const MIN_CARD_SCALE = 1.25

interface CardLayout {
  /** How much the drawing's natural size is scaled. */
  scale: number
  /** Where the drawing's top left corner goes on the card. */
  x: number
  y: number
  /** Whether part of the drawing falls outside the card, right or below. */
  cropped: { right: boolean, bottom: boolean }
}

/** The drawing centred and as large as fits, but never smaller than MIN_CARD_SCALE. */
export function cardLayout (natural: Size): CardLayout {
  const room = { width: CARD_SIZE.width - 2 * CARD_MARGIN, height: CARD_SIZE.height - 2 * CARD_MARGIN }
  const scale = Math.max(MIN_CARD_SCALE, Math.min(room.width / natural.width, room.height / natural.height))
  const width = natural.width * scale
  const height = natural.height * scale
  const right = width > room.width
  const bottom = height > room.height
  return {
    scale,
    x: right ? CARD_MARGIN : (CARD_SIZE.width - width) / 2,
    y: bottom ? CARD_MARGIN : (CARD_SIZE.height - height) / 2,
    cropped: { right, bottom }
  }
}
