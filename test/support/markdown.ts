import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'

/*
 * The repository's Markdown, read the way GitHub renders it, for the suites
 * that keep the documentation true (test/docs/): the files, their headings'
 * anchors, their links, and the example requests written before code blocks.
 */

/** Every Markdown file git tracks (or would: new files not ignored), relative to `root`. */
export function markdownFiles (root: string): string[] {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '*.md'], { cwd: root, encoding: 'utf8' })
  return [...new Set(listed.split('\0').filter((file) => file !== '' && existsSync(join(root, file))))].sort()
}

/** A line of a Markdown file outside fenced code blocks, with its 1-based number. */
interface ProseLine { number: number, text: string }

/** The lines outside fenced code blocks (``` or ~~~, of any length). */
function proseLines (text: string): ProseLine[] {
  const lines: ProseLine[] = []
  let fence: string | null = null
  text.split('\n').forEach((line, index) => {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1]
    if (fence === null && marker !== undefined) fence = marker
    else if (fence !== null && marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = null
    else if (fence === null) lines.push({ number: index + 1, text: line })
  })
  return lines
}

/** A heading's text as GitHub shows it: code spans, links and emphasis reduced to their words. */
const headingText = (markdown: string): string =>
  markdown
    .replace(/`([^`]*)`/g, '$1')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/(\*\*|__|\*|_)(\S(?:.*?\S)?)\1/g, '$2')
    .trim()

/** GitHub's anchor for a heading (github-slugger): lower case, punctuation dropped, spaces to hyphens. */
export const slug = (heading: string): string =>
  headingText(heading).toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-')

/** The anchors of a Markdown text's headings, a repeated one numbered (`x`, `x-1`) as GitHub does. */
export function anchors (text: string): Set<string> {
  const seen = new Map<string, number>()
  const result = new Set<string>()
  for (const { text: line } of proseLines(text)) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1]
    if (heading === undefined) continue
    const base = slug(heading)
    const count = seen.get(base) ?? 0
    seen.set(base, count + 1)
    result.add(count === 0 ? base : `${base}-${count}`)
  }
  return result
}

interface Link { file: string, line: number, target: string }

/** Every link and image target in a Markdown text (inline and reference definitions), outside code. */
function links (file: string, text: string): Link[] {
  const found: Link[] = []
  for (const { number, text: raw } of proseLines(text)) {
    const line = raw.replace(/`+[^`]*`+/g, '')
    for (const match of line.matchAll(/\]\(\s*(<[^>]*>|[^\s)]+)(?:\s+"[^"]*")?\s*\)/g)) {
      found.push({ file, line: number, target: (match[1] ?? '').replace(/^<|>$/g, '') })
    }
    const definition = /^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/.exec(line)?.[1]
    if (definition !== undefined) found.push({ file, line: number, target: definition.replace(/^<|>$/g, '') })
  }
  return found
}

/** Why a link does not resolve, or null when it does. External links (a scheme) are not followed. */
function brokenLink (root: string, link: Link): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(link.target)) return null
  const hash = link.target.indexOf('#')
  const path = decodeURIComponent(hash === -1 ? link.target : link.target.slice(0, hash))
  const anchor = hash === -1 ? null : decodeURIComponent(link.target.slice(hash + 1))
  const target = path === '' ? join(root, link.file) : join(root, path.startsWith('/') ? '' : dirname(link.file), path)
  if (relative(root, target).startsWith('..')) return `${path} is outside the repository`
  if (!existsSync(target)) return `${path} does not exist`
  if (anchor === null) return null
  if (!target.endsWith('.md')) return `#${anchor}: only a Markdown file's headings can be checked`
  const known = anchors(readFileSync(target, 'utf8'))
  return known.has(anchor) ? null : `#${anchor} is no heading of ${relative(root, target)} (its anchors: ${[...known].join(', ')})`
}

/** Every broken relative link and anchor in `files` (relative to `root`), as `file:line: target: why`. */
export function brokenLinks (root: string, files: string[]): { checked: number, problems: string[] } {
  const problems: string[] = []
  let checked = 0
  for (const file of files) {
    for (const link of links(file, readFileSync(join(root, file), 'utf8'))) {
      checked++
      const why = brokenLink(root, link)
      if (why !== null) problems.push(`${link.file}:${link.line}: ${link.target}: ${why}`)
    }
  }
  return { checked, problems }
}

/** A request written before a fenced block, and the block: what the docs say the app answers. */
export interface Example {
  file: string
  line: number
  method: string
  url: string
  headers: Record<string, string>
  body: string | undefined
  language: string
  shown: string
}

/**
 * Every `<!-- example ... -->` comment in a Markdown text and the fenced block right after it.
 * The comment holds an HTTP request: `METHOD PATH`, then headers one a line (or one header on
 * the same line as the request), then a blank line and a body. A comment with no block after it,
 * or no request in it, is an error, thrown with its line.
 */
export function examples (file: string, text: string): Example[] {
  const lines = text.split('\n')
  const prose = new Set(proseLines(text).map((line) => line.number))
  const found: Example[] = []
  for (let index = 0; index < lines.length; index++) {
    if (!prose.has(index + 1) || !/^<!--\s*example\b/.test(lines[index] ?? '')) continue
    const start = index
    let comment = lines[index] ?? ''
    while (!comment.includes('-->') && index + 1 < lines.length) comment += '\n' + (lines[++index] ?? '')
    const request = comment.replace(/^<!--\s*example:?/, '').replace(/-->[\s\S]*$/, '').replace(/^[ \t]+|\s+$/g, '').replace(/^\n/, '')
    const [head = '', body] = request.split(/\n[ \t]*\n/, 2)
    const [requestLine = '', ...headerLines] = head.split('\n')
    const parts = /^([A-Z]+)\s+(\/\S*)(?:\s+([A-Za-z-]+:\s*.*))?$/.exec(requestLine.trim())
    if (parts === null) throw new Error(`${file}:${start + 1}: an example comment must start with METHOD /path, not ${JSON.stringify(requestLine)}`)
    const headers: Record<string, string> = {}
    for (const header of [...(parts[3] === undefined ? [] : [parts[3]]), ...headerLines]) {
      const [, name, value] = /^\s*([A-Za-z-]+):\s*(.*?)\s*$/.exec(header) ?? []
      if (name === undefined || value === undefined) throw new Error(`${file}:${start + 1}: not a header: ${JSON.stringify(header)}`)
      headers[name.toLowerCase()] = value
    }
    let next = index + 1
    while ((lines[next] ?? '').trim() === '' && next < lines.length) next++
    const fence = /^(`{3,}|~{3,})(\S*)/.exec(lines[next] ?? '')
    if (fence?.[1] === undefined) throw new Error(`${file}:${start + 1}: an example comment must be followed by a fenced code block`)
    const end = lines.findIndex((line, at) => at > next && line.trim() === fence[1])
    if (end === -1) throw new Error(`${file}:${next + 1}: the example's code block is not closed`)
    found.push({ file, line: start + 1, method: parts[1] ?? 'GET', url: parts[2] ?? '/', headers, body, language: fence[2] ?? '', shown: lines.slice(next + 1, end).join('\n') })
    index = end
  }
  return found
}
