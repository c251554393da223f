import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type, type Static } from 'typebox'
import { FLAG_QUERY, RANDOM_COW, isOn, pickRandomCow, type CowOptions } from '../cowsay/index.js'
import {
  SHORT_FORTUNE, dayOf, dayPick, databaseNames, databaseSize, fortuneNumbered, isDatabase, listDatabases, randomFortune, type Fortune
} from '../fortunes/index.js'
import { dayPath, fortunePath, readFortuneOptions } from '../results/canonical.js'
import { CowResult, ErrorBody, ResultQuery, negotiatedResult } from '../results/schemas.js'
import { cacheFor } from '../http/negotiation/caching.js'
import { HttpError } from '../http/pipeline/errors.js'
import { origin } from '../http/urls.js'
import { sendPicked, wantsPage, type Result, type SendResult } from './results.js'
import { listRoute } from './lists.js'

export interface FortuneRoutesOptions {
  sendResult: SendResult
  publicUrl: string | null
  /** The clock that says which day it is (Date.now). */
  now: () => number
}

const { text: _text, format, ...DRAWING_QUERY } = ResultQuery.properties

/** Every option of /say (and `action`, to think it), and the format: what a fortune is drawn with. */
const FortuneQuery = Type.Object({ ...DRAWING_QUERY, format })
type FortuneQuery = Static<typeof FortuneQuery>

const RandomFortuneQuery = Type.Object({
  ...FortuneQuery.properties,
  db: Type.Optional(Type.String({ maxLength: 64, description: 'Pick from this database only (see /fortunes).' })),
  short: Type.Optional(Type.Unsafe<string>({ ...FLAG_QUERY, description: `1 picks among the fortunes of ${SHORT_FORTUNE} characters or fewer, as fortune -s.` }))
})

const errorResponses = { 400: ErrorBody, 404: ErrorBody, 406: ErrorBody, 414: ErrorBody }

/** The 404 that says which databases there are. */
const unknownDatabase = (name: string): HttpError =>
  new HttpError(404, `Unknown fortune database ${JSON.stringify(name.slice(0, 64))}: there are ${databaseNames()} (see /fortunes)`)

/** The fortune at `/fortune/<database>/<index>`, or a 404 that says what exists. */
function fortuneFor (database: string, index: string): Fortune {
  if (!isDatabase(database)) throw unknownDatabase(database)
  const size = databaseSize(database)
  const found = fortuneNumbered(database, index)
  if (found === undefined) throw new HttpError(404, `No fortune ${JSON.stringify(index.slice(0, 16))} in ${database}: it holds ${size}, /fortune/${database}/1 to /fortune/${database}/${size}`)
  return found
}

const fortuneResult = (fortune: Fortune, options: CowOptions): Result => {
  const path = fortunePath(fortune, options)
  return {
    text: fortune.text,
    options,
    path,
    at: (format, cow = options.cow) => fortunePath(fortune, { ...options, cow }, format),
    fortune: { database: fortune.database, index: fortune.index, path }
  }
}

/**
 * A day's cow and fortune as a result, for the options a request asks for: the day's own cow
 * unless it names another (or "random"), and what draws it with any chosen options.
 */
function dayDrawing (day: string, query: FortuneQuery): { options: CowOptions, result: (options: CowOptions) => Result } {
  const { cow: dayCow, fortune } = dayPick(day)
  return {
    options: readFortuneOptions(query, dayCow),
    result: (options) => ({
      text: fortune.text,
      options,
      path: dayPath(day, dayCow, options),
      at: (format, cow = options.cow) => dayPath(day, dayCow, { ...options, cow }, format),
      fortune: { database: fortune.database, index: fortune.index, path: fortunePath(fortune, options) }
    })
  }
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * A day as a link writes it, checked: YYYY-MM-DD and a date of the calendar (400 otherwise). A
 * date that does not read back as written is not one: the calendar rolls 02-30 into March.
 * The year is set on its own, since Date.UTC would read the years 0 to 99 as 1900 to 1999.
 */
function readDay (raw: string, today: string): string {
  const match = DAY.exec(raw)
  const date = new Date(0)
  if (match !== null) date.setUTCFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3]))
  if (match === null || dayOf(date) !== raw) {
    throw new HttpError(400, `Malformed date ${JSON.stringify(raw.slice(0, 32))}: a day is written YYYY-MM-DD, as ${today}`)
  }
  return raw
}

/** Seconds until the next midnight in UTC, when today's cow changes. */
const secondsToMidnight = (now: number): number => {
  const midnight = new Date(now)
  midnight.setUTCHours(24, 0, 0, 0)
  return Math.max(1, Math.ceil((midnight.getTime() - now) / 1000))
}

/**
 * Fortunes, drawn as results: `/fortune/<database>/<n>` is a fortune's link, `/fortune` picks
 * one, `/today` and `/day/<date>` are a day's cow and fortune, `/fortunes` lists the databases.
 * Every one goes through the one result pipeline (./results.ts), with every option of /say.
 */
