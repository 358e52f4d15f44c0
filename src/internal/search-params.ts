import { parseQuery, percentEncode } from './percent-encode.js'

/**
 * Sets query parameters on a URL with RFC 3986 encoding (spaces as `%20`, never `+`), so a server
 * that decodes with or without form semantics sees the same value, and OAuth 1.0a signatures
 * agree.
 *
 * @module
 */

/** Query parameters as accepted by rosterkit requests. */
export type SearchParamsLike =
  | URLSearchParams
  | Readonly<Record<string, string | number | boolean | undefined>>
  | ReadonlyArray<readonly [string, string]>

function entriesOf(params: SearchParamsLike): Array<readonly [string, string]> {
  const entries: Array<readonly [string, string]> = []
  if (params instanceof URLSearchParams) for (const entry of params) entries.push(entry)
  else if (Array.isArray(params))
    for (const entry of params as ReadonlyArray<readonly [string, string]>) entries.push(entry)
  else
    for (const [k, v] of Object.entries(params as Record<string, string | number | boolean | undefined>)) {
      if (v !== undefined) entries.push([k, String(v)])
    }
  return entries
}

/**
 * Sets each parameter on `url`, replacing parameters of the same name already in it.
 * @param url - mutated in place
 * @param params - the parameters
 */
export function setSearchParams(url: URL, params: SearchParamsLike | undefined): void {
  if (params === undefined) return
  const entries = entriesOf(params)
  if (entries.length === 0) return
  const names = new Set(entries.map(([k]) => k))
  const kept = url.search
    .slice(1)
    .split('&')
    .filter((part) => part !== '' && !names.has(parseQuery(part)[0]?.[0] ?? ''))
  for (const [k, v] of entries) kept.push(`${percentEncode(k)}=${percentEncode(v)}`)
  url.search = kept.length > 0 ? `?${kept.join('&')}` : ''
}

/**
 * Sets one parameter (replacing any of that name), with the same encoding.
 * @param url - mutated in place
 * @param name - parameter name
 * @param value - parameter value
 */
export function setSearchParam(url: URL, name: string, value: string): void {
  setSearchParams(url, [[name, value]])
}

/**
 * The decoded value of the first parameter called `name`.
 * @param url - the URL
 * @param name - parameter name
 */
export function getSearchParam(url: URL, name: string): string | undefined {
  return parseQuery(url.search.slice(1)).find(([k]) => k === name)?.[1]
}
