import { connect } from 'node:net'

export interface RawResponse {
  /** The status code of the first response, or null when the server closed without one. */
  status: number | null
  /** Header names in lower case; the last value wins. */
  headers: Record<string, string>
  body: string
  /** Everything the server sent, for responses after the first (pipelining). */
  text: string
  /** Milliseconds from connecting to the server closing the connection. */
  ms: number
}

/**
 * Sends bytes exactly as given over a fresh TCP connection and reads until the
 * server closes it: HTTP clients would fix up or refuse the malformed requests
 * the hostile suites need. Requests should say `Connection: close`. Rejects when
 * the server keeps the connection open past `timeout` ms (a hang).
 */
export function rawRequest (port: number, request: string | Buffer, timeout = 5000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`no answer within ${timeout} ms`))
    }, timeout)
    socket.on('connect', () => socket.write(request))
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    // A reset after the server has answered (it refused the rest of the bytes) is still an answer.
    socket.on('error', () => {})
    socket.on('close', () => {
      clearTimeout(timer)
      resolve(parseResponse(Buffer.concat(chunks).toString('utf8'), performance.now() - started))
    })
  })
}

export function parseResponse (text: string, ms = 0): RawResponse {
  const headEnd = text.indexOf('\r\n\r\n')
  const head = headEnd === -1 ? text : text.slice(0, headEnd)
  const [statusLine = '', ...headerLines] = head.split('\r\n')
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]
  const headers: Record<string, string> = {}
  for (const line of headerLines) {
    const colon = line.indexOf(':')
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  return { status: status === undefined ? null : Number(status), headers, body: headEnd === -1 ? '' : text.slice(headEnd + 4), text, ms }
}
