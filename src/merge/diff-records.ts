import type { FieldChange } from './types.js'

/**
 * Field-level comparison of two canonical records.
 *
 * @module
 */

/** Fields never compared: identity and bookkeeping that differs on every pull. */
export const NEVER_COMPARED: ReadonlySet<string> = new Set(['sourcedId', 'provenance', 'dateLastModified'])

/**
 * Structural equality of JSON-like values (arrays in order, objects by key, `undefined` equal to a
 * missing key).
 * @param a - a value
 * @param b - another value
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false
    return true
  }
  if (Array.isArray(b)) return false
  const ra = a as Record<string, unknown>
  const rb = b as Record<string, unknown>
  for (const key in ra) if (!deepEqual(ra[key], rb[key])) return false
  for (const key in rb) if (!(key in ra) && rb[key] !== undefined) return false
  return true
}

/**
 * The top-level fields whose values differ, sorted by field name.
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
    if (!deepEqual(b[field], a[field])) changes.push({ field, before: b[field], after: a[field] })
  }
  for (const field in b) {
    if (field in a || NEVER_COMPARED.has(field) || ignore.has(field) || b[field] === undefined) continue
    changes.push({ field, before: b[field], after: undefined })
  }
  if (changes.length < 2) return changes
  return changes.sort((x, y) => (x.field < y.field ? -1 : x.field > y.field ? 1 : 0))
}
