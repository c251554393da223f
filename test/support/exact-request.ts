/** An HTTP request whose path is sent exactly as given, through node:http (for the nginx suites). */
import { request, type IncomingHttpHeaders } from 'node:http'

export interface RawResponse {
  status: number
  headers: IncomingHttpHeaders
  /** The body as sent: not decompressed. */
  body: Buffer
  text: string
}

export interface RawRequest {
  port: number
  /** Sent exactly as given: fetch() and URL would resolve dot segments and re-encode. */
  path: string
  method?: string
  headers?: Record<string, string>
  body?: string | Buffer
  /** The loopback address to connect from, so that it differs from nginx's own. */
  localAddress?: string
}

/** One HTTP/1.1 request on a fresh connection, the raw bytes of the answer. */
export function rawRequest ({ port, path, method = 'GET', headers = {}, body, localAddress }: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path, method, headers, localAddress, agent: false }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => {
        const raw = Buffer.concat(chunks)
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: raw, text: raw.toString('utf8') })
      })
      response.on('error', reject)
    })
    outgoing.setTimeout(20_000, () => outgoing.destroy(new Error(`no answer to ${method} ${path.slice(0, 80)} in 20 s`)))
    outgoing.on('error', reject)
    outgoing.end(body)
  })
}
