import type { BodyLinkStrategy, OffsetLimitStrategy } from './types.js'

/**
 * Factories for the paginator's next-page strategies.
 *
 * @module
 */

/**
 * Offset/limit pagination (OneRoster REST): `Link rel="next"`, then `X-Total-Count`/`x-count`,
 * then until an empty page; never stops on a short page alone.
 * @param options - page size and parameter names
 * @throws {ConfigurationError} when `pageSize` is not a positive integer
 */
export function offsetLimitPages(options: Omit<OffsetLimitStrategy, 'kind'>): OffsetLimitStrategy {
  return { kind: 'offset-limit', ...options }
}

/**
 * Cursor pagination through a next link found in the body.
 * @param nextUrl - reads the next URL from a body; by default Clever's `links[rel=next].uri`
 */
export function bodyLinkPages(nextUrl: (body: unknown) => string | undefined = nextLinkInBody): BodyLinkStrategy {
  return { kind: 'body-link', nextUrl }
}

/**
 * Reads `links[].uri` where `rel === 'next'` from a body (Clever v3 paging).
 * @param body - a parsed page body
 */
export function nextLinkInBody(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined
  const links = (body as { links?: unknown }).links
  if (!Array.isArray(links)) return undefined
  for (const link of links) {
    if (typeof link !== 'object' || link === null) continue
    const { rel, uri } = link as { rel?: unknown; uri?: unknown }
    if (rel === 'next' && typeof uri === 'string' && uri !== '') return uri
  }
  return undefined
}
