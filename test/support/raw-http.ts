import { connect } from 'node:net'

/*
 * The one raw HTTP client of the tests and scripts: bytes over a fresh TCP
 * connection to loopback, read until the server closes it. HTTP clients (fetch,
 * node:http) would fix up or refuse the malformed requests the hostile suites
 * send, and resolve dot segments or re-encode the paths the nginx suites send.
 */

export interface RawResponse {
  /** The status code of the first response, or null when the server closed without one. */
  status: number | null
  /** Header names in lower case; the last value wins. */
  headers: Record<string, string>
  /** The first response's body as UTF-8 (chunked transfer coding undone, content coding kept). */
  body: string
  /** The same body as bytes: what a gzip-encoded body must be read from. */
  bytes: Buffer
  /** Everything the server sent, for responses after the first (pipelining). */
  text: string
  /** Milliseconds from connecting to the server closing the connection. */
  ms: number
}

/** A well-formed request whose path and headers go out exactly as given. */
export interface ExactRequest {
  /** Sent exactly as given: fetch() and URL would resolve dot segments and re-encode. */
  path: string
  method?: string
  /** Host defaults to 127.0.0.1:port; Connection to close; Content-Length is added for a body. */
  headers?: Record<string, string>
  body?: string | Buffer
  /** The loopback address to connect from (so that it differs from a proxy's own). */
  localAddress?: string
}

/** The bytes of an ExactRequest, as HTTP/1.1 writes them. */
function requestBytes (port: number, { path, method = 'GET', headers = {}, body }: ExactRequest): Buffer {
  const names = new Set(Object.keys(headers).map((name) => name.toLowerCase()))
  const all: Array<[string, string]> = [
    ...(names.has('host') ? [] : [['Host', `127.0.0.1:${port}`] as [string, string]]),
    ...Object.entries(headers),
    ...(names.has('connection') ? [] : [['Connection', 'close'] as [string, string]]),
    ...(body === undefined || names.has('content-length') ? [] : [['Content-Length', String(Buffer.byteLength(body))] as [string, string]])
  ]
  const head = `${method} ${path} HTTP/1.1\r\n${all.map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n`
  return Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(body ?? '')])
}

/**
 * Sends `request` (bytes exactly as given, or an ExactRequest) over a fresh TCP
 * connection and reads until the server closes it. Raw bytes should say
 * `Connection: close`. Rejects when the server keeps the connection open past
 * `timeout` ms (a hang).
 */
export function rawRequest (port: number, request: string | Buffer | ExactRequest, timeout = 5000): Promise<RawResponse> {
  const exact = typeof request === 'object' && !Buffer.isBuffer(request) ? request : undefined
  const bytes = exact === undefined ? request as string | Buffer : requestBytes(port, exact)
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const socket = connect({ port, host: '127.0.0.1', localAddress: exact?.localAddress })
    const chunks: Buffer[] = []
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`no answer within ${timeout} ms to ${String(exact?.path ?? bytes.slice(0, 80))}`))
    }, timeout)
    socket.on('connect', () => socket.write(bytes))
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    // A reset after the server has answered (it refused the rest of the bytes) is still an answer.
    socket.on('error', () => {})
    socket.on('close', () => {
      clearTimeout(timer)
      resolve(parseResponse(Buffer.concat(chunks), performance.now() - started))
    })
  })
}

/** Undoes chunked transfer coding; what is cut short is kept as far as it came. */
function unchunk (data: Buffer): Buffer {
  const parts: Buffer[] = []
  let at = 0
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at)
    if (lineEnd === -1) break
    const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16)
    if (!(size > 0)) break
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size))
    at = lineEnd + 2 + size + 2
  }
  return Buffer.concat(parts)
}

/** Reads the first response out of what a server sent (a string is taken as UTF-8). */
export function parseResponse (received: string | Buffer, ms = 0): RawResponse {
  const data = Buffer.isBuffer(received) ? received : Buffer.from(received, 'utf8')
  const headEnd = data.indexOf('\r\n\r\n')
  const head = (headEnd === -1 ? data : data.subarray(0, headEnd)).toString('utf8')
  const [statusLine = '', ...headerLines] = head.split('\r\n')
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]
  const headers: Record<string, string> = {}
  for (const line of headerLines) {
    const colon = line.indexOf(':')
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  const rest = headEnd === -1 ? Buffer.alloc(0) : data.subarray(headEnd + 4)
  const bytes = /\bchunked\b/i.test(headers['transfer-encoding'] ?? '') ? unchunk(rest) : rest
  return { status: status === undefined ? null : Number(status), headers, body: bytes.toString('utf8'), bytes, text: data.toString('utf8'), ms }
}
