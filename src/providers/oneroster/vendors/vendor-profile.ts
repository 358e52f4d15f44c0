/**
 * The shape of a vendor profile: the known quirks of one OneRoster provider, as data.
 *
 * @module
 */
import type { NestedCollectionName, OneRosterCollectionName } from '../endpoints.js'
import type { FilterDateFormat } from '../filter.js'
import type { OneRosterVersion } from '../wire/field-spec.js'

/** Ids of the vendor profiles rosterkit ships. */
export type VendorId =
  | 'generic'
  | 'classlink'
  | 'classlink-proxy'
  | 'infinite-campus'
  | 'skyward'
  | 'synergy'
  | 'powerschool'
  | 'aeries'
  | 'ed-fi'

/** Known behaviour of one OneRoster provider. Every field is a default the client options can override. */
export interface VendorProfile {
  /** Profile id, as passed to `createOneRosterClient({ vendor })`. */
  id: VendorId
  /** Display name for reports and hints. */
  name: string
  /** Versions the provider serves. */
  versions: readonly OneRosterVersion[]
  /** Auth kinds the provider accepts, preferred first. */
  auth: readonly ('oauth1' | 'oauth2' | 'bearer')[]
  /** How the OAuth 2 token URL is usually built, for hints (`<host>` etc. are placeholders). */
  tokenUrlPattern?: string
  /** How the OAuth 2 client authenticates at the token endpoint. */
  tokenClientAuth: 'basic' | 'post'
  /** The versioned path under the server root, when it differs from the spec's. */
  basePathPattern?: string
  /** What the provider calls the client id and secret, for hints. */
  credentialNames: { clientId: string; clientSecret: string }
  /** Page size to ask for. */
  pageSize: number
  /** Largest page the provider returns, when known; larger requests are clamped silently. */
  maxPageSize?: number
  /** Headers carrying the total count, first match wins. */
  countHeaders: readonly string[]
  /** Header carrying a data revision, when the provider sends one: a change mid-pull means the data moved. */
  revisionHeader?: string
  /** Top-level collections the provider does not serve. */
  unsupportedCollections: readonly OneRosterCollectionName[]
  /** Nested collections the provider does not serve; the client falls back to a filtered top-level read. */
  unsupportedNested: readonly NestedCollectionName[]
  /** Requests in flight that the provider tolerates. */
  concurrency: number
  /** How dates are written in filters. */
  filterDateFormat: FilterDateFormat
  /** Overlap subtracted from `since` for incremental pulls, to cover clock differences and slow commits. */
  incrementalOverlapMs: number
  /** Facts worth knowing, for docs and hints. */
  notes: readonly string[]
}

/** The spec's defaults, which each profile adjusts. */
export const GENERIC_DEFAULTS: Omit<VendorProfile, 'id' | 'name'> = {
  versions: ['1.1', '1.2'],
  auth: ['oauth2', 'oauth1', 'bearer'],
  tokenClientAuth: 'basic',
  credentialNames: { clientId: 'client id', clientSecret: 'client secret' },
  pageSize: 500,
  countHeaders: ['x-total-count', 'x-count'],
  unsupportedCollections: [],
  unsupportedNested: [],
  concurrency: 4,
  filterDateFormat: 'iso',
  incrementalOverlapMs: 5 * 60_000,
  notes: [],
}
