/**
 * How big a value may be when it enters rosterkit, per kind of field, and what a reader does with
 * one that is bigger. Every provider reads through these limits, so a 10 MB name or a 10,000-deep
 * extension field never reaches a roster, a report or a host's store.
 *
 * - **ids** (`sourcedId`, every reference): a longer one is no id rosterkit can match or link, and
 *   cutting it could make it another record's: the record is left out.
 * - **keys** (`username`, `email`, `identifier`, `stateId`, …): hosts match users by them, and a cut
 *   key could match the wrong person: the record is left out.
 * - **names** (given and family names, titles, org names) and **text** (everything else): cut to
 *   the limit, with a warning.
 * - **lists** (grades, roles, references): a record with more items is left out.
 * - **metadata** (extension and unknown fields): a value nested deeper than the depth limit, or the
 *   entries past the size budget, are dropped, with a warning.
 *
 * docs/normalisation.md lists the limits for people.
 *
 * @module
 */

/** The limits, in UTF-16 code units (string lengths) unless said otherwise. */
export const VALUE_LIMITS = {
  /** Longest id or reference. */
  id: 256,
  /** Longest matching key: username, email, identifiers (320 is the longest email address). */
  key: 320,
  /** Longest name or title. */
  name: 256,
  /** Longest other text value. */
  text: 4096,
  /** Most items in one list field. */
  listItems: 2000,
  /** Deepest nesting of a metadata value (a top-level metadata field counts as depth 1). */
  metadataDepth: 8,
  /** Largest metadata of one record: string lengths plus a small cost per key and value. */
  metadataSize: 65_536,
} as const

/** The kind of a field, which decides its limit and what happens to a value over it. */
export type LimitKind = 'id' | 'key' | 'name' | 'text'

const KEYS: ReadonlySet<string> = new Set([
  'username',
  'email',
  'identifier',
  'stateId',
  'ncesId',
  'userMasterIdentifier',
  'sis_id',
  'state_id',
  'student_number',
  'teacher_number',
  'district_username',
])

const NAMES: ReadonlySet<string> = new Set([
  'givenName',
  'familyName',
  'middleName',
  'preferredFirstName',
  'preferredMiddleName',
  'preferredLastName',
  'preferredGivenName',
  'preferredFamilyName',
  'name',
  'title',
])

/**
 * The kind of a field, by its name in the canonical model or the OneRoster wire or CSV (they share
 * their names): `sourcedId` and every `…SourcedId(s)` is an id; matching keys, names and text follow.
 * @param field - the field or column name
 */
export function limitKindOf(field: string): LimitKind {
  if (field === 'sourcedId' || field.endsWith('SourcedId') || field.endsWith('SourcedIds')) return 'id'
  if (KEYS.has(field)) return 'key'
  if (NAMES.has(field)) return 'name'
  return 'text'
}

/** What a reader does with a string value: keep it, keep it cut to the limit, or leave the record out. */
export type LengthCheck =
  | { action: 'keep' }
  | { action: 'truncate'; value: string; limit: number }
  | { action: 'skip'; limit: number }

const KEEP: LengthCheck = { action: 'keep' }

/**
 * Checks one string value against its kind's limit.
 * @param kind - the field's kind, from {@link limitKindOf}
 * @param value - the value
 */
export function checkLength(kind: LimitKind, value: string): LengthCheck {
  const limit = VALUE_LIMITS[kind]
  if (value.length <= limit) return KEEP
  if (kind === 'id' || kind === 'key') return { action: 'skip', limit }
  return { action: 'truncate', value: cut(value, limit), limit }
}

/** The first `limit` code units, without splitting a surrogate pair. */
function cut(value: string, limit: number): string {
  const code = value.charCodeAt(limit - 1)
  return value.slice(0, code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit)
}

/** Metadata after {@link boundMetadata}, and the entries it dropped. */
export interface BoundedMetadata {
  /** The metadata to keep: the same object when nothing was dropped, else a copy without the dropped entries. */
  metadata: Record<string, unknown>
  /** Top-level keys dropped for nesting too deep. */
  tooDeep: string[]
  /** Top-level keys dropped because the record's metadata was already at its size budget. */
  overSize: string[]
}

/**
 * Bounds a record's metadata: an entry nested deeper than {@link VALUE_LIMITS.metadataDepth}, and
 * every entry once the size budget is spent, is dropped. The walk is iterative and stops as soon as
 * an entry is over a limit, so a hostile value costs no more than the budget to measure.
 * @param metadata - the record's metadata
 */
