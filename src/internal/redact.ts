import { base64FromBytes } from './base64.js'
import { percentEncode } from './percent-encode.js'

/**
 * The one place where secrets are removed from URLs, headers and text before they reach an error
 * message, `toJSON()`, a hook or a report: by pattern (credential-shaped keys and headers), and by
 * value through a per-client {@link SecretRegistry} of every secret the client knows.
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
 * A short, single-line, redacted snippet of a body for error messages.
 * @param text - the body text
 * @param max - longest snippet in characters
 * @param redactKnown - removes known secret values; applied before the text is cut or its
 *   whitespace folded, so neither can leave part of a secret behind
 */
export function bodySnippet(text: string, max = 200, redactKnown?: (text: string) => string): string {
  const head = text.slice(0, max * 4)
  const line = (redactKnown === undefined ? head : redactKnown(text.slice(0, max * 4 + 1024)).slice(0, max * 4))
    .replace(/\s+/g, ' ')
    .trim()
  const redacted = redactText(line)
  return redacted.length > max ? `${redacted.slice(0, max)}…` : redacted
}

/** Values shorter than this are not redacted by value: they would blank out ordinary words. */
const MIN_SECRET_LENGTH = 4

/**
 * Every secret one client knows, redacted by value wherever text leaves rosterkit. Strategies and
 * clients feed it what they were given (client secrets, static tokens, Basic credentials) and what
 * they received (access tokens); it finds each in its raw, percent-encoded, form-encoded,
 * JSON-escaped, HTML-escaped and base64 forms.
 */
export interface SecretRegistry {
  /** Text with every known secret, in every form, replaced. */
  redact(text: string): string
  /** A copy of a JSON-like value with every string redacted (for hook events and diagnoses). */
  redactDeep<T>(value: T): T
  /**
   * Redacts an error in place when it is rosterkit's own (message, stack, string fields, issues),
   * and replaces foreign errors in its `cause` chain by redacted copies. Returns the error.
   */
  scrubError<E>(error: E): E
}

