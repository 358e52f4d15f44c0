import { isNotFoundError, isPermissionDeniedError } from '../../errors.js'
import {
  type CollectionCompleteness,
  createRoster,
  type PullOptions,
  type Roster,
  type RosterCollection,
} from '../../model/index.js'
import type { PaginationCompleteness } from '../../transport/index.js'
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
  await Promise.all(
    resources.map(async (name) => {
      let pages = 0
      let count = 0
      options.onProgress?.({ type: 'collection-start', collection: name, pages, records: count })
      const paginator = c.list(name, SCHEMAS[name] as typeof CleverUserSchema, {
        collection: name,
        signal: options.signal,
        onPage: (page) => {
          pages += 1
          count += page.items.length
          options.onProgress?.({ type: 'page', collection: name, pages, records: count })
        },
      })
      const result = await paginator.collect()
      ;(records as Record<string, unknown>)[name] = result.items
      proofs.set(name, result.completeness)
      options.onProgress?.({ type: 'collection-done', collection: name, pages, records: count })
    }),
  )
  const mapped = cleverToCanonical(records, { version: c.options.apiVersion })
  const completeness: Roster['completeness'] = {}
  for (const name of wanted) {
    completeness[name] = completenessOf(
      name,
      mapped[name],
      SOURCES[name].map((r) => proofs.get(r)),
    )
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
  const completeness: Roster['completeness'] = {}
  const picked: Partial<Pick<Roster, RosterCollection>> = {}
  for (const name of wanted) {
    completeness[name] = completenessOf(name, delta[name], [read.completeness])
    ;(picked as Record<string, unknown>)[name] = delta[name]
  }
  return createRoster({
    source: label(c),
    pulledAt: new Date(c.options.now()).toISOString(),
    mode: 'delta',
    ...picked,
    completeness,
    cursor: read.cursor,
    metadata: { eventsApplied: delta.applied, ...(read.skipped.length === 0 ? {} : { eventsSkipped: read.skipped }) },
  })
}
