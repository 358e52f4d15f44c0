import type { Enrollment } from '../model/index.js'
import {
  AcademicSessionSchema,
  ClassSchema,
  CourseSchema,
  DemographicsSchema,
  EnrollmentSchema,
  OrgSchema,
  UserSchema,
} from '../model/index.js'
import type { FieldChange, MergeEntity } from './types.js'

/**
 * Field-level comparison of two canonical records.
 *
 * @module
 */

/** Fields never compared: identity and bookkeeping that differs on every pull. */
export const NEVER_COMPARED: ReadonlySet<string> = new Set(['sourcedId', 'provenance', 'dateLastModified'])

/**
 * Array fields whose order carries no meaning: a source that sends the same roles, grades or ids in
 * another order has not changed the record.
 */
export const UNORDERED_FIELDS: ReadonlySet<string> = new Set([
  'roles',
  'grades',
  'subjects',
  'subjectCodes',
  'periods',
  'termSourcedIds',
  'agentSourcedIds',
  'userIds',
])

/**
 * Structural equality of JSON-like values (arrays in order, objects by key, `undefined` equal to a
 * missing key). The walk keeps its own stack rather than recursing, so values nested thousands
 * deep compare instead of overflowing the call stack.
 * @param a - a value
 * @param b - another value
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  const left: unknown[] = [a]
  const right: unknown[] = [b]
  while (left.length > 0) {
    const x = left.pop()
    const y = right.pop()
    if (x === y) continue
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false
    if (Array.isArray(x)) {
      if (!Array.isArray(y) || x.length !== y.length) return false
      for (let i = 0; i < x.length; i++) {
        left.push(x[i])
        right.push(y[i])
      }
      continue
    }
    if (Array.isArray(y)) return false
    const rx = x as Record<string, unknown>
    const ry = y as Record<string, unknown>
    for (const key in ry) if (!(key in rx) && ry[key] !== undefined) return false
    for (const key in rx) {
      left.push(rx[key])
      right.push(ry[key])
    }
  }
  return true
}

/** A canonical text of a JSON-like value: object keys sorted, `undefined` members left out. */
function canonicalText(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'undefined'
  if (Array.isArray(value)) return `[${value.map(canonicalText).join(',')}]`
  const record = value as Record<string, unknown>
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalText(record[k])}`).join(',')}}`
}

const byText = (x: { text: string }, y: { text: string }): number => (x.text < y.text ? -1 : x.text > y.text ? 1 : 0)

/**
 * The elements of an array in a canonical order (by their canonical text), so that two arrays
 * holding the same elements in any order give equal results.
 * @param items - the array
 */
export function canonicalOrder<T>(items: readonly T[]): T[] {
  return items
    .map((item) => ({ item, text: canonicalText(item) }))
    .sort(byText)
    .map((entry) => entry.item)
}

/** Equality of two arrays as multisets, for {@link UNORDERED_FIELDS}. */
function sameElements(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false
  const ta = a.map(canonicalText).sort()
  const tb = b.map(canonicalText).sort()
  for (let i = 0; i < ta.length; i++) if (ta[i] !== tb[i]) return false
  return true
}

/**
 * Equality of one field's values, order-insensitive for {@link UNORDERED_FIELDS}.
 * @param field - the field name
 * @param before - the host's value
 * @param after - the source's value
 */
export function fieldEqual(field: string, before: unknown, after: unknown): boolean {
  if (deepEqual(before, after)) return true
  // The in-order check above settles nearly every comparison; sorting only runs on a difference.
  return Array.isArray(before) && Array.isArray(after) && UNORDERED_FIELDS.has(field) && sameElements(before, after)
}

/** A changed value as the plan shows it: unordered arrays in canonical order, so the plan never depends on it. */
function shown(field: string, value: unknown): unknown {
  return Array.isArray(value) && UNORDERED_FIELDS.has(field) ? canonicalOrder(value) : value
}

/** The fields of each entity's canonical record. */
const ENTITY_FIELDS: Readonly<Record<MergeEntity, readonly string[]>> = {
  orgs: Object.keys(OrgSchema.shape),
  academicSessions: Object.keys(AcademicSessionSchema.shape),
  courses: Object.keys(CourseSchema.shape),
  classes: Object.keys(ClassSchema.shape),
  users: Object.keys(UserSchema.shape),
  enrollments: Object.keys(EnrollmentSchema.shape),
  demographics: Object.keys(DemographicsSchema.shape),
}

