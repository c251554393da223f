import { errors, jwtVerify } from 'jose'
import { ACCEPTED, refuse, type Verdict } from '../platform.js'
import { GOOGLE_CHAT_CERTS_URL, GOOGLE_ID_TOKEN_CERTS_URL, GoogleKeys, KeyUnavailable } from './keys.js'

/**
 * Google Chat's proof: `Authorization: Bearer <JWT>`, checked as Google's
 * "Verify requests from Google Chat" describes, for the audience the app is
 * configured with in the Chat API's settings:
 *
 * - the project number: a token issued and signed by the Chat service
 *   account, chat@system.gserviceaccount.com, whose audience is that number;
 * - the endpoint's URL: a Google-signed OpenID Connect ID token (issuer
 *   accounts.google.com) whose audience is that URL and whose verified email
 *   is the Chat service account.
 *
 * The signature, the algorithm (RS256 only), the issuer, the audience and the
 * token's time (exp, nbf, and iat at most an hour ago, with a minute's leeway
 * for clocks) are jose's
 * to check; the keys are Google's published ones (keys.ts).
 */

const CHAT_SERVICE_ACCOUNT = 'chat@system.gserviceaccount.com'
const ID_TOKEN_ISSUERS = ['https://accounts.google.com', 'accounts.google.com']

/** A project number (digits), or an https:// URL: Google Chat's two kinds of audience. */
export const isGoogleChatAudience = (audience: string): boolean => /^\d{1,30}$/.test(audience) || /^https:\/\/[^\s]+$/.test(audience)

export interface GoogleChatVerifier {
  audience: string
  keys: GoogleKeys
}

/** Where the keys for an audience are published; tests give their own. */
export interface GoogleKeyUrls {
  chat: string
  idToken: string
}

export const GOOGLE_KEY_URLS: GoogleKeyUrls = { chat: GOOGLE_CHAT_CERTS_URL, idToken: GOOGLE_ID_TOKEN_CERTS_URL }

const byProjectNumber = (audience: string): boolean => /^\d+$/.test(audience)

export const googleChatVerifier = (audience: string, urls: GoogleKeyUrls = GOOGLE_KEY_URLS, now?: () => number): GoogleChatVerifier =>
  ({ audience, keys: new GoogleKeys(byProjectNumber(audience) ? urls.chat : urls.idToken, now) })

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/

/** Whether `authorization` carries a token Google Chat made for this app; the reason names the rule, never the token. */
export async function verifyGoogleChatRequest ({ audience, keys }: GoogleChatVerifier, authorization: string | undefined, nowMs: number): Promise<Verdict> {
  if (authorization === undefined) return refuse('the Authorization header is missing')
  const token = BEARER.exec(authorization)?.[1]
  if (token === undefined) return refuse('the Authorization header is not "Bearer" and a JWT')
  const projectNumber = byProjectNumber(audience)
  try {
    const { payload } = await jwtVerify(token, async ({ kid }) => await keys.key(kid), {
      algorithms: ['RS256'],
      issuer: projectNumber ? CHAT_SERVICE_ACCOUNT : ID_TOKEN_ISSUERS,
      audience,
      currentDate: new Date(nowMs),
      clockTolerance: 60,
      // Google's tokens live an hour; one issued later than now (past the leeway) is refused too.
      maxTokenAge: 3600,
      requiredClaims: ['exp', 'iat']
    })
    if (!projectNumber && (payload.email !== CHAT_SERVICE_ACCOUNT || payload.email_verified !== true)) {
      return refuse(`the ID token is not the Chat service account's (${CHAT_SERVICE_ACCOUNT}, verified)`)
    }
    return ACCEPTED
  } catch (error) {
    if (error instanceof KeyUnavailable) return refuse(error.message)
    if (error instanceof errors.JWTExpired) return refuse('the token has expired')
    if (error instanceof errors.JWTClaimValidationFailed) return refuse(`the token's ${error.claim} claim is not this app's (${error.reason})`)
    if (error instanceof errors.JWSSignatureVerificationFailed) return refuse('the token\'s signature does not match Google\'s key')
    if (error instanceof errors.JOSEAlgNotAllowed) return refuse('the token is not signed with RS256')
    if (error instanceof errors.JOSEError) return refuse(`the token is not a valid JWT (${error.code})`)
    throw error
  }
}
