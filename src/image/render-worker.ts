/**
 * The thread PNGs are drawn on (see png-worker.ts, which starts it): it opens
 * the fonts once, then turns each drawing it is sent into a PNG, one at a time.
 *
 * resvg's pixels live outside V8's heap, in the rasterizer's own buffer and in
 * the copy it hands over (16 MB each for a 4-megapixel picture), and they are
 * freed only when V8 collects the small objects that hold them. V8 sees little
 * reason to hurry, so in the server's own thread hundreds of megabytes of
 * finished pictures waited for a collection. This thread's heap holds little
 * but the fonts, so collecting it after each large picture costs a few
 * milliseconds, off the server's thread, and gives the memory back at once.
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { parentPort, workerData } from 'node:worker_threads'
import { fontChain } from './fonts.js'
import { drawingPng } from './png.js'

/** What the server asks and what it gets back. */
export interface RenderRequest { id: number, lines: readonly string[], shape: Parameters<typeof drawingPng>[2] }
export type RenderReply = { id: number, png: Uint8Array } | { id: number, error: string }

/** Pictures from this size on are followed by a collection (a small one frees little). */
const LARGE_PIXELS = 512 * 1024

setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc') as () => void

const fonts = fontChain((workerData as { fontFiles: readonly string[] }).fontFiles)
const port = parentPort
if (port === null) throw new Error('render-worker.ts runs as a worker thread (png-worker.ts starts it)')

async function render ({ id, lines, shape }: RenderRequest): Promise<void> {
  try {
    const { png, size } = await drawingPng(lines, fonts, shape)
    port?.postMessage({ id, png } satisfies RenderReply)
    if (size.width * size.height >= LARGE_PIXELS) collectGarbage()
  } catch (error) {
    port?.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies RenderReply)
  }
}

// Strictly one after another: the next picture is drawn once the last one is compressed and sent.
let previous = Promise.resolve()
port.on('message', (request: RenderRequest) => { previous = previous.then(() => render(request)) })
