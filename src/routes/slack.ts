import type { FastifyInstance, FastifyRequest } from 'fastify'
import { InputError, RANDOM_COW, listCows, pickRandomCow } from '../cowsay/index.js'
import { parseCommand, type SlackCommand } from '../slack/command.js'
import { readSlackForm, type SlackFields } from '../slack/form.js'
import { cowListMessage, cowMessage, notice, usageMessage, type SlackMessage } from '../slack/reply.js'
import { verifySlackRequest } from '../slack/signature.js'
import { canonicalPath } from '../results/canonical.js'
import { HttpError, badRequest } from '../http/errors.js'
import { origin } from '../http/urls.js'
import type { DrawingCache } from '../results/drawings.js'

export interface SlackRoutesOptions {
  signingSecret: string
  drawings: DrawingCache
  publicUrl: string | null
  /** Milliseconds since the epoch, as Date.now: what Slack's timestamps are checked against. */
  now: () => number
}

/**
 * The longest command Slack can send us, with room to spare: 1,000 four-byte
 * characters percent-encoded are 12,000 bytes (Slack's `&amp;` for `&` is 9),
 * and its other fields about 1 KB. Anything larger is not from Slack: 413.
 */
export const SLACK_BODY_LIMIT = 16 * 1024

const FORM = 'application/x-www-form-urlencoded'

/** A header as one string: a repeated header is joined, and then fails the format check. */
function header (request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}

/** POST /slack/commands: Slack's slash commands /cowsay and /cowthink. */
export default async function slackRoutes (app: FastifyInstance, options: SlackRoutesOptions): Promise<void> {
  const { signingSecret, drawings, publicUrl, now } = options

  // This plugin's context only: the signature covers the exact bytes, so the
  // body is kept as a Buffer, and no other content type is accepted here (415).
  app.removeAllContentTypeParsers()
  app.addContentTypeParser(FORM, { parseAs: 'buffer' }, (_request, body, done) => { done(null, body) })

  function answer (request: FastifyRequest, fields: SlackFields): SlackMessage {
    const command = fields.command
    if (command === undefined) throw badRequest('The form field "command" is missing')
    let read: SlackCommand
    try {
      read = parseCommand(command, fields.text ?? '')
    } catch (error) {
      // The user's mistakes (a bad option, an unknown cow, too long) are
      // answered to them alone, in the web's words; only a bug is a 500.
      if (error instanceof InputError) return notice(error.message)
      throw error
    }
    const site = origin(request, publicUrl)
    switch (read.kind) {
      case 'help': return usageMessage(command, site)
      case 'cows': return cowListMessage(listCows(), site + '/cows')
      case 'draw': {
        // As on the web, "random" becomes a concrete cow, so the link shows the same one.
        const cowOptions = read.options.cow === RANDOM_COW ? { ...read.options, cow: pickRandomCow() } : read.options
        const drawing = drawings.draw(read.text, cowOptions)
        return cowMessage(drawing.output, site + canonicalPath(read.text, cowOptions))
      }
    }
  }

  app.post('/slack/commands', { bodyLimit: SLACK_BODY_LIMIT, schema: { hide: true } }, async (request, reply) => {
    reply.header('cache-control', 'no-store')
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
    const form = readSlackForm(body)
    // Slack's certificate check carries no command: 200 is all it asks for.
    if (form.ok && form.fields.ssl_check === '1') return reply.send()

    const verdict = verifySlackRequest(signingSecret, {
      timestamp: header(request, 'x-slack-request-timestamp'),
      signature: header(request, 'x-slack-signature'),
      body
    }, now())
    if (!verdict.ok) throw new HttpError(401, `Not a request from Slack: ${verdict.reason}`)
    if (!form.ok) throw badRequest(form.problem)
    return answer(request, form.fields)
  })
}
