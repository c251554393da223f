import type { FastifyInstance } from 'fastify'
import { COW_SOURCES, DEFAULT_OPTIONS, cowSource, listCows, renderCowAlone, type CowSource } from '../cowsay/index.js'
import { CowList } from '../results/schemas.js'
import { formPath } from '../results/canonical.js'
import { listRoute } from './lists.js'

/** How the gallery names where a cow comes from. */
const SOURCE_LABELS: Readonly<Record<CowSource, string>> = {
  debian: 'Debian\'s original',
  bundled: 'bundled collection',
  local: 'this site\'s own'
}

/**
 * A cow as its gallery card shows it: alone, without the blank columns and
 * lines around it, so that the card's window shows the drawing itself.
 */
function portrait (cow: string): string {
  const lines = renderCowAlone(cow).split('\n').map((line) => line.trimEnd())
  while (lines.length > 0 && lines[0] === '') lines.shift()
  while (lines.length > 0 && lines.at(-1) === '') lines.pop()
  const indent = Math.min(...lines.filter((line) => line !== '').map((line) => line.length - line.trimStart().length))
  return lines.map((line) => line.slice(indent)).join('\n')
}

export default async function cowRoutes (app: FastifyInstance, { publicUrl }: { publicUrl: string | null }): Promise<void> {
  const cows = listCows()
  const sources = Object.fromEntries(COW_SOURCES.map((source) => [source, cows.filter((cow) => cowSource(cow) === source)]))
  listRoute(app, {
    url: '/cows',
    summary: 'Every cow: a gallery page, or the list of names as JSON, plain text or XML',
    schema: CowList,
    text: cows.join('\n') + '\n',
    document: { root: 'cows', value: { cows: [...cows], sources }, itemNames: { cows: 'cow', ...Object.fromEntries(COW_SOURCES.map((source) => [source, 'cow'])) } },
    page: {
      template: 'pages/cows.njk',
      title: 'All the cows',
      data: () => ({
        count: cows.length,
        sources: COW_SOURCES.filter((source) => sources[source].length > 0)
          .map((source) => ({ label: SOURCE_LABELS[source], count: sources[source].length })),
        cows: cows.map((name) => ({
          name,
          source: cowSource(name),
          sourceLabel: SOURCE_LABELS[cowSource(name)],
          drawing: portrait(name),
          href: formPath({ ...DEFAULT_OPTIONS, cow: name })
        }))
      })
    },
    publicUrl
  })
}
