import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ServerError, TimeoutError } from '../../src/errors.js'
import { findNextLink, parseLinkHeader } from '../../src/internal/link-header.js'
import { percentEncode } from '../../src/internal/percent-encode.js'
import { bodySnippet, redactHeaders, redactText, redactUrl } from '../../src/internal/redact.js'
import { parseRetryAfter } from '../../src/internal/retry-after.js'
import { backoffDelay, isRetryable } from '../../src/transport/retry-policy.js'

describe('Link header', () => {
  it('finds rel="next" among several links and parameters', () => {
    const header =
      '<https://sis.example/users?offset=0>; rel="first", <https://sis.example/users?offset=100&limit=100>; title="a, b; c"; rel="next last"'
    expect(findNextLink(header)).toBe('https://sis.example/users?offset=100&limit=100')
    expect(parseLinkHeader(header)[1]?.params.title).toBe('a, b; c')
    expect(findNextLink('<https://x/y>; rel=next')).toBe('https://x/y')
    expect(findNextLink('<https://x/y>; rel="prev"')).toBeUndefined()
    expect(findNextLink(null)).toBeUndefined()
  })

  it('parses a 100k-character hostile header without backtracking and still finds next', () => {
    const hostile = [
      `${'<'.repeat(25_000)}${';'.repeat(25_000)}`,
      `<a>${'; rel="x'.repeat(6_000)}`,
      `${' ,'.repeat(25_000)}<https://ok/next>; rel="next"`,
    ]
    expect(findNextLink(hostile[2]!)).toBe('https://ok/next')
    for (const header of hostile) {
      expect(header.length).toBeGreaterThan(45_000)
      expect(() => parseLinkHeader(header)).not.toThrow()
    }
    const big = `${'<x>; a="b", '.repeat(9_000)}<https://ok/last>; rel=next`
    expect(big.length).toBeGreaterThan(100_000)
    expect(findNextLink(big)).toBe('https://ok/last')
  })

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        parseLinkHeader(s)
      }),
    )
  })
})

describe('redaction', () => {
  it('redacts secret query values and user info, keeping the rest byte for byte', () => {
    expect(
      redactUrl(
        'https://user:pw@sis.example/v1/users?filter=a%3D%27b%20c%27&access_token=abc&oauth_signature=x%3D&limit=5',
      ),
    ).toBe(
      'https://[REDACTED]:[REDACTED]@sis.example/v1/users?filter=a%3D%27b%20c%27&access_token=[REDACTED]&oauth_signature=[REDACTED]&limit=5',
    )
  })

  it('redacts credential headers but keeps the scheme', () => {
    expect(
      redactHeaders(
        new Headers({
          Authorization: 'OAuth oauth_signature="abc"',
          Cookie: 'sid=1',
          'X-Api-Key': 'k',
          Accept: 'application/json',
        }),
      ),
    ).toEqual({
      authorization: 'OAuth [REDACTED]',
      cookie: '[REDACTED]',
      'x-api-key': '[REDACTED]',
      accept: 'application/json',
    })
  })

  it('redacts secrets in free text: forms, JSON, OAuth headers, bearer tokens', () => {
    const text =
      'client_secret=s1&x=1 {"access_token":"s2","ok":1} oauth_signature="s3", oauth_nonce="s4" Authorization: Bearer s5.s5'
    const out = redactText(text)
    for (const secret of ['s1', 's2', 's3', 's4', 's5']) expect(out).not.toMatch(new RegExp(`\\b${secret}\\b`))
    expect(out).toContain('x=1')
    expect(out).toContain('"ok":1')
    expect(bodySnippet('a'.repeat(500), 20)).toBe(`${'a'.repeat(20)}…`)
  })
})

describe('Retry-After', () => {
  const now = Date.parse('2025-03-01T12:00:00Z')
  const h = (init: Record<string, string>) => new Headers(init)
  it('reads seconds, HTTP dates, retry-after-ms and X-RateLimit-Reset in its three forms', () => {
    expect(parseRetryAfter(h({ 'retry-after': '2' }), now)).toBe(2000)
    expect(parseRetryAfter(h({ 'retry-after': 'Sat, 01 Mar 2025 12:00:30 GMT' }), now)).toBe(30_000)
    expect(parseRetryAfter(h({ 'retry-after': 'Sat, 01 Mar 2025 11:00:00 GMT' }), now)).toBe(0)
    expect(parseRetryAfter(h({ 'retry-after-ms': '250' }), now)).toBe(250)
    expect(parseRetryAfter(h({ 'x-ratelimit-reset': String(now / 1000 + 10) }), now)).toBe(10_000)
    expect(parseRetryAfter(h({ 'x-ratelimit-reset': String(now + 4000) }), now)).toBe(4000)
    expect(parseRetryAfter(h({ 'x-ratelimit-reset': '15' }), now)).toBe(15_000)
    expect(parseRetryAfter(h({ 'retry-after': 'soon' }), now)).toBeUndefined()
    expect(parseRetryAfter(h({}), now)).toBeUndefined()
  })
})

describe('retry policy', () => {
  it('backs off exponentially with jitter in the upper half, capped', () => {
    const policy = { minDelayMs: 100, maxDelayMs: 1000 }
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, { ...policy, random: () => 0 }))).toEqual([
      50, 100, 200, 400, 500,
    ])
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, { ...policy, random: () => 0.999 }))).toEqual([
      100, 200, 400, 800, 1000,
    ])
  })

  it('retries timeouts and retryable statuses only', () => {
    const ctx = { provider: 'http' as const, method: 'GET', url: 'https://x' }
    expect(isRetryable(new TimeoutError('t', ctx))).toBe(true)
    expect(isRetryable(new ServerError('s', { ...ctx, status: 503 }))).toBe(true)
    expect(isRetryable(new ServerError('s', { ...ctx, status: 501 }))).toBe(false)
    expect(isRetryable(new Error('x'))).toBe(false)
  })

  it('percent-encodes per RFC 3986', () => {
    expect(percentEncode("a b!*'()~-._é")).toBe('a%20b%21%2A%27%28%29~-._%C3%A9')
  })
})
