/* Checks on the text: what a cow file must be before it is parsed, and what it may draw. */
import { CowFileError } from './program.js'

/** The largest cow file we read, in bytes: Debian's largest is 1.7 KB, the npm package's 11 KB. */
export const MAX_COW_FILE_BYTES = 64 * 1024

export const IDENTIFIER_START = /[A-Za-z_]/
export const IDENTIFIER_CHAR = /\w/
export const WHITESPACE = /[ \t\n\f]/

export function checkText (text: string): string {
  const bytes = Buffer.byteLength(text, 'utf8')
  if (bytes > MAX_COW_FILE_BYTES) throw tooLarge(bytes)
  if (/\p{Cs}/u.test(text)) throw new CowFileError(lineAt(text, text.search(/\p{Cs}/u)), 'a lone surrogate: not valid Unicode')
  return normalize(text)
}

function tooLarge (bytes: number): CowFileError {
  return new CowFileError(0, `the file is ${bytes} bytes; a cow file may have at most ${MAX_COW_FILE_BYTES}`)
}

/** Refuses what is not well-formed UTF-8 (surrogates and overlong forms included), as firstInvalidUtf8 does. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

export function decodeUtf8 (bytes: Uint8Array): string {
  if (bytes.length > MAX_COW_FILE_BYTES) throw tooLarge(bytes.length)
  // The native decoder first: every file of the catalogue is read at start, and a byte loop
  // is slow before the JIT warms up; the loop below only finds the line of what it refused.
  try {
    return normalize(STRICT_UTF8.decode(bytes))
  } catch (error) {
    if (error instanceof CowFileError) throw error
  }
  const invalid = firstInvalidUtf8(bytes)
  const line = bytes.subarray(0, invalid === -1 ? bytes.length : invalid).reduce((lines, byte) => byte === 0x0A ? lines + 1 : lines, 1)
  throw new CowFileError(line, 'not valid UTF-8')
}

/** Byte offset of the first byte that is not well-formed UTF-8, or -1. */
function firstInvalidUtf8 (bytes: Uint8Array): number {
  let index = 0
  while (index < bytes.length) {
    const byte = bytes[index]
    if (byte < 0x80) { index++; continue }
    const [length, min, max] = byte >= 0xC2 && byte <= 0xDF
      ? [2, 0x80, 0x7FF]
      : byte >= 0xE0 && byte <= 0xEF ? [3, 0x800, 0xFFFF] : byte >= 0xF0 && byte <= 0xF4 ? [4, 0x10000, 0x10FFFF] : [0, 0, 0]
    if (length === 0 || index + length > bytes.length) return index
    let codePoint = byte & (0xFF >> (length + 1))
    for (let next = 1; next < length; next++) {
      const continuation = bytes[index + next]
      if ((continuation & 0xC0) !== 0x80) return index
      codePoint = (codePoint << 6) | (continuation & 0x3F)
    }
    if (codePoint < min || codePoint > max || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) return index
    index += length
  }
  return -1
}

/** A byte-order mark and CRLF line ends (files edited on Windows) are read as Perl on Linux would wish. */
function normalize (text: string): string {
  if (text.includes('\0')) throw new CowFileError(lineAt(text, text.indexOf('\0')), 'a NUL character: this is a binary file, not a cow file')
  return text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n')
}

function lineAt (text: string, index: number): number {
  let line = 1
  for (let at = 0; at < index; at++) if (text.charCodeAt(at) === 0x0A) line++
  return line
}

/** Line numbers of a text's offsets, found by binary search over its newlines. */
export class LineIndex {
  private readonly newlines: number[] = []

  constructor (text: string) {
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) this.newlines.push(at)
  }

  lineOf (index: number): number {
    let low = 0
    let high = this.newlines.length
    while (low < high) {
      const middle = (low + high) >> 1
      if (this.newlines[middle] < index) low = middle + 1
      else high = middle
    }
    return low + 1
  }
}

const SGR = /^\x1b\[[0-9;:]*m/

/**
 * What a piece of the drawing may hold: no control character but tab and newline, and ESC only
 * as the start of a complete colour sequence, so a cow can colour a terminal and do nothing else.
 */
const UNDRAWABLE = /[\x00-\x08\x0B-\x1F\x7F-\x9F]/

export function checkDrawable (text: string, firstLine: number): void {
  // Most text has no control character at all: one native scan says so.
  if (!UNDRAWABLE.test(text)) return
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code === 0x1B) {
      const sequence = SGR.exec(text.slice(index, index + 64))
      if (sequence !== null) { index += sequence[0].length - 1; continue }
      throw new CowFileError(firstLine + lineAt(text, index) - 1,
        'an escape that is not a complete colour sequence (ESC [ ... m) in one string')
    }
    if ((code < 0x20 && code !== 0x09 && code !== 0x0A) || (code >= 0x7F && code <= 0x9F)) {
      throw new CowFileError(firstLine + lineAt(text, index) - 1,
        `the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}; only tab, newline and colour sequences may be drawn`)
    }
  }
}
