/**
 * Works out the server root and the versioned rostering base from what a district admin pasted:
 * a server root or a URL that already ends in a versioned path.
 *
 * @module
 */
import { parseConfiguredUrl } from '../../internal/configured-url.js'
import { VERSION_PATHS } from './endpoints.js'
import type { OneRosterVersion } from './wire/field-spec.js'

/** The two URLs a client needs. */
export interface OneRosterBaseUrls {
  /** Server root, without the versioned path. */
  root: string
  /** The versioned rostering base, without a trailing slash. */
  versioned: string
  /** The version the pasted URL's path names, when it names one. */
  pathVersion?: OneRosterVersion
}

/**
 * Splits a base URL into server root and versioned base.
 * @param baseUrl - a server root or a versioned base (`…/ims/oneroster/v1p1`, `…/ims/oneroster/rostering/v1p2`)
 * @param version - the version the client speaks
 * @throws {ConfigurationError} when the URL cannot be parsed or carries credentials (never quoting it)
 */
export function resolveBaseUrls(baseUrl: string | URL, version: OneRosterVersion): OneRosterBaseUrls {
  const url = parseConfiguredUrl(baseUrl, 'baseUrl')
  url.search = ''
  url.hash = ''
  const path = url.pathname.replace(/\/+$/, '')
  for (const v of ['1.1', '1.2'] as const) {
    const suffix = VERSION_PATHS[v]
    if (path.endsWith(suffix)) {
      const root = url.origin + path.slice(0, -suffix.length)
      return { root, versioned: root + VERSION_PATHS[version], pathVersion: v }
    }
  }
  // A pasted `…/ims/oneroster` (as in the docs) is a root too.
  const root = url.origin + path.replace(/\/ims\/oneroster$/, '')
  return { root, versioned: root + VERSION_PATHS[version] }
}
