import type { z } from 'zod'
import type { Enrollment } from '../../model/index.js'
import { type CleverCanonicalCollections, type CleverRecords, cleverToCanonical } from './map-roster.js'
import { cleverEnrollmentId, sectionTeacherIds } from './map-section.js'
import type { CleverMappingContext } from './mapping-context.js'
import {
  type CleverCourse,
  CleverCourseSchema,
  type CleverDistrict,
  CleverDistrictSchema,
  type CleverEventWire,
  type CleverResource,
  CleverResourceSchema,
  type CleverSchool,
  CleverSchoolSchema,
  type CleverSection,
  CleverSectionSchema,
  type CleverTerm,
  CleverTermSchema,
  type CleverUser,
  CleverUserSchema,
} from './wire-schemas.js'
import { present } from './wire-values.js'

/**
 * Typed Clever events (`users.updated`, `sections.deleted`, …) and the pure step that turns a run of
 * events into the canonical records of a `delta` roster.
 *
 * @module
 */

/** What happened to the record. */
export type CleverEventAction = 'created' | 'updated' | 'deleted'

/** The record type of each event's object. */
export interface CleverEventRecordMap {
  /** `districts.*` events. */
  districts: CleverDistrict
  /** `schools.*` events. */
  schools: CleverSchool
  /** `terms.*` events. */
  terms: CleverTerm
  /** `courses.*` events. */
  courses: CleverCourse
  /** `sections.*` events. */
  sections: CleverSection
  /** `resources.*` events. */
  resources: CleverResource
  /** `users.*` events. */
  users: CleverUser
}

/** A record type the events stream reports on. */
export type CleverEventRecordType = keyof CleverEventRecordMap

/** One event, typed by its record type: `event.recordType === 'users'` narrows `event.object`. */
export type CleverEvent = {
  [R in CleverEventRecordType]: {
    /** The event id; events are ordered by id. */
    id: string
    /** The wire type, e.g. `users.updated`. */
    type: `${R}.${CleverEventAction}`
    /** The record type. */
    recordType: R
    /** What happened. */
    action: CleverEventAction
    /** When Clever recorded the event, when it says. */
    created?: string
    /** The record after the change (for `deleted`, the record as it was). */
    object: CleverEventRecordMap[R]
    /** For `updated`: the changed fields' old values, read from either place Clever puts them. */
    previousAttributes?: Record<string, unknown>
  }
}[CleverEventRecordType]

const OBJECT_SCHEMAS: { [R in CleverEventRecordType]: z.ZodType<CleverEventRecordMap[R]> } = {
  districts: CleverDistrictSchema,
  schools: CleverSchoolSchema,
  terms: CleverTermSchema,
  courses: CleverCourseSchema,
  sections: CleverSectionSchema,
  resources: CleverResourceSchema,
  users: CleverUserSchema,
}

/** Why a wire event could not be read as a typed event. */
export interface CleverEventParseFailure {
  /** The event id. */
  id: string
  /** What is wrong. */
  message: string
  /** Schema issues of the object, when it did not match its record type. */
  issues: readonly z.core.$ZodIssue[]
}

/** Result of {@link parseCleverEvent}. */
export type CleverEventParseResult =
  | { ok: true; event: CleverEvent }
  | { ok: false; skipped: true; id: string; type: string }
  | ({ ok: false; skipped: false } & CleverEventParseFailure)

/**
 * Reads a wire event into a typed event. Events of record types rosterkit does not know (Clever
 * adds products over time) come back as `skipped`; an object that does not match its record type
 * is a failure, never dropped silently.
 * @param wire - an event as read from `/events`
 */
export function parseCleverEvent(wire: CleverEventWire): CleverEventParseResult {
  const dot = wire.type.lastIndexOf('.')
  const recordType = wire.type.slice(0, dot)
  const action = wire.type.slice(dot + 1)
  if (!(recordType in OBJECT_SCHEMAS) || (action !== 'created' && action !== 'updated' && action !== 'deleted')) {
    return { ok: false, skipped: true, id: wire.id, type: wire.type }
  }
  const schema = OBJECT_SCHEMAS[recordType as CleverEventRecordType]
  const parsed = schema.safeParse(wire.data?.object)
  if (!parsed.success) {
    return {
      ok: false,
      skipped: false,
      id: wire.id,
      message: `Event ${wire.id} (${wire.type}) carries an object that is not a ${recordType} record`,
      issues: parsed.error.issues,
    }
  }
  const previous = wire.data?.previous_attributes ?? wire.previous_attributes ?? undefined
  const created = present(wire.created)
  const event = {
    id: wire.id,
    type: wire.type,
    recordType,
    action,
    object: parsed.data,
    ...(created === undefined ? {} : { created }),
    ...(previous === undefined || previous === null ? {} : { previousAttributes: previous }),
  } as CleverEvent
  return { ok: true, event }
}

