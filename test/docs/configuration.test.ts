import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ENV_EXAMPLE, variablesRead } from '../support/environment.js'
import { ROOT } from '../support/node-server.js'

/*
 * docs/configuration.md lists exactly the variables the configuration reader
 * reads (recorded by variablesRead, as the compose suite records them), plus
 * the few its rows say another tool reads "only"; and the same names as
 * .env.example.
 */

/** The table's rows: the variable names in each row's first cell, and the row. */
const rows = readFileSync(join(ROOT, 'docs/configuration.md'), 'utf8').split('\n')
  .filter((line) => /^\| `[A-Z]/.test(line))
  .map((line) => ({ names: [...(line.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((match) => match[1] ?? ''), row: line }))

t.test('the configuration page lists exactly the variables the configuration reader reads', async (t) => {
  const read = variablesRead()
  const listed = rows.flatMap((row) => row.names)
  t.ok(read.size >= 15, `loadConfig reads ${[...read].join(', ')}`)
  for (const name of read) t.ok(listed.includes(name), `${name}: on the page`)
  for (const { names, row } of rows) {
    for (const name of names.filter((name) => !read.has(name))) {
      t.match(row, /\bonly\b/, `${name}: not read by loadConfig, so its row says which tool reads it only`)
    }
  }
  t.equal(new Set(listed).size, listed.length, 'each variable once')
})

t.test('the page and .env.example name the same variables', async (t) => {
  t.strictSame(rows.flatMap((row) => row.names).sort(), Object.keys(ENV_EXAMPLE).sort())
})
