import { z } from 'zod'
import { isNotFoundError, isPermissionDeniedError, ResponseShapeError } from '../../errors.js'
import {
  type CollectionCompleteness,
  createRoster,
  createSourceIssueCollector,
  type PullOptions,
  ROSTER_COLLECTIONS,
  type Roster,
  type RosterCollection,
  type SourceIssueCollector,
} from '../../model/index.js'
import type { PaginationCompleteness } from '../../transport/index.js'
import { limitCanonicalRecord } from '../shared/value-limits.js'
import type { CleverHttp } from './clever-http.js'
import { cleverEventsToDelta } from './events.js'
import type { CleverEventsResource } from './events-feed.js'
import { type CleverRecords, cleverToCanonical } from './map-roster.js'
import {
  CleverCourseSchema,
  CleverDistrictSchema,
  CleverSchoolSchema,
  CleverSectionSchema,
  CleverTermSchema,
  CleverUserSchema,
} from './wire-schemas.js'

/**
 * `pull()` of the Clever client: a full read of every resource into a `bulk` roster, or the events
 * after a cursor into a `delta` roster.
 *
 * @module
 */

type CleverResourceName = keyof CleverRecords

/** Which Clever resources each canonical collection is read from. */
const SOURCES: Readonly<Record<RosterCollection, readonly CleverResourceName[]>> = {
  orgs: ['districts', 'schools'],
  academicSessions: ['terms'],
  courses: ['courses', 'sections'],
  classes: ['sections'],
  enrollments: ['sections'],
  users: ['users'],
  demographics: ['users'],
}

const SCHEMAS = {
  districts: CleverDistrictSchema,
  schools: CleverSchoolSchema,
  terms: CleverTermSchema,
  courses: CleverCourseSchema,
  sections: CleverSectionSchema,
  users: CleverUserSchema,
} as const

/**
 * Listings take every record as it comes (anything not an object becomes an empty one, which then
 * fails its schema): each is checked against its schema here, so one malformed record is left out
 * on its own instead of failing the whole listing.
 */
const ANY_RECORD = z
  .unknown()
  .transform((v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {})) as unknown as z.ZodType<{
  id: string
}>

/** The first schema issue of a malformed record, for people: where and what, never the value. */
function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0]
  if (issue === undefined) return 'unexpected shape'
  const path = issue.path.map(String).join('.')
  return path === '' ? issue.message : `${path}: ${issue.message}`
}

/**
 * Checks the records of one resource against its schema: a malformed one is left out with a source
 * issue naming it (or, strict, fails the pull with a typed error).
 * @returns the records that passed, and how many were left out
 */
function checkRecords<T>(
  c: CleverHttp,
  name: CleverResourceName,
  raw: readonly unknown[],
  schema: z.ZodType<T>,
  issues: SourceIssueCollector,
): { records: T[]; leftOut: number } {
  const records: T[] = []
  let leftOut = 0
  const location = `GET ${c.options.prefix}/${name}`
  for (const item of raw) {
    const parsed = schema.safeParse(item)
    if (parsed.success) {
      records.push(parsed.data)
      continue
    }
    const id = (item as { id?: unknown }).id
    const sourcedId = typeof id === 'string' && id !== '' ? id : undefined
    const what = `${name} record ${sourcedId ?? '(without an id)'} has an unexpected shape (${firstProblem(parsed.error)})`
    if (c.options.strict) {
      throw new ResponseShapeError(
        `Clever ${location}: ${what}`,
        { provider: 'clever', method: 'GET', url: `${c.options.origin}${c.options.prefix}/${name}` },
        parsed.error.issues.map((i) => ({ path: i.path, message: i.message, code: i.code })),
      )
    }
    leftOut++
    issues.add({
      code: 'record-malformed',
      severity: 'warning',
      message: `${what}; left out`,
      ...(SOURCE_COLLECTION[name] === undefined ? {} : { collection: SOURCE_COLLECTION[name] }),
      ...(sourcedId === undefined ? {} : { sourcedId }),
      location,
      action: 'skipped',
    })
  }
  return { records, leftOut }
}

/** The canonical collection a Clever resource mainly becomes, for source issues. */
const SOURCE_COLLECTION: Readonly<Record<CleverResourceName, RosterCollection>> = {
  districts: 'orgs',
  schools: 'orgs',
  terms: 'academicSessions',
  courses: 'courses',
  sections: 'classes',
  users: 'users',
}

/**
 * Applies the shared value limits to every mapped record: cut values and dropped metadata become
 * source issues; a record with an over-long id or key is left out and its collection counted.
 */