/** Percent-encoding as `application/x-www-form-urlencoded` and OAuth 2 Basic credentials do it. */
function formUrlEncode(value: string): string {
  return percentEncode(value)
    .replace(/[-_.~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replaceAll('%20', '+')
}

function htmlEscape(value: string): string[] {
  const base = value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
  return [
    base.replaceAll('"', '&quot;').replaceAll("'", '&#39;'),
    base.replaceAll('"', '&#34;').replaceAll("'", '&#x27;'),
  ]
}

/**
 * The parts of base64 text that depend on `value` alone, whatever bytes stand before it (three
 * alignments) and in both alphabets: a secret inside any base64 blob (a Basic `id:secret` header
 * echoed back) is found without knowing the rest of the blob.
 */
function base64Forms(bytes: Uint8Array): string[] {
  const out: string[] = []
  for (let lead = 0; lead < 3; lead++) {
    const padded = new Uint8Array(lead + bytes.length)
    padded.set(bytes, lead)
    const encoded = base64FromBytes(padded)
    const fullGroups = Math.floor(padded.length / 3)
    const core = encoded.slice(lead === 0 ? 0 : 4, fullGroups * 4)
    if (core.length >= 8) out.push(core)
    if (lead === 0) out.push(encoded)
  }
  return out.flatMap((b) => [b, b.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')])
}

/**
 * Every form in which `value` may come back in text.
 * @param value - a secret
 */
export function secretForms(value: string): string[] {
  const forms = new Set<string>([value])
  const encodings = [encodeURIComponent(value), percentEncode(value), formUrlEncode(value)]
  encodings.push(new URLSearchParams({ v: value }).toString().slice(2))
  for (const encoded of encodings) {
    forms.add(encoded)
    forms.add(encoded.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()))
  }
  const json = JSON.stringify(value).slice(1, -1)
  forms.add(json)
  forms.add(json.replaceAll('/', '\\/'))
  for (const html of htmlEscape(value)) forms.add(html)
  for (const b64 of base64Forms(new TextEncoder().encode(value))) forms.add(b64)
  return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH)
}

const MAX_DEPTH = 8

/**
 * Creates a registry that asks `sources` for the current secrets each time it redacts, so tokens
 * received later are covered too.
 * @param sources - the secret values known now; empty and very short values are ignored
 */
export function createSecretRegistry(sources: () => Iterable<string | undefined>): SecretRegistry {
  const formsOf = new Map<string, string[]>()
  function patterns(): string[] {
    const all: string[] = []
    for (const value of sources()) {
      if (value === undefined || value.length < MIN_SECRET_LENGTH) continue
      let forms = formsOf.get(value)
      if (forms === undefined) {
        forms = secretForms(value)
        formsOf.set(value, forms)
      }
      all.push(...forms)
    }
    // Longest first, so a form that contains another is replaced whole.
    return all.sort((a, b) => b.length - a.length)
  }
  function redact(text: string): string {
    let out = text
    for (const form of patterns()) if (out.includes(form)) out = out.replaceAll(form, REDACTED)
    return out
  }
  function redactDeep<T>(value: T, depth = 0): T {
    if (typeof value === 'string') return redact(value) as T
    if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return value
    if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v, depth + 1)) as T
    if (Object.getPrototypeOf(value) !== Object.prototype) return value
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, depth + 1)
    return out as T
  }
  function foreignCopy(error: Error, depth: number): Error {
    const copy = new Error(redactText(redact(error.message)))
    copy.name = error.name
    copy.stack = redactText(redact(error.stack ?? `${error.name}: ${error.message}`))
    const code = (error as { code?: unknown }).code
    if (typeof code === 'string' || typeof code === 'number') Object.assign(copy, { code })
    if (error.cause !== undefined) {
      Object.defineProperty(copy, 'cause', {
        value: scrubCause(error.cause, depth + 1),
        configurable: true,
        writable: true,
      })
    }
    return copy
  }
  function scrubCause(cause: unknown, depth: number): unknown {
    if (depth > MAX_DEPTH) return undefined
    if (isOwnError(cause)) return scrubOwn(cause, depth)
    if (cause instanceof Error) return foreignCopy(cause, depth)
    if (typeof cause === 'string') return redactText(redact(cause))
    if (typeof cause !== 'object' || cause === null) return cause
    // A Response, a Request or a socket in the chain holds headers and bodies as they came: named,
    // not kept.
    if (Array.isArray(cause) || Object.getPrototypeOf(cause) === Object.prototype) return redactDeep(cause)
    return `[${(cause as { constructor?: { name?: string } }).constructor?.name ?? 'object'} left out]`
  }
  function scrubOwn(error: Error, depth: number): Error {
    for (const name of Object.getOwnPropertyNames(error)) {
      if (name === 'cause' || name === 'partialItems') continue
      const descriptor = Object.getOwnPropertyDescriptor(error, name)
      if (descriptor === undefined || !('value' in descriptor)) continue
      const value: unknown = descriptor.value
      const next = typeof value === 'string' ? redact(value) : Array.isArray(value) ? redactDeep(value) : value
      if (next !== value) Object.defineProperty(error, name, { ...descriptor, value: next })
    }
    // V8 formats the stack lazily, from the message at construction time.
    const stack = error.stack
    if (typeof stack === 'string') {
      const clean = redact(stack)
      if (clean !== stack) Object.defineProperty(error, 'stack', { value: clean, configurable: true, writable: true })
    }
    if (error.cause !== undefined) {
      Object.defineProperty(error, 'cause', {
        value: scrubCause(error.cause, depth + 1),
        configurable: true,
        writable: true,
        enumerable: false,
      })
    }
    return error
  }
  return {
    redact,
    redactDeep: (value) => redactDeep(value),
    scrubError<E>(error: E): E {
      if (isOwnError(error)) return scrubOwn(error, 0) as E
      return error
    },
  }
}

function isOwnError(value: unknown): value is Error {
  return value instanceof Error && (value as unknown as Record<symbol, unknown>)[Symbol.for('rosterkit.error')] === true
}
