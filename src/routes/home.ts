import type { FastifyInstance } from 'fastify'
import { DEFAULT_OPTIONS } from '../cowsay/index.js'
import { DEFAULT_TEXT } from '../web/message.js'
import { formDefaults } from '../web/form.js'
import type { DrawingCache } from '../web/results.js'

/** The form page: type a message, pick a cow and options, submit to /say. */
export default async function homeRoutes (app: FastifyInstance, { drawings }: { drawings: DrawingCache }): Promise<void> {
  app.get('/', { schema: { hide: true } }, async (_request, reply) =>
    reply.viewAsync('pages/home.njk', {
      title: null,
      form: formDefaults(),
      canonicalPath: '/',
      preview: drawings.draw(DEFAULT_TEXT, DEFAULT_OPTIONS).output
    }))
}
