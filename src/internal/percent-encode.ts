/**
 * RFC 3986 percent-encoding (unreserved characters stay, everything else is encoded), as OAuth
 * 1.0a signatures and rosterkit's query strings need it.
 *
 * @module
 */

/**
 * Encodes a string per RFC 3986 §2.1 (UTF-8, upper-case hex).
 * @param value - any string
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/**
 * Decodes one query component with form semantics (`+` is a space).
 * @param value - a raw query key or value
 */
export function formDecode(value: string): string {
  const spaced = value.replace(/\+/g, ' ')
  try {
    return decodeURIComponent(spaced)
  } catch {
    return spaced
  }
}

/**
 * A raw query string (without `?`) as decoded pairs, in order.
 * @param search - e.g. `a=1&b=x%20y`
 */
export function parseQuery(search: string): Array<[string, string]> {
  const out: Array<[string, string]> = []
  if (search === '') return out
  for (const part of search.split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    out.push(eq === -1 ? [formDecode(part), ''] : [formDecode(part.slice(0, eq)), formDecode(part.slice(eq + 1))])
  }
  return out
}
