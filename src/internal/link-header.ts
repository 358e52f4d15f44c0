/**
 * RFC 8288 `Link` header parsing in one left-to-right pass, so a hostile header cannot make it
 * backtrack (no regular expression runs over the whole header).
 *
 * @module
 */

/** One link of a `Link` header. */
export interface LinkValue {
  /** The target, as written between `<` and `>`. */
  url: string
  /** The relation types (`rel="next prev"` gives two). */
  rels: string[]
  /** Other parameters, lower-cased names. */
  params: Record<string, string>
}

/**
 * Parses a `Link` header into its links; malformed parts are skipped.
 * @param header - the header value
 */
export function parseLinkHeader(header: string): LinkValue[] {
  const links: LinkValue[] = []
  const n = header.length
  let i = 0
  while (i < n) {
    // Find the next '<'; anything before it is junk from a malformed link.
    const open = header.indexOf('<', i)
    if (open === -1) break
    const close = header.indexOf('>', open + 1)
    if (close === -1) break
    const url = header.slice(open + 1, close).trim()
    i = close + 1
    const params: Record<string, string> = {}
    // Parameters until a top-level comma.
    while (i < n) {
      while (i < n && (header[i] === ' ' || header[i] === '\t')) i++
      if (i >= n) break
      if (header[i] === ',') {
        i++
        break
      }
      if (header[i] !== ';') {
        // Malformed: skip to the next comma (not inside quotes).
        i = skipToComma(header, i)
        break
      }
      i++
      const nameStart = i
      while (i < n && header[i] !== '=' && header[i] !== ';' && header[i] !== ',') i++
      const name = header.slice(nameStart, i).trim().toLowerCase()
      let value = ''
      if (header[i] === '=') {
        i++
        while (i < n && (header[i] === ' ' || header[i] === '\t')) i++
        if (header[i] === '"') {
          i++
          let buf = ''
          while (i < n && header[i] !== '"') {
            if (header[i] === '\\' && i + 1 < n) i++
            buf += header[i]
            i++
          }
          i++
          value = buf
        } else {
          const start = i
          while (i < n && header[i] !== ';' && header[i] !== ',') i++
          value = header.slice(start, i).trim()
        }
      }
      if (name !== '' && !(name in params)) params[name] = value
    }
    const rels = (params.rel ?? '').split(/\s+/).filter((r) => r !== '')
    links.push({ url, rels: rels.map((r) => r.toLowerCase()), params })
  }
  return links
}

function skipToComma(header: string, from: number): number {
  let i = from
  let quoted = false
  while (i < header.length) {
    const c = header[i]
    if (c === '"') quoted = !quoted
    else if (c === ',' && !quoted) return i + 1
    i++
  }
  return i
}

/**
 * The target of the first `rel="next"` link, if any.
 * @param header - the header value, or null when absent
 */
export function findNextLink(header: string | null | undefined): string | undefined {
  if (header === null || header === undefined || header === '') return undefined
  return parseLinkHeader(header).find((link) => link.rels.includes('next'))?.url
}
