import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'

export interface Asset {
  /** Path below public/, with forward slashes: `css/site.css`. */
  file: string
  /** The same with a content hash before the extension: `css/site.3f2a9c1b0d.css`. */
  fingerprinted: string
  /** The file's bytes, read once: the static route sends them from memory. */
  body: Buffer
  /** A strong ETag from the content hash. */
  etag: string
  /** Its Content-Type, by extension. */
  type: string
}

/** Ten hex digits of SHA-256: what nginx's location for fingerprinted files matches. */
const HASH_LENGTH = 10

/** The kinds of file public/ holds (nginx's mime.types says the same); anything else is sent as bytes. */
const CONTENT_TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  html: 'text/html; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  json: 'application/json; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  woff2: 'font/woff2'
}
const contentType = (file: string): string => CONTENT_TYPES[/\.([^./]+)$/.exec(file)?.[1] ?? ''] ?? 'application/octet-stream'

function * walk (dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield * walk(path)
    else if (entry.isFile() && !entry.name.startsWith('.')) yield path
  }
}

function fingerprinted (file: string, hash: string): string {
  const dot = file.lastIndexOf('.')
  return dot > file.lastIndexOf('/') ? `${file.slice(0, dot)}.${hash}${file.slice(dot)}` : `${file}.${hash}`
}

/**
 * Every file under public/, read once at start-up and kept (some 80 KB). Pages
 * name assets through `url()`, which gives the fingerprinted name so browsers
 * and nginx can cache it for a year; the set of names is also the only thing
 * the static route serves, from these bytes (no file is opened per request).
 */
export class AssetManifest {
  readonly #byName = new Map<string, Asset>()
  readonly #byFile = new Map<string, Asset>()

  constructor (readonly root: string) {
    for (const path of walk(root)) {
      const file = relative(root, path).split(sep).join('/')
      const body = readFileSync(path)
      const hash = createHash('sha256').update(body).digest('hex')
      const asset = { file, fingerprinted: fingerprinted(file, hash.slice(0, HASH_LENGTH)), body, etag: `"${hash.slice(0, 27)}"`, type: contentType(file) }
      this.#byFile.set(file, asset)
      this.#byName.set(file, asset)
      this.#byName.set(asset.fingerprinted, asset)
    }
  }

  /** The public URL of an asset, fingerprinted; a missing asset is a bug in a template. */
  url (file: string): string {
    const asset = this.#byFile.get(file)
    if (asset === undefined) throw new Error(`No asset public/${file}`)
    return `/static/${asset.fingerprinted}`
  }

  /** Looks up a requested name (plain or fingerprinted); only known names are ever served. */
  lookup (name: string): { asset: Asset, immutable: boolean } | undefined {
    const asset = this.#byName.get(name)
    return asset && { asset, immutable: name === asset.fingerprinted && name !== asset.file }
  }
}
