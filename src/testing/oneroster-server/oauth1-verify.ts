/**
 * OAuth 1.0a signature verification for the loopback server, written apart from the client's
 * signer so a bug in one does not hide a bug in the other (RFC 5849 §3.4).
 *
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

/** Why a signed request was refused; `undefined` when it was accepted. */
export type OAuth1Refusal = 'missing' | 'unknown-consumer' | 'bad-signature' | 'stale-timestamp' | 'unsupported-method'

function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

function parseAuthorization(header: string): Map<string, string> | undefined {
  if (!/^OAuth\s/i.test(header)) return undefined
  const params = new Map<string, string>()
  for (const part of header.slice(6).split(',')) {
    const m = /^\s*([A-Za-z0-9_]+)="([^"]*)"\s*$/.exec(part)
    if (m?.[1] !== undefined && m[2] !== undefined) params.set(m[1], decodeURIComponent(m[2]))
  }
  return params
}

/**
 * Checks the OAuth 1.0a signature of one request.
 * @param method - HTTP method
 * @param url - the full request URL as received (scheme, host, path, query)
 * @param authorization - the `Authorization` header
 * @param credentials - the consumer key and secret the server accepts
 * @param nowMs - the server's clock
 * @param windowSeconds - accepted distance between the request timestamp and the server clock
 */
export function verifyOAuth1(
  method: string,
  url: URL,
  authorization: string | undefined,
  credentials: { clientId: string; clientSecret: string },
  nowMs: number,
  windowSeconds = 300,
): OAuth1Refusal | undefined {
  const oauth = authorization === undefined ? undefined : parseAuthorization(authorization)
  const signature = oauth?.get('oauth_signature')
  if (oauth === undefined || signature === undefined) return 'missing'
  if (oauth.get('oauth_consumer_key') !== credentials.clientId) return 'unknown-consumer'
  const sigMethod = oauth.get('oauth_signature_method')
  const algorithm = sigMethod === 'HMAC-SHA256' ? 'sha256' : sigMethod === 'HMAC-SHA1' ? 'sha1' : undefined
  if (algorithm === undefined) return 'unsupported-method'
  const timestamp = Number(oauth.get('oauth_timestamp'))
  if (!Number.isFinite(timestamp) || Math.abs(nowMs / 1000 - timestamp) > windowSeconds) return 'stale-timestamp'

  const pairs: [string, string][] = []
  for (const [k, v] of url.searchParams) pairs.push([rfc3986(k), rfc3986(v)])
  for (const [k, v] of oauth) if (k !== 'oauth_signature' && k !== 'realm') pairs.push([rfc3986(k), rfc3986(v)])
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
  const normalized = pairs.map(([k, v]) => `${k}=${v}`).join('&')
  const defaultPort =
    (url.protocol === 'http:' && url.port === '80') || (url.protocol === 'https:' && url.port === '443')
  const host = url.hostname.toLowerCase() + (url.port === '' || defaultPort ? '' : `:${url.port}`)
  const baseUri = `${url.protocol.toLowerCase()}//${host}${url.pathname}`
  const baseString = `${method.toUpperCase()}&${rfc3986(baseUri)}&${rfc3986(normalized)}`
  const expected = createHmac(algorithm, `${rfc3986(credentials.clientSecret)}&`)
    .update(baseString)
    .digest()
  const given = Buffer.from(signature, 'base64')
  return given.length === expected.length && timingSafeEqual(given, expected) ? undefined : 'bad-signature'
}
