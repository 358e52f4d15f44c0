/**
 * The one place where secrets are removed from URLs, headers and text before they reach an error
 * message, `toJSON()`, a hook or a report.
 *
 * @module
 */

/** What a secret value is replaced with. */
export const REDACTED = '[REDACTED]'

const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'x-auth-token',
])

// Query keys that carry credentials in the wild: OAuth 1 parameters, OAuth 2 tokens, API keys.
const SECRET_KEYS =
  'oauth_[a-z_]*|client_secret|access_token|refresh_token|id_token|token|password|passwd|api_?key|secret|signature|sig|x-amz-signature|auth'
const SECRET_KEY = new RegExp(`^(?:${SECRET_KEYS})$`, 'i')

/**
 * True when a query or form key names a secret.
 * @param key - a parameter name
 */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key)
}

/**
 * A URL with credentials in user info and secret query values replaced.
 * @param url - an absolute URL (a string that does not parse goes through {@link redactText})
 */
export function redactUrl(url: string | URL): string {
  let parsed: URL
  try {
    parsed = new URL(String(url))
  } catch {
    return redactText(String(url))
  }
  if (parsed.username !== '') parsed.username = REDACTED
  if (parsed.password !== '') parsed.password = REDACTED
  if (parsed.search !== '') {
    // Rebuild by hand: URLSearchParams would re-encode every other parameter.
    const parts = parsed.search.slice(1).split('&')
    const kept = parts.map((part) => {
      const eq = part.indexOf('=')
      const rawKey = eq === -1 ? part : part.slice(0, eq)
      let key = rawKey
      try {
        key = decodeURIComponent(rawKey.replace(/\+/g, ' '))
      } catch {
        // keep the raw key
      }
      return isSecretKey(key) ? `${rawKey}=${REDACTED}` : part
    })
    parsed.search = `?${kept.join('&')}`
  }
  return parsed.href.replaceAll(encodeURIComponent(REDACTED), REDACTED)
}

/**
 * Headers as a plain record with credential-bearing values replaced; the auth scheme is kept
 * (`OAuth [REDACTED]`) because it helps diagnose which strategy was used.
 * @param headers - request or response headers
 */
export function redactHeaders(headers: Headers | Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {}
  const entries = headers instanceof Headers ? headers.entries() : Object.entries(headers)
  for (const [name, value] of entries) {
    const lower = name.toLowerCase()
    if (!SECRET_HEADERS.has(lower)) {
      out[lower] = value
      continue
    }
    const scheme = /^(Bearer|Basic|OAuth|Digest|Token)\s/i.exec(value)
    out[lower] = scheme ? `${scheme[1]} ${REDACTED}` : REDACTED
  }
  return out
}

const TEXT_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // key=value in query strings, form bodies and OAuth headers (value optionally quoted), with the
  // same keys as URLs: a server echoing a request URL in its error page must not undo redactUrl.
  [new RegExp(`\\b(${SECRET_KEYS})(\\s*=\\s*)("[^"]*"|[^&\\s,"<]+)`, 'gi'), `$1$2${REDACTED}`],
  // "key": "value" in JSON
  [new RegExp(`("(?:${SECRET_KEYS})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi'), `$1"${REDACTED}"`],
  // user:password@ of a URL inside text (a database connection string in a host's error)
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi, `$1${REDACTED}@`],
  // Authorization header values quoted in text
  [/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/g, `$1 ${REDACTED}`],
]

/**
 * Free text (a body snippet, a message) with secret-looking values replaced.
 * @param text - any text
 */
export function redactText(text: string): string {
  let out = text
  for (const [pattern, replacement] of TEXT_PATTERNS) out = out.replace(pattern, replacement)
  return out
}

/**
 * Text with every occurrence of the given secret values replaced, for text a server wrote that may
 * echo a credential it was sent without naming it (`secret abc123 is wrong`).
 * @param text - any text
 * @param secrets - the secret values to hide; empty values are ignored
 */
export function redactValues(text: string, secrets: readonly string[]): string {
  let out = text
  for (const secret of secrets) if (secret !== '') out = out.replaceAll(secret, REDACTED)
  return out
}

/**
 * A short, single-line, redacted snippet of a body for error messages.
 * @param text - the body text
 * @param max - longest snippet in characters
 */
export function bodySnippet(text: string, max = 200): string {
  const line = text
    .slice(0, max * 4)
    .replace(/\s+/g, ' ')
    .trim()
  const redacted = redactText(line)
  return redacted.length > max ? `${redacted.slice(0, max)}…` : redacted
}
