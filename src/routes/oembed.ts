import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { CACHE_NAMED_FORMAT, applyCachePolicy, withLinks } from '../http/negotiation/caching.js'
import { HttpError } from '../http/pipeline/errors.js'
import { origin } from '../http/urls.js'
import type { DrawingCache } from '../results/drawings.js'
import { oembedPhoto, readResultLink } from '../results/oembed.js'
import type { PictureCache } from '../results/pictures.js'
import { ErrorBody } from '../results/schemas.js'
import { resultTitle } from '../results/titles.js'

interface OEmbedRoutesOptions {
  drawings: DrawingCache
  pictures: PictureCache
  publicUrl: string | null
}

const MaxSide = Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: 'The largest width (or height) in pixels the consumer can show; the picture is scaled down to fit.' }))

const OEmbedQuery = Type.Object({
  url: Type.String({ minLength: 1, description: 'A result\'s link on this site, such as /say/hello.' }),
  format: Type.Optional(Type.String({ description: 'json (the default); anything else, xml included, is 501.' })),
  maxwidth: MaxSide,
  maxheight: MaxSide
})

const OEmbedPhoto = Type.Object({
  type: Type.Literal('photo'),
  version: Type.Literal('1.0'),
  title: Type.String(),
  author_name: Type.String(),
  provider_name: Type.String(),
  provider_url: Type.String(),
  url: Type.String({ description: 'The result\'s PNG.' }),
  width: Type.Integer({ description: 'The PNG\'s width in pixels, or less to fit maxwidth and maxheight (the picture is drawn smaller).' }),
  height: Type.Integer(),
  cache_age: Type.Integer()
})

/** GET /oembed: a result's picture for other sites to embed, found from the <link> in its page. */
export default async function oembedRoutes (app: FastifyInstance, { drawings, pictures, publicUrl }: OEmbedRoutesOptions): Promise<void> {
  app.withTypeProvider<TypeBoxTypeProvider>().get('/oembed', {
    schema: {
      summary: 'oEmbed 1.0 for a result\'s link: its PNG as a photo, within maxwidth and maxheight',
      querystring: OEmbedQuery,
      response: { 200: OEmbedPhoto, 400: ErrorBody, 404: ErrorBody, 501: ErrorBody }
    }
  }, async (request, reply) => {
    const { url, format = 'json', maxwidth, maxheight } = request.query
    if (format !== 'json') throw new HttpError(501, 'Only format=json is served here')
    const site = origin(request, publicUrl)
    const read = readResultLink(url, site)
    if (!read.ok) throw new HttpError(404, read.problem)
    const { text, options } = read.result
    const png = pictures.pngSize(drawings.draw(text, options))
    applyCachePolicy(reply, withLinks(CACHE_NAMED_FORMAT, publicUrl))
    return oembedPhoto(read.result, site, resultTitle(text, options), png, { width: maxwidth, height: maxheight })
  })
}