/** How many enrollment fields `enrollmentsEqual` compares: all but {@link NEVER_COMPARED}. */
const ENROLLMENT_COMPARED = 9

/**
 * The fields {@link recordsEqual} compares for an entity: its canonical fields less
 * {@link NEVER_COMPARED} and the ignored ones.
 * @param entity - the entity
 * @param ignore - fields not compared (on top of {@link NEVER_COMPARED})
 */
export function comparedFields(entity: MergeEntity, ignore: ReadonlySet<string>): readonly string[] {
  return ENTITY_FIELDS[entity].filter((field) => !NEVER_COMPARED.has(field) && !ignore.has(field))
}

const same = (field: string, before: unknown, after: unknown): boolean =>
  before === after || fieldEqual(field, before, after)

/**
 * {@link recordsEqual} of two enrollments with every field compared, written out: enrollments are
 * most of a roster, and reading their fields by name keeps each read on the records' shared shape.
 */
function enrollmentsEqual(before: object, after: object): boolean {
  const b = before as Enrollment
  const a = after as Enrollment
  return (
    a.userSourcedId === b.userSourcedId &&
    a.classSourcedId === b.classSourcedId &&
    a.schoolSourcedId === b.schoolSourcedId &&
    same('status', b.status, a.status) &&
    same('role', b.role, a.role) &&
    same('primary', b.primary, a.primary) &&
    same('beginDate', b.beginDate, a.beginDate) &&
    same('endDate', b.endDate, a.endDate) &&
    same('metadata', b.metadata, a.metadata)
  )
}

/**
 * The equality check of an entity's records under the given ignored fields, {@link recordsEqual}
 * over {@link comparedFields} or an equivalent written-out check.
 * @param entity - the entity
 * @param ignore - fields not compared (on top of {@link NEVER_COMPARED})
 */
export function recordsComparer(
  entity: MergeEntity,
  ignore: ReadonlySet<string>,
): (before: object, after: object) => boolean {
  const fields = comparedFields(entity, ignore)
  if (entity === 'enrollments' && fields.length === ENROLLMENT_COMPARED) return enrollmentsEqual
  return (before, after) => recordsEqual(fields, before, after)
}

/**
 * True when no compared field differs: the allocation-free check run on every matched record
 * before {@link diffRecords} builds the changes. Only the entity's canonical fields are compared,
 * through a fixed list rather than by enumerating each record's keys.
 * @param fields - the fields to compare, from {@link comparedFields}
 * @param before - the host's record
 * @param after - the source's record
 */
export function recordsEqual(fields: readonly string[], before: object, after: object): boolean {
  if (before === after) return true
  const b = before as Record<string, unknown>
  const a = after as Record<string, unknown>
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as string
    const av = a[field]
    const bv = b[field]
    // A missing key and an `undefined` value read the same, as in `diffRecords`.
    if (av !== bv && !fieldEqual(field, bv, av)) return false
  }
  return true
}

/**
 * The top-level fields whose values differ, sorted by field name. Arrays of
 * {@link UNORDERED_FIELDS} are compared as sets of elements and shown in canonical order.
 * @param before - the host's record
 * @param after - the source's record
 * @param ignore - fields not compared (on top of {@link NEVER_COMPARED})
 */
export function diffRecords(before: object, after: object, ignore: ReadonlySet<string>): FieldChange[] {
  const b = before as Record<string, unknown>
  const a = after as Record<string, unknown>
  const changes: FieldChange[] = []
  for (const field in a) {
    if (NEVER_COMPARED.has(field) || ignore.has(field)) continue
    if (!fieldEqual(field, b[field], a[field])) {
      changes.push({ field, before: shown(field, b[field]), after: shown(field, a[field]) })
    }
  }
  for (const field in b) {
    if (field in a || NEVER_COMPARED.has(field) || ignore.has(field) || b[field] === undefined) continue
    changes.push({ field, before: shown(field, b[field]), after: undefined })
  }
  if (changes.length < 2) return changes
  return changes.sort((x, y) => (x.field < y.field ? -1 : x.field > y.field ? 1 : 0))
}
