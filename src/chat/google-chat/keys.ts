import { importX509, type CryptoKey } from 'jose'

/**
 * Google's public keys, as Google publishes them: a JSON object of key id to
 * PEM X.509 certificate, at one URL per signer (the Chat service account's, and
 * Google's OAuth 2.0 keys for ID tokens). Fetched when first needed and kept
 * for as long as the response's Cache-Control says (Google rotates them
 * daily or so, publishing the next key before it signs with it). A key id not
 * yet known makes one fetch, at most every half minute, so that forged tokens
 * naming made-up keys cannot make the service flood Google.
 */

/** Google's published certificates for the Chat service account, and for Google-signed ID tokens. */
export const GOOGLE_CHAT_CERTS_URL = 'https://www.googleapis.com/service_accounts/v1/metadata/x509/chat@system.gserviceaccount.com'
export const GOOGLE_ID_TOKEN_CERTS_URL = 'https://www.googleapis.com/oauth2/v1/certs'

/** Kept this long when the response says nothing (Google's own say about six hours). */
const DEFAULT_MAX_AGE_MS = 60 * 60 * 1000
/** An unknown key id fetches again no sooner than this after the last fetch. */
const REFETCH_COOLDOWN_MS = 30 * 1000
const FETCH_TIMEOUT_MS = 5000

export class KeyUnavailable extends Error {}

export class GoogleKeys {
  #keys = new Map<string, CryptoKey>()
  #expires = 0
  #fetched = -Infinity
  #fetching: Promise<void> | undefined
  /** Why the last fetch failed, while no key is known. */
  #failure: string | undefined

  constructor (readonly url: string, readonly now: () => number = Date.now) {}

  /** The key that signed a token, by its `kid`. */
  async key (kid: string | undefined): Promise<CryptoKey> {
    if (kid === undefined) throw new KeyUnavailable('the token names no key (kid)')
    const now = this.now()
    const wanted = now >= this.#expires || !this.#keys.has(kid)
    // One fetch at a time, and none within the cooldown of the last: requests meanwhile use what is known.
    if (wanted && now - this.#fetched >= REFETCH_COOLDOWN_MS) this.#fetching ??= this.#refresh().finally(() => { this.#fetching = undefined })
    await this.#fetching
    const key = this.#keys.get(kid)
    if (key === undefined) throw new KeyUnavailable(this.#failure ?? 'the token is signed with a key Google does not publish')
    return key
  }

  /** Fetches the keys; on failure the keys already known stay in use until Google answers again. */
  async #refresh (): Promise<void> {
    this.#fetched = this.now()
    try {
      const response = await fetch(this.url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) })
      if (!response.ok) throw new Error(`HTTP ${response.status}`)
      const certificates = await response.json() as unknown
      if (typeof certificates !== 'object' || certificates === null) throw new Error('not a JSON object')
      const keys = new Map<string, CryptoKey>()
      for (const [kid, pem] of Object.entries(certificates)) {
        if (typeof pem === 'string') keys.set(kid, await importX509(pem, 'RS256'))
      }
      this.#keys = keys
      this.#failure = undefined
      const maxAge = /max-age=(\d+)/.exec(response.headers.get('cache-control') ?? '')?.[1]
      this.#expires = this.now() + (maxAge === undefined ? DEFAULT_MAX_AGE_MS : Number(maxAge) * 1000)
    } catch (error) {
      if (this.#keys.size === 0) this.#failure = `Google's keys could not be fetched (${(error as Error).message})`
    }
  }
}
