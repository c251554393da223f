import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { RenderReply, RenderRequest } from './render-worker.js'

// render-worker.ts beside this file in development, render-worker.js in the build.
const WORKER_FILE = new URL(`./render-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url)

interface Pending { resolve: (png: Buffer) => void, reject: (error: Error) => void }

/**
 * Draws PNGs on a worker thread of their own (render-worker.ts), started on
 * the first picture: the fonts and the rasterizer never load in a server that
 * draws none, the drawing leaves the server's thread, and the pictures are
 * drawn one at a time, so their memory is bounded by what one (or one drawing
 * while the previous one is compressed) needs, however many are asked for.
 * Should the thread die, the pictures it was drawing fail and the next one
 * starts a new thread.
 */
export class PngWorker {
  #thread: { worker: Worker, pending: Map<number, Pending> } | undefined
  #next = 0

  constructor (readonly fontFiles: readonly string[]) {}

  /** Pictures sent to the thread and not yet back. */
  get pending (): number {
    return this.#thread?.pending.size ?? 0
  }

  render (lines: readonly string[], shape: RenderRequest['shape']): Promise<Buffer> {
    const { worker, pending } = this.#thread ??= this.#start()
    const id = this.#next++
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject })
      // Only a thread with work keeps the process alive.
      if (pending.size === 1) worker.ref()
      worker.postMessage({ id, lines, shape } satisfies RenderRequest)
    })
  }

  #start (): { worker: Worker, pending: Map<number, Pending> } {
    const worker = new Worker(WORKER_FILE, { workerData: { fontFiles: this.fontFiles } })
    const pending = new Map<number, Pending>()
    const thread = { worker, pending }
    worker.unref()
    worker.on('message', (reply: RenderReply) => {
      const waiting = pending.get(reply.id)
      if (waiting === undefined) return
      pending.delete(reply.id)
      if (pending.size === 0) worker.unref()
      if ('error' in reply) waiting.reject(new Error(reply.error))
      else waiting.resolve(Buffer.from(reply.png.buffer, reply.png.byteOffset, reply.png.byteLength))
    })
    const fail = (error: Error): void => {
      if (this.#thread === thread) this.#thread = undefined
      for (const waiting of pending.values()) waiting.reject(error)
      pending.clear()
    }
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`The PNG renderer stopped (exit code ${code})`)))
    return thread
  }
}

const workers = new Map<string, PngWorker>()

/** One renderer thread per list of font files, shared by every app in the process (tests build many). */
export function pngWorker (fontFiles: readonly string[]): PngWorker {
  const key = fontFiles.join('\n')
  let worker = workers.get(key)
  if (worker === undefined) workers.set(key, worker = new PngWorker(fontFiles))
  return worker
}
