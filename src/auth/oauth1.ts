import { ConfigurationError } from '../errors.js'
import { base64FromBytes } from '../internal/base64.js'
import { parseQuery, percentEncode } from '../internal/percent-encode.js'
import type { AuthStrategy } from './auth-strategy.js'

/**
 * Two-legged OAuth 1.0a request signing (RFC 5849) on Web Crypto, as OneRoster 1.1 requires:
 * HMAC-SHA256 by default, HMAC-SHA1 as an option. The signature covers the final URL with every
 * query parameter, and the parameters go in the Authorization header.
 *
 * @module
 */

/** OAuth 1.0a signature methods rosterkit supports. */
export type OAuth1SignatureMethod = 'HMAC-SHA256' | 'HMAC-SHA1'

/** Options of {@link createOAuth1Auth}. */
export interface OAuth1AuthOptions {
  /** Consumer key (OneRoster "client id"). */
  clientId: string
  /** Consumer secret. */
  clientSecret: string
  /**
   * Signature method.
   * @default 'HMAC-SHA256' (what OneRoster 1.1 requires)
   */
  signatureMethod?: OAuth1SignatureMethod | undefined
  /**
   * Clock in milliseconds, injectable for tests.
   * @default Date.now
   */
  now?: (() => number) | undefined
  /**
   * Nonce source, injectable for tests.
   * @default 16 random bytes as hex
   */
  nonce?: (() => string) | undefined
}

/** Inputs of one signature, exposed for tests and diagnostics. */
export interface OAuth1SignatureInput {
  method: string
  url: URL
  /** The `oauth_*` protocol parameters except the signature. */
  oauthParams: Readonly<Record<string, string>>
  /** Extra parameters to sign (e.g. a form body); query parameters are read from `url`. */
  extraParams?: ReadonlyArray<readonly [string, string]> | undefined
}

/**
 * The RFC 5849 §3.4.1 signature base string.
 * @param input - method, URL and protocol parameters
 */
export function oauth1BaseString(input: OAuth1SignatureInput): string {
  const pairs: Array<[string, string]> = []
  for (const [k, v] of parseQuery(input.url.search.slice(1))) pairs.push([percentEncode(k), percentEncode(v)])
  for (const [k, v] of Object.entries(input.oauthParams)) pairs.push([percentEncode(k), percentEncode(v)])
  for (const [k, v] of input.extraParams ?? []) pairs.push([percentEncode(k), percentEncode(v)])
  // Byte order of the encoded strings; they are ASCII, so code-unit order is byte order.
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
  const normalized = pairs.map(([k, v]) => `${k}=${v}`).join('&')
  // URL.origin is already lower-case and drops default ports, as §3.4.1.2 asks.
  const baseUri = `${input.url.origin}${input.url.pathname}`
  return `${input.method.toUpperCase()}&${percentEncode(baseUri)}&${percentEncode(normalized)}`
}

/**
 * The base64 HMAC signature of a base string, keyed by the consumer secret (and token secret).
 * @param baseString - from {@link oauth1BaseString}
 * @param clientSecret - consumer secret
 * @param method - signature method
 * @param tokenSecret - token secret; empty in two-legged OAuth
 */
export async function oauth1Signature(
  baseString: string,
  clientSecret: string,
  method: OAuth1SignatureMethod,
  tokenSecret = '',
): Promise<string> {
  return signBaseString(await importSigningKey(clientSecret, method, tokenSecret), baseString)
}

function importSigningKey(clientSecret: string, method: OAuth1SignatureMethod, tokenSecret = ''): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(`${percentEncode(clientSecret)}&${percentEncode(tokenSecret)}`),
    { name: 'HMAC', hash: method === 'HMAC-SHA1' ? 'SHA-1' : 'SHA-256' },
    false,
    ['sign'],
  )
}

async function signBaseString(key: CryptoKey, baseString: string): Promise<string> {
  const signature = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(baseString))
  return base64FromBytes(new Uint8Array(signature))
}

function randomNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * Two-legged OAuth 1.0a on Web Crypto: signs every attempt with a fresh nonce and timestamp.
 * @param options - consumer key and secret, signature method
 * @throws {ConfigurationError} when the key or secret is empty
 * @example
 * ```ts
 * const auth = createOAuth1Auth({ clientId: key, clientSecret: secret })
 * ```
 */
export function createOAuth1Auth(options: OAuth1AuthOptions): AuthStrategy {
  if (!options.clientId || !options.clientSecret) {
    throw new ConfigurationError('OAuth 1.0a needs a client id and a client secret', [
      ...(options.clientId ? [] : [{ path: ['clientId'], message: 'required' }]),
      ...(options.clientSecret ? [] : [{ path: ['clientSecret'], message: 'required' }]),
    ])
  }
  const method = options.signatureMethod ?? 'HMAC-SHA256'
  if (method !== 'HMAC-SHA256' && method !== 'HMAC-SHA1') {
    throw new ConfigurationError(`Unsupported OAuth 1.0a signature method ${String(method)}`, [
      { path: ['signatureMethod'], message: 'HMAC-SHA256 or HMAC-SHA1' },
    ])
  }
  const now = options.now ?? Date.now
  const nonce = options.nonce ?? randomNonce
  // The key never changes, so it is imported once (importKey dominates the cost of a signature).
  let key: Promise<CryptoKey> | undefined
  const secrets = [options.clientSecret]
  return {
    name: 'oauth1',
    secrets: () => secrets,
    async authorize(request) {
      const oauthParams: Record<string, string> = {
        oauth_consumer_key: options.clientId,
        oauth_nonce: nonce(),
        oauth_signature_method: method,
        oauth_timestamp: String(Math.floor(now() / 1000)),
        oauth_version: '1.0',
      }
      const baseString = oauth1BaseString({ method: request.method, url: new URL(request.url), oauthParams })
      key ??= importSigningKey(options.clientSecret, method)
      const signature = await signBaseString(await key, baseString)
      const header = Object.entries({ ...oauthParams, oauth_signature: signature })
        .map(([k, v]) => `${k}="${percentEncode(v)}"`)
        .join(', ')
      const headers = new Headers(request.headers)
      headers.set('authorization', `OAuth ${header}`)
      return new Request(request, { headers })
    },
  }
}