export default async function fortuneRoutes (app: FastifyInstance, { sendResult, publicUrl, now }: FortuneRoutesOptions): Promise<void> {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>()

  /** A result whose cow is "random": a concrete cow, a browser sent to its link, anyone else answered in place. */
  const sendWithRandomCow = (request: FastifyRequest<{ Querystring: FortuneQuery }>, reply: FastifyReply, result: (options: CowOptions) => Result, options: CowOptions): Promise<FastifyReply> | FastifyReply =>
    sendPicked(request, reply, sendResult, result({ ...options, cow: pickRandomCow() }), publicUrl)

  typed.get('/fortune', {
    schema: {
      summary: 'A fortune at random (every one equally likely), drawn: a browser is sent to its link, any other client gets it here with Content-Location naming the link',
      querystring: RandomFortuneQuery,
      response: { 200: negotiatedResult(CowResult), 302: Type.Null(), ...errorResponses }
    }
  }, async (request, reply) => {
    const { db, short, ...query } = request.query
    const database = db === undefined || db === '' ? undefined : db
    if (database !== undefined && !isDatabase(database)) throw unknownDatabase(database)
    const picked = randomFortune({ database, short: isOn(short ?? '') })
    if (picked === undefined) throw new HttpError(404, `No fortune of ${SHORT_FORTUNE} characters or fewer in ${database ?? 'any database'}`)
    const options = readFortuneOptions(query)
    return sendPicked(request, reply, sendResult, fortuneResult(picked, options.cow === RANDOM_COW ? { ...options, cow: pickRandomCow() } : options), publicUrl)
  })

  typed.get('/fortune/:database/:index', {
    schema: {
      summary: 'The n-th fortune of a database (counting from 1, as strfile separates them), drawn; the same fortune on every restart and replica while the file is unchanged',
      params: Type.Object({ database: Type.String(), index: Type.String() }),
      querystring: FortuneQuery,
      response: { 200: negotiatedResult(CowResult), 302: Type.Null(), ...errorResponses }
    }
  }, async (request, reply) => {
    const fortune = fortuneFor(request.params.database, request.params.index)
    const options = readFortuneOptions(request.query)
    if (options.cow === RANDOM_COW) return sendWithRandomCow(request, reply, (chosen) => fortuneResult(fortune, chosen), options)
    return sendResult(request, reply, fortuneResult(fortune, options))
  })

  typed.get('/today', {
    schema: {
      summary: 'The cow of the day: a cow and a fortune chosen from the date (UTC), the same on every replica; a browser is sent to /day/<date>, any other client gets it here, kept until the next midnight',
      querystring: FortuneQuery,
      response: { 200: negotiatedResult(CowResult), 302: Type.Null(), ...errorResponses }
    }
  }, async (request, reply) => {
    const time = now()
    const day = dayOf(new Date(time))
    const { options, result } = dayDrawing(day, request.query)
    if (options.cow === RANDOM_COW) return sendWithRandomCow(request, reply, result, options)
    const seconds = secondsToMidnight(time)
    const today = result(options)
    if (wantsPage(request)) return reply.header('cache-control', `private, max-age=${seconds}`).redirect(today.at(request.query.format), 302)
    return sendResult(request, reply, today, cacheFor(seconds), origin(request, publicUrl) + today.path)
  })

  typed.get('/day/:date', {
    schema: {
      summary: 'The cow and fortune of a day (YYYY-MM-DD, UTC), any day up to today',
      params: Type.Object({ date: Type.String() }),
      querystring: FortuneQuery,
      response: { 200: negotiatedResult(CowResult), 302: Type.Null(), ...errorResponses }
    }
  }, async (request, reply) => {
    const today = dayOf(new Date(now()))
    const day = readDay(request.params.date, today)
    if (day > today) throw new HttpError(404, `No cow for ${day} yet: the latest day is today, ${today} (UTC), at /today`)
    const { options, result } = dayDrawing(day, request.query)
    if (options.cow === RANDOM_COW) return sendWithRandomCow(request, reply, result, options)
    return sendResult(request, reply, result(options))
  })

  const databases = listDatabases()
  const total = databases.reduce((sum, { count }) => sum + count, 0)
  listRoute(app, {
    url: '/fortunes',
    summary: 'The fortune databases and how many fortunes each holds',
    schema: FortuneList,
    text: databases.map(({ name, count }) => `${name.padEnd(24)} ${String(count).padStart(6)}`).join('\n') + `\n${'total'.padEnd(24)} ${String(total).padStart(6)}\n`,
    document: { root: 'fortunes', value: { databases: databases.map(({ name, count }) => ({ name, count })), total }, itemNames: { databases: 'database' } },
    page: {
      template: 'pages/fortunes.njk',
      title: 'Fortunes',
      data: () => ({
        databases: databases.map(({ name, count }) => ({ name, count, random: `/fortune?db=${encodeURIComponent(name)}`, first: `/fortune/${encodeURIComponent(name)}/1` })),
        total
      })
    },
    publicUrl
  })
}

const FortuneList = Type.Object({
  databases: Type.Array(Type.Object({ name: Type.String(), count: Type.Integer({ description: 'How many fortunes it holds.' }) })),
  total: Type.Integer()
})
