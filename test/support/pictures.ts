import { DOMParser, type Document, type Element } from '@xmldom/xmldom'
import { PNG } from 'pngjs'
import { COLUMN_WIDTH, LINE_HEIGHT, PADDING, type Size } from '../../src/image/svg.js'

/** Parses an SVG strictly: any XML error, even a warning, fails. */
export function parseSvg (svg: string): Document {
  return new DOMParser({ onError: (level, message) => { throw new Error(`${level}: ${message}`) } })
    .parseFromString(svg, 'image/svg+xml')
}

export const elements = (document: Document | Element, name: string): Element[] =>
  Array.from(document.getElementsByTagName(name))

/** Every attribute and element that could make an SVG fetch something, as "element@attribute=value". */
export function externalReferences (document: Document): string[] {
  const found: string[] = []
  for (const element of elements(document, '*')) {
    if (['image', 'script', 'style', 'foreignObject', 'a', 'link', 'iframe', 'object'].includes(element.localName ?? '')) {
      found.push(`<${element.localName}>`)
    }
    for (const { name, value } of Array.from(element.attributes)) {
      if (name === 'xmlns' && value === 'http://www.w3.org/2000/svg') continue
      const isLink = name === 'href' || name.endsWith(':href') || name === 'src'
      if ((isLink && !value.startsWith('#')) || /url\(|:\/\/|^data:|@import/i.test(value)) found.push(`${element.localName}@${name}=${value}`)
    }
  }
  return found
}

export interface Picture {
  width: number
  height: number
  data: Buffer
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

export const decodePng = (png: Buffer): Picture => PNG.sync.read(png)

export interface Box { left: number, top: number, right: number, bottom: number }

/** The pixel box of `columns` columns from `column` on drawing line `row`, in a PNG of a picture whose natural size is `natural`. */
export function cellBox (picture: Picture, natural: Size, row: number, column: number, columns = 1): Box {
  const sx = picture.width / natural.width
  const sy = picture.height / natural.height
  return {
    left: Math.floor((PADDING + column * COLUMN_WIDTH) * sx),
    right: Math.ceil((PADDING + (column + columns) * COLUMN_WIDTH) * sx),
    top: Math.floor((PADDING + row * LINE_HEIGHT) * sy),
    bottom: Math.ceil((PADDING + (row + 1) * LINE_HEIGHT) * sy)
  }
}

const luma = (picture: Picture, x: number, y: number): number => {
  const i = (y * picture.width + x) * 4
  const [r = 255, g = 255, b = 255, a = 0] = picture.data.subarray(i, i + 4)
  return a > 128 ? 0.299 * r + 0.587 * g + 0.114 * b : 255
}

/**
 * How many pixels of a box (the whole picture without one) are darker than
 * `threshold` (paper is 252): ink at 128; anything drawn at all, even scaled down to a faint grey, at 245.
 */
export function inkIn (picture: Picture, box: Box = { left: 0, top: 0, right: picture.width, bottom: picture.height }, threshold = 128): number {
  let ink = 0
  for (let y = Math.max(0, box.top); y < Math.min(picture.height, box.bottom); y++) {
    for (let x = Math.max(0, box.left); x < Math.min(picture.width, box.right); x++) if (luma(picture, x, y) < threshold) ink++
  }
  return ink
}

/** The pixels where two pictures of the same size differ, as [x, y]. */
export function differences (a: Picture, b: Picture): Array<[number, number]> {
  const found: Array<[number, number]> = []
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      const i = (y * a.width + x) * 4
      if (a.data.readUInt32BE(i) !== b.data.readUInt32BE(i)) found.push([x, y])
    }
  }
  return found
}

export const inside = ([x, y]: [number, number], box: Box): boolean =>
  x >= box.left && x < box.right && y >= box.top && y < box.bottom

/** How many pixels of a box are within `tolerance` (per channel) of the colour `#rrggbb`. */
export function pixelsOf (picture: Picture, hex: string, box: Box = { left: 0, top: 0, right: picture.width, bottom: picture.height }, tolerance = 24): number {
  const [r, g, b] = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16)) as [number, number, number]
  let count = 0
  for (let y = Math.max(0, box.top); y < Math.min(picture.height, box.bottom); y++) {
    for (let x = Math.max(0, box.left); x < Math.min(picture.width, box.right); x++) {
      const i = (y * picture.width + x) * 4
      const [pr = 0, pg = 0, pb = 0] = picture.data.subarray(i, i + 3)
      if (Math.abs(pr - r) <= tolerance && Math.abs(pg - g) <= tolerance && Math.abs(pb - b) <= tolerance) count++
    }
  }
  return count
}
