/**
 * What a OneRoster pull reports as source issues: the tolerant reader's warnings, and collections
 * that could not be read or that the server does not offer, in the one shape every provider uses.
 *
 * @module
 */
import type { RosterCollection, SourceIssue, SourceIssueCollector } from '../../model/index.js'
import type { WireWarning, WireWarningCode } from './wire/wire-warning.js'

/** What the tolerant reader did with the value a warning is about, where the code says it. */
const ACTIONS: Partial<Record<WireWarningCode, NonNullable<SourceIssue['action']>>> = {
  'boolean-as-string': 'normalised',
  'boolean-as-json': 'normalised',
  'boolean-as-number': 'normalised',
  'enum-casing': 'normalised',
  'legacy-status': 'normalised',
  'relative-href': 'normalised',
  'bare-reference': 'normalised',
  'date-format': 'normalised',
  'empty-list': 'normalised',
  'string-as-list': 'normalised',
  'unknown-field': 'kept',
  'unknown-enum': 'kept',
  'bare-array': 'kept',
  'missing-envelope': 'kept',
}

/**
 * A wire warning as a source issue of `collection`.
 * @param warning - what the tolerant reader found
 * @param collection - the collection being read
 * @param path - the endpoint path, e.g. `users`
 */
export function wireWarningIssue(warning: WireWarning, collection: RosterCollection, path: string): SourceIssue {
  const action = ACTIONS[warning.code]
  return {
    code: warning.code,
    severity: 'warning',
    message: warning.path === '' ? warning.message : `${warning.path}: ${warning.message}`,
    collection,
    location: `GET /${path}`,
    ...(warning.sourcedId === undefined ? {} : { sourcedId: warning.sourcedId }),
    ...(action === undefined ? {} : { action }),
  }
}

/** Issue code of a collection the server serves but that could not be read completely. */
export const COLLECTION_UNREADABLE = 'collection-unreadable'
/** Issue code of an optional collection the server does not offer to this client (404 or 403). */
export const COLLECTION_NOT_OFFERED = 'collection-not-offered'

/**
 * Records that a collection could not be read: an error, since the roster cannot prove what left.
 * @param issues - the pull's collector
 * @param collection - the collection
 * @param path - its endpoint path
 * @param reason - why, for people (already redacted)
 */
export function addUnreadable(
  issues: SourceIssueCollector,
  collection: RosterCollection,
  path: string,
  reason: string,
): void {
  issues.add({
    code: COLLECTION_UNREADABLE,
    severity: 'error',
    message: `${collection} could not be read completely: ${reason}`,
    collection,
    location: `GET /${path}`,
  })
}

/**
 * Records that the server does not offer an optional collection: information, not a failure.
 * @param issues - the pull's collector
 * @param collection - the collection
 * @param path - its endpoint path
 * @param status - the HTTP status that said so
 */
export function addNotOffered(
  issues: SourceIssueCollector,
  collection: RosterCollection,
  path: string,
  status: number,
): void {
  issues.add({
    code: COLLECTION_NOT_OFFERED,
    severity: 'info',
    message:
      status === 403
        ? `${collection} are not permitted to these credentials (403); the pull went on without them`
        : `the server does not offer ${collection} (${status}); the pull went on without them`,
    collection,
    location: `GET /${path}`,
  })
}