export function boundMetadata(metadata: Record<string, unknown>): BoundedMetadata {
  let budget: number = VALUE_LIMITS.metadataSize
  const tooDeep: string[] = []
  const overSize: string[] = []
  for (const key of Object.keys(metadata)) {
    const cost = measure(metadata[key], budget - key.length)
    if (cost === TOO_DEEP) tooDeep.push(key)
    else if (cost === TOO_BIG) overSize.push(key)
    else budget -= key.length + cost
  }
  if (tooDeep.length === 0 && overSize.length === 0) return { metadata, tooDeep, overSize }
  const kept: Record<string, unknown> = {}
  for (const key of Object.keys(metadata)) {
    if (!tooDeep.includes(key) && !overSize.includes(key)) kept[key] = metadata[key]
  }
  return { metadata: kept, tooDeep, overSize }
}

const TOO_DEEP = -1
const TOO_BIG = -2
/** What each value and key costs besides its text: keeps a million empty objects from being free. */
const NODE_COST = 4

/** The size of a value, or TOO_DEEP / TOO_BIG as soon as it is known to be over a limit. */
function measure(value: unknown, budget: number): number {
  if (budget < 0) return TOO_BIG
  const values: unknown[] = [value]
  const depths: number[] = [1]
  let size = 0
  while (values.length > 0) {
    const v = values.pop()
    const depth = depths.pop() as number
    size += NODE_COST
    if (typeof v === 'string') size += v.length
    else if (typeof v === 'object' && v !== null) {
      if (depth > VALUE_LIMITS.metadataDepth) return TOO_DEEP
      if (Array.isArray(v)) {
        for (const item of v) {
          values.push(item)
          depths.push(depth + 1)
        }
      } else {
        for (const k of Object.keys(v)) {
          size += k.length
          values.push((v as Record<string, unknown>)[k])
          depths.push(depth + 1)
        }
      }
    }
    if (size > budget) return TOO_BIG
  }
  return size
}

/** One value a limit changed or refused in a canonical record. */
export interface LimitFinding {
  /** Field path, e.g. `givenName`, `roles.0.orgSourcedId`, `metadata.extra`. */
  path: string
  /** What happened: the value was cut, the metadata entry dropped, or the record must be left out. */
  action: 'truncated' | 'dropped' | 'skip-record'
  /** For people. */
  message: string
}

/**
 * Applies the limits to a canonical record in place, for providers that map wire records into the
 * canonical model without a field-by-field reader (Clever): strings are cut or refused by their
 * field's kind, lists by length, nested entries (roles, userIds) field by field, metadata bounded.
 * @param record - a canonical record, changed in place
 * @returns what the limits did; a `skip-record` finding means the record must be left out
 */
export function limitCanonicalRecord(record: Record<string, unknown>): LimitFinding[] {
  const findings: LimitFinding[] = []
  const checkString = (
    holder: Record<string, unknown> | unknown[],
    key: string | number,
    name: string,
    path: string,
  ) => {
    const value = (holder as Record<string, unknown>)[key as string] as string
    const check = checkLength(limitKindOf(name), value)
    if (check.action === 'keep') return
    if (check.action === 'truncate') {
      ;(holder as Record<string, unknown>)[key as string] = check.value
      findings.push({
        path,
        action: 'truncated',
        message: `${value.length} characters, cut to the limit of ${check.limit}`,
      })
    } else {
      findings.push({
        path,
        action: 'skip-record',
        message: `${value.length} characters, over the limit of ${check.limit}`,
      })
    }
  }
  for (const key of Object.keys(record)) {
    const value = record[key]
    if (key === 'provenance') continue
    if (typeof value === 'string') checkString(record, key, key, key)
    else if (key === 'metadata' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const bounded = boundMetadata(value as Record<string, unknown>)
      for (const k of [...bounded.tooDeep, ...bounded.overSize]) {
        findings.push({
          path: `metadata.${k}`,
          action: 'dropped',
          message: 'over the metadata depth or size limit; dropped',
        })
      }
      record.metadata = bounded.metadata
    } else if (Array.isArray(value)) {
      if (value.length > VALUE_LIMITS.listItems) {
        findings.push({
          path: key,
          action: 'skip-record',
          message: `${value.length} items, over the limit of ${VALUE_LIMITS.listItems}`,
        })
        continue
      }
      for (let i = 0; i < value.length; i++) {
        const item = value[i]
        if (typeof item === 'string')
          checkString(value, i, key === 'grades' || key.endsWith('SourcedIds') ? key : 'item', `${key}.${i}`)
        else if (typeof item === 'object' && item !== null) {
          const entry = item as Record<string, unknown>
          for (const k of Object.keys(entry)) {
            if (typeof entry[k] === 'string') checkString(entry, k, k, `${key}.${i}.${k}`)
          }
        }
      }
    }
  }
  return findings
}
