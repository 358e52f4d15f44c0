/**
 * `client.pull()`: reads the collections of a roster, maps them to the canonical model and records
 * per collection whether it was read completely.
 *
 * @module
 */
import { isAbortedError, isHttpError, isIncompletePullError } from '../../errors.js'
import {
  type CollectionCompleteness,
  createRoster,
  createSourceIssueCollector,
  type PullOptions,
  ROSTER_COLLECTIONS,
  type Roster,
  type RosterCollection,
} from '../../model/index.js'
import type { PaginationCompleteness } from '../../transport/index.js'
import type { ClientInternals } from './client.js'
import { COLLECTION_ENDPOINTS, type OneRosterCollectionName } from './endpoints.js'
import { where } from './filter.js'
import { addNotOffered, addUnreadable, wireWarningIssue } from './pull-issues.js'
import {
  type CanonicalContext,
  sharedProvenance,
  toCanonicalAcademicSession,
  toCanonicalClass,
  toCanonicalCourse,
  toCanonicalDemographics,
  toCanonicalEnrollment,
  toCanonicalOrg,
  toCanonicalUser,
} from './to-canonical.js'
import type {
  OneRosterAcademicSession,
  OneRosterClass,
  OneRosterCourse,
  OneRosterDemographics,
  OneRosterEnrollment,
  OneRosterOrg,
  OneRosterUser,
} from './wire/wire-types.js'
import { WarningCollector } from './wire/wire-warning.js'

/** What a mapper returns: a canonical record of some kind. */
type Mapped = { sourcedId: string; dateLastModified?: string | undefined }

type Mapper = (record: Record<string, unknown>, ctx: CanonicalContext) => Mapped

const MAPPERS: Readonly<Record<RosterCollection, Mapper>> = {
  orgs: (r, c) => toCanonicalOrg(r as unknown as OneRosterOrg, c),
  academicSessions: (r, c) => toCanonicalAcademicSession(r as unknown as OneRosterAcademicSession, c),
  courses: (r, c) => toCanonicalCourse(r as unknown as OneRosterCourse, c),
  classes: (r, c) => toCanonicalClass(r as unknown as OneRosterClass, c),
  users: (r, c) => toCanonicalUser(r as unknown as OneRosterUser, c),
  enrollments: (r, c) => toCanonicalEnrollment(r as unknown as OneRosterEnrollment, c),
  demographics: (r, c) => toCanonicalDemographics(r as unknown as OneRosterDemographics, c),
}

/**
 * Collections a pull reads when none are named but a server may not offer: a 404 or 403 on their
 * first page leaves them out (not offered). Any other failure (5xx, 429, 401, a reset, a body of the
 * wrong shape) means the server serves them and they could not be read: the roster is incomplete.
 */
const OPTIONAL: ReadonlySet<RosterCollection> = new Set(['demographics'])

/** Statuses that mean "not offered to this client", not "failed this time". */
const NOT_OFFERED_STATUSES: ReadonlySet<number> = new Set([403, 404])

function toCompleteness(p: PaginationCompleteness, received: number, revisionChanged: boolean): CollectionCompleteness {
  const reasons = [...p.reasons]
  if (revisionChanged) reasons.push('the provider’s data revision changed during the read')
  if (p.duplicateIds > 0) reasons.push(`${p.duplicateIds} record(s) came twice: data moved during the read`)
  const out: CollectionCompleteness = { complete: p.complete && !revisionChanged, received }
  if (p.expectedTotal !== undefined) out.expected = p.expectedTotal
  if (reasons.length > 0) out.reason = [...new Set(reasons)].join('; ')
  return out
}

/**
 * Offset drift can deliver a record twice; the later copy wins, in the place of the first. The
 * paginator already tracks every id it saw, so the records are only indexed again when it found a
 * repeat (or cannot tell).
 */
function withoutDuplicates(items: Mapped[], pagination: PaginationCompleteness | undefined): Mapped[] {
  if (pagination !== undefined && pagination.duplicateIds === 0) return items
  const byId = new Map<string, Mapped>()
  for (const item of items) byId.set(item.sourcedId, item)
  return byId.size === items.length ? items : [...byId.values()]
}

/**
 * Reads a canonical roster through a client's internals.
 * @param client - the client's internals
 * @param options - collections, since, progress, signal
 * @throws {AbortedError} when the signal aborts
 * @throws {ApiError} (and subclasses) when a collection cannot be read at all
 */
