import type { FastifyInstance } from 'fastify'
import type { Config } from '../config.js'
import { answerRequest } from '../chat/core.js'
import { CHAT_PLATFORMS, settingsOf } from '../chat/platforms.js'
import type { ChatPlatform } from '../chat/platform.js'
import { HttpError, badRequest } from '../http/pipeline/errors.js'
import { origin } from '../http/urls.js'
import type { PictureCache } from '../results/pictures.js'
import type { DrawingCache } from '../results/drawings.js'

export interface ChatRoutesOptions {
  config: Config
  drawings: DrawingCache
  pictures: PictureCache
  /** Milliseconds since the epoch, as Date.now: what signed timestamps are checked against. */
  now: () => number
}

/**
 * One route per chat platform that is turned on, each in its own context:
 * the signature covers the exact bytes, so the body is kept as a Buffer, of
 * the platform's one content type only (415 otherwise), and bounded (413).
 * A platform without its setting has no route at all (404).
 */
export default async function chatRoutes (app: FastifyInstance, { config, drawings, pictures, now }: ChatRoutesOptions): Promise<void> {
  for (const platform of CHAT_PLATFORMS as ReadonlyArray<ChatPlatform<any, string, any>>) {
    const settings = settingsOf(platform, config)
    if (settings === null) {
      app.log.info(`${platform.name} commands are off: set ${platform.secret.variable} to answer POST ${platform.path}`)
      continue
    }
    await app.register(async (scope) => {
      scope.removeAllContentTypeParsers()
      scope.addContentTypeParser(platform.contentType, { parseAs: 'buffer' }, (_request, body, done) => { done(null, body) })
      scope.post(platform.path, { bodyLimit: platform.bodyLimit, schema: { hide: true } }, async (request, reply) => {
        reply.header('cache-control', 'no-store')
        const site = origin(request, config.publicUrl)
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
        const answer = await platform.answer(settings, { headers: request.headers, body, now: now() }, (read) => answerRequest(read, { drawings, pictures, site }))
        if ('refused' in answer) throw new HttpError(401, `Not a request from ${platform.name}: ${answer.refused}`)
        if ('invalid' in answer) throw badRequest(answer.invalid)
        if ('empty' in answer) return reply.send()
        if ('json' in answer) return reply.send(answer.json)
        return reply.type(answer.contentType).send(answer.body)
      })
    })
  }
}
