import t from 'tap'
import { encodePng } from '../../src/image/png-encoder.js'
import { PNG_SIGNATURE, decodePng } from '../support/pictures.js'

t.test('encodePng writes a PNG that decodes to the pixels, alpha un-premultiplied', async (t) => {
  // Three by two: opaque ink, opaque paper, nothing; half-covered ink and paper, a quarter-covered edge.
  const premultiplied = [
    [31, 35, 40, 255], [253, 252, 247, 255], [0, 0, 0, 0],
    [16, 18, 20, 128], [127, 126, 124, 128], [50, 51, 52, 64]
  ]
  const straight = [
    [31, 35, 40, 255], [253, 252, 247, 255], [0, 0, 0, 0],
    [32, 36, 40, 128], [253, 251, 247, 128], [199, 203, 207, 64]
  ]
  for (const offset of [0, 1]) {
    // An offset buffer is what a slice of Node's buffer pool looks like.
    const pixels = Buffer.concat([Buffer.alloc(offset), Buffer.from(premultiplied.flat())]).subarray(offset)
    const png = await encodePng(pixels, 3, 2)
    t.same(png.subarray(0, 8), PNG_SIGNATURE, 'the signature')
    const decoded = decodePng(png)
    t.same([decoded.width, decoded.height], [3, 2], `offset ${offset}: the size`)
    t.same(Array.from({ length: 6 }, (_, i) => [...decoded.data.subarray(i * 4, i * 4 + 4)]), straight, `offset ${offset}: the pixels`)
    t.same([...pixels], premultiplied.flat(), 'the input is left alone')
  }
})

t.test('encodePng compresses flat areas well', async (t) => {
  const paper = Buffer.alloc(400 * 300 * 4, 0xee)
  const png = await encodePng(paper, 400, 300)
  t.ok(png.length < 2000, `a flat 400x300 picture is ${png.length} bytes`)
  t.equal(decodePng(png).data.length, paper.length)
})
