/**
 * An error a client caused, with the status and the message it is shown.
 * The error handler renders it in the client's format; anything that is not an
 * HttpError (or a Fastify 4xx) is a 500 whose message never leaves the server.
 */
export class HttpError extends Error {
  constructor (readonly statusCode: number, message: string) {
    super(message)
    this.name = 'HttpError'
  }
}

export const badRequest = (message: string): HttpError => new HttpError(400, message)
