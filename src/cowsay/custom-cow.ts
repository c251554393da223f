import { deflateRawSync, inflateRawSync } from 'node:zlib'
import { LRUCache } from 'lru-cache'
import { CowFileError, MAX_COW_FILE_BYTES, readCowFile, type CowFile } from './cow-file/index.js'
import { InputError } from './input-error.js'

/*
 * Your own cow, in the link: the `cowfile` option carries a cow file so that a link is the whole
 * state and nothing is stored. On the wire it is the file's UTF-8 text, compressed with raw
 * DEFLATE (RFC 1951), in unpadded base64url (RFC 4648 section 5); the canonical URL writes it as
 * we compress it, so one cow file has one URL whichever compressor a client used. A form's
 * textarea may send the text itself (it always holds a `$`, which base64url never does).
 */

/**
 * The longest `cowfile` value, in characters: 6 KiB of DEFLATE, a cow file of 20 to 40 KB. With
 * the longest message (12,000 bytes percent-encoded) a link could not carry it; MAX_LINK_LENGTH
 * bounds the two together.
 */
export const MAX_COWFILE_LENGTH = 8192

/**
 * The longest canonical result URL (path and query) with a cow file in it: nginx takes a request
 * line of up to 16 KiB (large_client_header_buffers) and Node a request head of 16 KiB; this
 * leaves 2 KiB for the browser's other headers.
 */
export const MAX_LINK_LENGTH = 14 * 1024

const BASE64URL = /^[A-Za-z0-9_-]*$/

/** The cow file's text as a `cowfile` value. */
export function encodeCowFile (text: string): string {
  return deflateRawSync(Buffer.from(text, 'utf8'), { level: 9 }).toString('base64url')
}

/**
 * The cow file a `cowfile` value carries, checked by our reader: throws InputError saying what is
 * wrong, and for a cow file that does not read, the line and the reason.
 */
export function decodeCowFile (value: string): string {
  let bytes: Buffer
  if (BASE64URL.test(value)) {
    if (value.length > MAX_COWFILE_LENGTH) {
      throw new InputError(`cowfile is ${value.length} characters; the limit is ${MAX_COWFILE_LENGTH}`, 'too long')
    }
    // Unpadded base64 never leaves a single character over.
    if (value.length % 4 === 1) throw new InputError('cowfile is not base64url: its length cannot be (one character too many or too few)')
    try {
      bytes = inflateRawSync(Buffer.from(value, 'base64url'), { maxOutputLength: MAX_COW_FILE_BYTES })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new InputError(`cowfile decompresses to more than ${MAX_COW_FILE_BYTES} bytes, the limit of a cow file`)
      }
      throw new InputError('cowfile is not raw DEFLATE data (RFC 1951) in base64url: it does not decompress')
    }
  } else {
    bytes = Buffer.from(value, 'utf8')
  }
  let cow: CowFile
  try {
    cow = readCowFile(bytes)
  } catch (error) {
    if (!(error instanceof CowFileError)) throw error
    const readAs = BASE64URL.test(value) ? '' : ' (read as a cow file\'s text: it is not base64url, which has only A-Z, a-z, 0-9, - and _)'
    throw new InputError(`cowfile${readAs}: ${error.message}`)
  }
  const text = bytes.toString('utf8')
  customCows.set(text, cow)
  return text
}

// A shared link is opened many times: each cow file is read once while it is popular (64 of
// them hold at most 64 x 64 KiB of text).
const customCows = new LRUCache<string, CowFile>({ max: 64 })

/** The cow a decoded `cowfile` draws. */
export function customCow (text: string): CowFile {
  let cow = customCows.get(text)
  if (cow === undefined) {
    cow = readCowFile(text)
    customCows.set(text, cow)
  }
  return cow
}