function limitCollections(
  mapped: Record<RosterCollection, Record<string, unknown>[]>,
  issues: SourceIssueCollector,
  location: string,
): Partial<Record<RosterCollection, number>> {
  const leftOut: Partial<Record<RosterCollection, number>> = {}
  for (const collection of ROSTER_COLLECTIONS) {
    const records = mapped[collection]
    if (!Array.isArray(records)) continue
    const kept: Record<string, unknown>[] = []
    for (const record of records) {
      const findings = limitCanonicalRecord(record)
      const sourcedId = typeof record.sourcedId === 'string' ? record.sourcedId : undefined
      for (const f of findings) {
        issues.add({
          code: f.action === 'dropped' ? 'metadata-bounded' : 'value-too-long',
          severity: 'warning',
          message: `${f.path}: ${f.message}${f.action === 'skip-record' ? '; the record is left out' : ''}`,
          collection,
          ...(sourcedId === undefined ? {} : { sourcedId }),
          location,
          action: f.action === 'skip-record' ? 'skipped' : 'normalised',
        })
      }
      if (findings.some((f) => f.action === 'skip-record')) leftOut[collection] = (leftOut[collection] ?? 0) + 1
      else kept.push(record)
    }
    mapped[collection] = kept
  }
  return leftOut
}

/** Marks a collection incomplete for records left out, keeping any earlier reason. */
function withLeftOut(entry: CollectionCompleteness, count: number, what: string): CollectionCompleteness {
  const reason = `${count} ${what} left out`
  return { ...entry, complete: false, reason: entry.reason === undefined ? reason : `${entry.reason}; ${reason}` }
}

function label(c: CleverHttp): Roster['source'] {
  return { kind: 'clever', version: c.options.apiVersion, label: `Clever v${c.options.apiVersion}` }
}

function completenessOf(
  collection: RosterCollection,
  records: readonly unknown[],
  sources: readonly (PaginationCompleteness | undefined)[],
): CollectionCompleteness {
  const reasons = sources.flatMap((s) => (s === undefined ? ['not read'] : s.reasons))
  const complete = sources.every((s) => s?.complete === true)
  return {
    complete,
    received: records.length,
    ...(reasons.length === 0 ? {} : { reason: `${collection}: ${reasons.join('; ')}` }),
  }
}

/**
 * Reads every resource the requested collections need and maps them to a `bulk` roster whose
 * cursor is the newest event id read before the first page, so changes made during the pull are
 * replayed by the next incremental pull. When the app cannot read events (not enabled), the roster
 * has no cursor and `metadata.eventsUnavailable` says why.
 * @param c - the client's request helpers
 * @param events - the client's events resource
 * @param options - collections, progress, cancellation
 */
export async function pullFullCleverRoster(
  c: CleverHttp,
  events: CleverEventsResource,
  options: PullOptions,
): Promise<Roster> {
  const wanted = options.collections ?? (Object.keys(SOURCES) as RosterCollection[])
  let cursor: string | undefined
  let eventsUnavailable: string | undefined
  try {
    cursor = await events.latestCursor({ signal: options.signal })
  } catch (err) {
    if (!isNotFoundError(err) && !isPermissionDeniedError(err)) throw err
    eventsUnavailable = err.message
  }
  const resources = [...new Set(wanted.flatMap((w) => SOURCES[w]))]
  const records: CleverRecords = {}
  const proofs = new Map<CleverResourceName, PaginationCompleteness | undefined>()
  const issues = createSourceIssueCollector()
  const malformed = new Map<CleverResourceName, number>()
  await Promise.all(
    resources.map(async (name) => {
      let pages = 0
      let count = 0
      options.onProgress?.({ type: 'collection-start', collection: name, pages, records: count })
      const paginator = c.list(name, ANY_RECORD, {
        collection: name,
        signal: options.signal,
        onPage: (page) => {
          pages += 1
          count += page.items.length
          options.onProgress?.({ type: 'page', collection: name, pages, records: count })
        },
      })
      const result = await paginator.collect()
      const checked = checkRecords(c, name, result.items, SCHEMAS[name] as z.ZodType<unknown>, issues)
      ;(records as Record<string, unknown>)[name] = checked.records
      if (checked.leftOut > 0) malformed.set(name, checked.leftOut)
      proofs.set(name, result.completeness)
      options.onProgress?.({ type: 'collection-done', collection: name, pages, records: count })
    }),
  )
  const mapped = cleverToCanonical(records, { version: c.options.apiVersion })
  const overLimit = limitCollections(
    mapped as unknown as Record<RosterCollection, Record<string, unknown>[]>,
    issues,
    `GET ${c.options.prefix}`,
  )
  const completeness: Roster['completeness'] = {}
  for (const name of wanted) {
    let entry = completenessOf(
      name,
      mapped[name],
      SOURCES[name].map((r) => proofs.get(r)),
    )
    // A record left out still exists in Clever: its absence proves nothing, so nothing archives.
    for (const resource of SOURCES[name]) {
      const count = malformed.get(resource) ?? 0
      if (count > 0) entry = withLeftOut(entry, count, `malformed ${resource} record(s)`)
    }
    const limited = overLimit[name] ?? 0
    if (limited > 0) entry = withLeftOut(entry, limited, 'record(s) over a value limit')
    completeness[name] = entry
  }
  // A term without dates cannot be mapped; it still exists in Clever, so its absence proves nothing.
  const undatedTerms = (records.terms?.length ?? 0) - mapped.academicSessions.length
  const sessions = completeness.academicSessions
  if (sessions !== undefined && undatedTerms > 0) {
    const reason = `${undatedTerms} term(s) without dates could not be mapped`
    completeness.academicSessions = {
      ...sessions,
      complete: false,
      reason: sessions.reason === undefined ? reason : `${sessions.reason}; ${reason}`,
    }
  }
  const picked: Partial<Pick<Roster, RosterCollection>> = {}
  for (const name of wanted) (picked as Record<string, unknown>)[name] = mapped[name]
  return createRoster({
    source: label(c),
    pulledAt: new Date(c.options.now()).toISOString(),
    mode: 'bulk',
    ...picked,
    completeness,
    ...(cursor === undefined ? {} : { cursor }),
    ...(issues.summary().total === 0 ? {} : { sourceIssues: issues.summary() }),
    ...(eventsUnavailable === undefined ? {} : { metadata: { eventsUnavailable } }),
  })
}