/** The canonical records a run of events amounts to. */
export interface CleverEventDelta extends CleverCanonicalCollections {
  /** The id of the last event applied; the cursor for the next incremental pull. */
  lastEventId: string | undefined
  /** Events applied. */
  applied: number
}

function idList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : []
}

/**
 * Folds events, in order, into the canonical records of a `delta` roster: the last state of each
 * created or updated record (active), each deleted record with `status: 'tobedeleted'`, and, for
 * sections, `tobedeleted` enrollments for teachers and students a later state no longer lists
 * (known from `previous_attributes`) or for every member of a deleted section. Resource events are
 * counted but have no canonical counterpart. Pure and idempotent.
 * @param events - typed events, oldest first
 * @param ctx - the mapping context
 */
export function cleverEventsToDelta(events: readonly CleverEvent[], ctx: CleverMappingContext): CleverEventDelta {
  const latest = new Map<string, CleverEvent>()
  // Members a section lost along the way, by section id, with the role they had.
  const removed = new Map<string, Map<string, 'teacher' | 'student'>>()
  let lastEventId: string | undefined
  for (const event of events) {
    lastEventId = event.id
    const key = `${event.recordType}:${event.object.id}`
    latest.delete(key)
    latest.set(key, event)
    if (event.recordType !== 'sections') continue
    const section = event.object
    const lost = removed.get(section.id) ?? new Map<string, 'teacher' | 'student'>()
    removed.set(section.id, lost)
    const students = new Set(idList(section.students))
    const teachers = new Set(sectionTeacherIds(section))
    const prev = event.previousAttributes ?? {}
    for (const id of idList(prev.students)) if (!students.has(id)) lost.set(id, 'student')
    for (const id of [...idList(prev.teachers), ...idList([prev.teacher])])
      if (!teachers.has(id)) lost.set(id, 'teacher')
    for (const id of [...students, ...teachers]) lost.delete(id)
  }

  const upserts: Required<Pick<CleverRecords, 'districts' | 'schools' | 'terms' | 'courses' | 'sections' | 'users'>> = {
    districts: [],
    schools: [],
    terms: [],
    courses: [],
    sections: [],
    users: [],
  }
  const deletes: typeof upserts = { districts: [], schools: [], terms: [], courses: [], sections: [], users: [] }
  for (const event of latest.values()) {
    if (event.recordType === 'resources') continue
    const bucket = event.action === 'deleted' ? deletes : upserts
    ;(bucket[event.recordType] as unknown[]).push(event.object)
  }
  const active = cleverToCanonical(upserts, ctx)
  const gone = cleverToCanonical(deletes, ctx)
  const tombstone = <T extends { status: string }>(items: T[]): T[] =>
    items.map((i) => ({ ...i, status: 'tobedeleted' }))

  const enrollments: Enrollment[] = [...active.enrollments, ...tombstone(gone.enrollments)]
  const seen = new Set(enrollments.map((e) => e.sourcedId))
  const sectionsById = new Map([...upserts.sections, ...deletes.sections].map((s) => [s.id, s]))
  for (const [sectionId, lost] of removed) {
    const section = sectionsById.get(sectionId)
    const school = present(section?.school) ?? present(section?.district) ?? ''
    for (const [userId, role] of lost) {
      const sourcedId = cleverEnrollmentId(sectionId, userId)
      if (seen.has(sourcedId)) continue
      seen.add(sourcedId)
      enrollments.push({
        sourcedId,
        status: 'tobedeleted',
        userSourcedId: userId,
        classSourcedId: sectionId,
        schoolSourcedId: school,
        role,
        provenance: { source: 'clever', version: ctx.version, originalId: sectionId },
      })
    }
  }

  return {
    orgs: [...active.orgs, ...tombstone(gone.orgs)],
    academicSessions: [...active.academicSessions, ...tombstone(gone.academicSessions)],
    courses: [...active.courses, ...tombstone(gone.courses)],
    classes: [...active.classes, ...tombstone(gone.classes)],
    users: [...active.users, ...tombstone(gone.users)],
    enrollments,
    demographics: [...active.demographics, ...tombstone(gone.demographics)],
    lastEventId,
    applied: events.length,
  }
}
