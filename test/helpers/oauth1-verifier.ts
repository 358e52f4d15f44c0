/**
 * An OAuth 1.0a verifier written independently of rosterkit's signer (node:crypto, its own
 * parameter normalisation), used by the loopback server to accept or refuse signed requests.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** Parses `OAuth k="v", …` into decoded pairs. */
export function parseOAuthHeader(header: string | undefined): Map<string, string> | undefined {
  if (!header?.startsWith('OAuth ')) return undefined
  const params = new Map<string, string>()
  for (const match of header.slice(6).matchAll(/([a-zA-Z_]+)="([^"]*)"/g)) {
    params.set(match[1]!, decodeURIComponent(match[2]!))
  }
  return params
}

/** Computes the signature the way a server would: from the raw request line and the header. */
export function expectedSignature(options: {
  method: string
  /** scheme://host:port */
  origin: string
  /** raw path and query as received */
  rawUrl: string
  oauth: Map<string, string>
  consumerSecret: string
  tokenSecret?: string
}): string {
  const [path, query = ''] = options.rawUrl.split(/\?(.*)/s) as [string, string | undefined]
  const pairs: string[][] = []
  for (const [k, v] of new URLSearchParams(query)) pairs.push([rfc3986(k), rfc3986(v)])
  for (const [k, v] of options.oauth) if (k !== 'oauth_signature' && k !== 'realm') pairs.push([rfc3986(k), rfc3986(v)])
  pairs.sort((a, b) => (a[0]! === b[0]! ? (a[1]! < b[1]! ? -1 : 1) : a[0]! < b[0]! ? -1 : 1))
  const normalized = pairs.map(([k, v]) => `${k}=${v}`).join('&')
  const base = [
    options.method.toUpperCase(),
    rfc3986(`${options.origin.toLowerCase()}${path}`),
    rfc3986(normalized),
  ].join('&')
  const algorithm = options.oauth.get('oauth_signature_method') === 'HMAC-SHA1' ? 'sha1' : 'sha256'
  return createHmac(algorithm, `${rfc3986(options.consumerSecret)}&${rfc3986(options.tokenSecret ?? '')}`)
    .update(base)
    .digest('base64')
}

/** Result of verifying one request. */
export type OAuth1Verdict = { ok: true; method: string; nonce: string } | { ok: false; reason: string }

/** Verifies a signed request received by a loopback server. */
export function verifyOAuth1Request(
  req: IncomingMessage,
  origin: string,
  credentials: { consumerKey: string; consumerSecret: string },
): OAuth1Verdict {
  const oauth = parseOAuthHeader(req.headers.authorization)
  if (!oauth) return { ok: false, reason: 'no OAuth header' }
  if (oauth.get('oauth_consumer_key') !== credentials.consumerKey) return { ok: false, reason: 'unknown consumer' }
  const given = oauth.get('oauth_signature') ?? ''
  const expected = expectedSignature({
    method: req.method ?? 'GET',
    origin,
    rawUrl: req.url ?? '/',
    oauth,
    consumerSecret: credentials.consumerSecret,
  })
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  if (a.length !== b.length || !timingSafeEqual(a, b)) return { ok: false, reason: 'bad signature' }
  return { ok: true, method: oauth.get('oauth_signature_method') ?? '', nonce: oauth.get('oauth_nonce') ?? '' }
}