/**
 * Reads the events after `since` and folds them into a `delta` roster: created and updated records
 * active, deleted ones (and enrollments a section lost) `tobedeleted`. Each changed student's
 * contacts are read (`/users/{id}/mycontacts`, one request per student) so its `agentSourcedIds`
 * stay complete. The cursor is the last event read, or `since` when nothing happened.
 * @param c - the client's request helpers
 * @param events - the client's events resource
 * @param since - the cursor of the previous pull
 * @param options - progress, cancellation
 * @throws {FullResyncRequiredError} when the cursor is unknown to Clever or too old
 */
export async function pullCleverDelta(
  c: CleverHttp,
  events: CleverEventsResource,
  since: string,
  options: PullOptions,
): Promise<Roster> {
  let pages = 0
  let count = 0
  options.onProgress?.({ type: 'collection-start', collection: 'events', pages, records: count })
  const read = await events.since(since, {
    signal: options.signal,
    onPage: (page) => {
      pages += 1
      count += page.items.length
      options.onProgress?.({ type: 'page', collection: 'events', pages, records: count })
    },
  })
  options.onProgress?.({ type: 'collection-done', collection: 'events', pages, records: count })
  const delta = cleverEventsToDelta(read.events, { version: c.options.apiVersion })
  // A student record does not name its contacts (contacts name their students), so a student that
  // changed without its contacts would arrive with no agents and look unlinked: ask Clever for them.
  delta.users = await Promise.all(
    delta.users.map(async (user) => {
      if (user.status !== 'active' || !user.roles.some((r) => r.role === 'student')) return user
      const contacts = await c
        .list(`users/${encodeURIComponent(user.sourcedId)}/mycontacts`, CleverUserSchema, {
          collection: 'users',
          signal: options.signal,
        })
        .collect()
      const agents = [...user.agentSourcedIds]
      for (const contact of contacts.items) if (!agents.includes(contact.id)) agents.push(contact.id)
      return { ...user, agentSourcedIds: agents }
    }),
  )
  const wanted = options.collections ?? (Object.keys(SOURCES) as RosterCollection[])
  const issues = createSourceIssueCollector()
  const overLimit = limitCollections(
    delta as unknown as Record<RosterCollection, Record<string, unknown>[]>,
    issues,
    `GET ${c.options.prefix}/events`,
  )
  const completeness: Roster['completeness'] = {}
  const picked: Partial<Pick<Roster, RosterCollection>> = {}
  for (const name of wanted) {
    const entry = completenessOf(name, delta[name], [read.completeness])
    const limited = overLimit[name] ?? 0
    completeness[name] = limited > 0 ? withLeftOut(entry, limited, 'record(s) over a value limit') : entry
    ;(picked as Record<string, unknown>)[name] = delta[name]
  }
  return createRoster({
    source: label(c),
    pulledAt: new Date(c.options.now()).toISOString(),
    mode: 'delta',
    ...picked,
    completeness,
    cursor: read.cursor,
    ...(issues.summary().total === 0 ? {} : { sourceIssues: issues.summary() }),
    metadata: { eventsApplied: delta.applied, ...(read.skipped.length === 0 ? {} : { eventsSkipped: read.skipped }) },
  })
}