export async function pullRoster(client: ClientInternals, options: PullOptions): Promise<Roster> {
  const { version, profile } = client
  const ctx: CanonicalContext = { version, provenance: sharedProvenance(version) }
  const warnings = new WarningCollector()
  const issues = createSourceIssueCollector()
  const wanted = options.collections ?? ROSTER_COLLECTIONS
  const sinceMs = options.since === undefined ? undefined : Date.parse(options.since)
  const filter =
    sinceMs === undefined || Number.isNaN(sinceMs)
      ? undefined
      : where('dateLastModified').ge(new Date(sinceMs - profile.incrementalOverlapMs))
  const revisionHeader = profile.revisionHeader ?? 'x-perm-rev'
  const collections: Partial<Record<RosterCollection, unknown[]>> = {}
  const completeness: Roster['completeness'] = {}
  const skipped: string[] = []
  const notOffered: Array<{ collection: RosterCollection; status: number }> = []
  const unreadable: Array<{ collection: RosterCollection; reason: string }> = []
  let highWater = options.since ?? ''
  // No change can be newer than the pull: a record stamped in the future (dirty SIS data) would
  // otherwise carry the cursor past every change made until that date.
  const pullStartedAt = new Date().toISOString()
  // The revision header (x-perm-rev) names the snapshot a page came from. A change anywhere in the
  // pull, even between two collections, means the collections mix snapshots: users from one night,
  // enrollments from the next. Such a roster cannot prove what left the SIS, so none of it counts
  // as complete.
  let pullRevision: string | null | undefined
  let pullRevisionChanged = false

  for (const name of ROSTER_COLLECTIONS) {
    if (!wanted.includes(name)) continue
    if (profile.unsupportedCollections.includes(name as OneRosterCollectionName)) {
      skipped.push(name)
      continue
    }
    const endpoint = COLLECTION_ENDPOINTS[name as OneRosterCollectionName]
    const map = MAPPERS[name]
    const items: Mapped[] = []
    let revision: string | null | undefined
    let revisionChanged = false
    let pages = 0
    let records = 0
    const leftOutBefore = warnings.counts['record-skipped'] ?? 0
    options.onProgress?.({ type: 'collection-start', collection: name, pages: 0, records: 0 })
    const paginator = client.list(
      endpoint.path,
      endpoint.kind,
      endpoint.listKey,
      { filter, signal: options.signal },
      (warning) => {
        warnings.add(warning)
        issues.add(wireWarningIssue(warning, name, endpoint.path))
      },
      name,
      (record) => map(record, ctx),
    )
    let pagination: PaginationCompleteness | undefined
    try {
      for await (const page of paginator.pages()) {
        const rev = page.meta.headers.get(revisionHeader)
        if (revision === undefined) revision = rev
        else if (rev !== revision) revisionChanged = true
        if (pullRevision === undefined) pullRevision = rev
        else if (rev !== pullRevision) pullRevisionChanged = true
        for (const item of page.items) {
          items.push(item)
          const modified = item.dateLastModified
          if (modified !== undefined && modified > highWater) highWater = modified
        }
        pages++
        records += page.items.length
        const event = { type: 'page' as const, collection: name, pages, records }
        options.onProgress?.(page.total === undefined ? event : { ...event, total: page.total })
      }
      pagination = paginator.completeness
    } catch (err) {
      if (isAbortedError(err)) throw err
      if (isIncompletePullError(err)) {
        pagination = paginator.completeness
        const reason = `read broke off: ${err.cause instanceof Error ? err.cause.message : err.message}`
        completeness[name] = { complete: false, received: withoutDuplicates(items, pagination).length, reason }
        unreadable.push({ collection: name, reason })
        addUnreadable(issues, name, endpoint.path, reason)
      } else if (OPTIONAL.has(name) && options.collections === undefined && isHttpError(err)) {
        if (err.status !== undefined && NOT_OFFERED_STATUSES.has(err.status)) {
          // Demographics are a privileged scope many servers do not offer: left out, and said so.
          skipped.push(`${name} (${err.status})`)
          notOffered.push({ collection: name, status: err.status })
          addNotOffered(issues, name, endpoint.path, err.status)
          continue
        }
        // The server serves this collection but it could not be read: nothing proves what left it.
        const reason = `could not be read: ${err.message}`
        collections[name] = []
        completeness[name] = { complete: false, received: 0, reason }
        unreadable.push({ collection: name, reason })
        addUnreadable(issues, name, endpoint.path, reason)
        options.onProgress?.({ type: 'collection-done', collection: name, pages, records })
        continue
      } else {
        throw err
      }
    }
    const unique = withoutDuplicates(items, pagination)
    collections[name] = unique
    if (completeness[name] === undefined) {
      completeness[name] =
        pagination === undefined
          ? { complete: false, received: unique.length, reason: 'no completeness record' }
          : toCompleteness(pagination, unique.length, revisionChanged)
    }
    // A record the reader left out still exists at the source: its absence proves nothing.
    const leftOut = (warnings.counts['record-skipped'] ?? 0) - leftOutBefore
    const entry = completeness[name]
    if (leftOut > 0 && entry !== undefined) {
      const reason = `${leftOut} malformed record(s) left out`
      completeness[name] = { ...entry, complete: false, reason: entry.reason ? `${entry.reason}; ${reason}` : reason }
    }
    options.onProgress?.({ type: 'collection-done', collection: name, pages, records })
  }

  if (pullRevisionChanged) {
    for (const [name, entry] of Object.entries(completeness)) {
      if (entry === undefined || !entry.complete) continue
      completeness[name as RosterCollection] = {
        ...entry,
        complete: false,
        reason:
          'the provider’s data revision changed during the pull, so collections may come from different snapshots',
      }
    }
  }

  if (highWater > pullStartedAt) highWater = pullStartedAt
  const metadata: Record<string, unknown> = { warnings: warnings.toJSON() }
  if (skipped.length > 0) metadata.skippedCollections = skipped
  if (notOffered.length > 0) metadata.notOfferedCollections = notOffered
  if (unreadable.length > 0) metadata.unreadableCollections = unreadable
  const sourceIssues = issues.summary()
  return createRoster({
    source: { kind: 'oneroster-rest', version, vendor: profile.id, label: `OneRoster ${version} (${profile.name})` },
    mode: filter === undefined ? 'bulk' : 'delta',
    ...(collections as Partial<Pick<Roster, RosterCollection>>),
    completeness,
    ...(highWater === '' ? {} : { cursor: highWater }),
    metadata,
    ...(sourceIssues.total === 0 ? {} : { sourceIssues }),
  })
}
