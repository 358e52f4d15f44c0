import { CEDS_GRADES, EXTENSION_VALUE_PATTERN, type Status } from '../../model/index.js'

/**
 * The one table of how OneRoster values are spelled in the wild and what each spelling means:
 * status, booleans, grades, dates, date-times and controlled vocabularies (roles, types, sex). The
 * REST wire reader and the CSV reader both read values through it, so the same data reads into the
 * same canonical roster whichever way it travelled. Each reader reports a departure under its own
 * issue code; the `how` of a reading says which departure it was.
 *
 * docs/normalisation.md lists the table for people.
 *
 * @module
 */

/** Which departure from the spec's spelling a value was read through. */
export type NormalisedHow =
  /** A vocabulary value in other letter case, e.g. `Active`, `STUDENT`, `Homeroom`. */
  | 'casing'
  /** OneRoster 1.0's `inactive` (or the common `deleted`) for `tobedeleted`. */
  | 'legacy-status'
  /** A boolean written another way: `TRUE`, `yes`, `1`, `f`, or a JSON boolean or number. */
  | 'boolean-form'
  /** A one-digit grade (`9`) read as its CEDS code (`09`). */
  | 'grade-padded'
  /** A date given as a date-time: the date part is kept. */
  | 'date-has-time'
  /** A date written year first with slashes or dots (`2024/08/20`). */
  | 'date-format'
  /** A date-time without a zone: read as UTC. */
  | 'datetime-no-zone'
  /** A bare date where a date-time is due: read as midnight UTC. */
  | 'datetime-bare-date'

/** A value read through the table: what it means, and how it departed from the spec, if it did. */
export interface Reading<T> {
  /** The canonical value. */
  value: T
  /** The departure, absent when the value was already in the spec's form. */
  how?: NormalisedHow | undefined
}

const exact = <T>(value: T): Reading<T> => ({ value })
const departed = <T>(value: T, how: NormalisedHow): Reading<T> => ({ value, how })

/**
 * Reads a record status. `active` and `tobedeleted` in any letter case; `inactive` and `deleted`
 * (OneRoster 1.0 and common exports) mean `tobedeleted`.
 * @param raw - the status as sent, trimmed or not
 * @returns the status, or undefined when the value is no status at all
 */
export function readStatus(raw: string): Reading<Status> | undefined {
  // The shared readings hold the literals, not the caller's string: a million records then share
  // one 'active' instead of each keeping a slice of its CSV row or JSON page alive.
  if (raw === 'active') return ACTIVE
  if (raw === 'tobedeleted') return TO_BE_DELETED
  const lower = raw.trim().toLowerCase()
  if (lower === 'active' || lower === 'tobedeleted') return departed(lower, 'casing')
  if (lower === 'inactive' || lower === 'deleted') return departed('tobedeleted', 'legacy-status')
  return undefined
}

const ACTIVE: Reading<Status> = Object.freeze({ value: 'active' })
const TO_BE_DELETED: Reading<Status> = Object.freeze({ value: 'tobedeleted' })

const TRUE_FORMS: ReadonlySet<string> = new Set(['true', 'yes', 'y', '1', 't'])
const FALSE_FORMS: ReadonlySet<string> = new Set(['false', 'no', 'n', '0', 'f'])

/**
 * Reads a boolean. The spec's `true`/`false` strings are exact; JSON booleans are exact too unless
 * `jsonBooleanIsDeparture` (OneRoster 1.2 REST spells booleans as strings). Other letter case,
 * `yes`/`no`, `y`/`n`, `t`/`f`, `1`/`0` (as text or numbers) are read with `boolean-form`.
 * @param raw - the value as sent
 * @param jsonBooleanIsDeparture - whether a JSON `true`/`false` departs from the spec
 * @returns the boolean, or undefined when the value is not a boolean in any known form
 */
export function readBoolean(raw: unknown, jsonBooleanIsDeparture = false): Reading<boolean> | undefined {
  if (typeof raw === 'boolean') return jsonBooleanIsDeparture ? departed(raw, 'boolean-form') : exact(raw)
  if (raw === 0 || raw === 1) return departed(raw === 1, 'boolean-form')
  if (typeof raw !== 'string') return undefined
  if (raw === 'true') return exact(true)
  if (raw === 'false') return exact(false)
  const lower = raw.trim().toLowerCase()
  if (TRUE_FORMS.has(lower)) return departed(true, 'boolean-form')
  if (FALSE_FORMS.has(lower)) return departed(false, 'boolean-form')
  return undefined
}

const CEDS_BY_LOWER: ReadonlyMap<string, string> = new Map(CEDS_GRADES.map((g) => [g.toLowerCase(), g]))
const CEDS_SET: ReadonlySet<string> = new Set(CEDS_GRADES)

/**
 * Reads one grade. CEDS codes are exact; a CEDS code in other letter case (`kg`) gets its spelling
 * (`casing`); a one-digit grade `1`–`9` becomes `01`–`09` (`grade-padded`). Anything else is
 * returned as sent, without a `how`: whether it is acceptable is the validator's call.
 * @param raw - one grade, trimmed
 */
export function readGrade(raw: string): Reading<string> {
  if (CEDS_SET.has(raw)) return exact(raw)
  if (raw.length === 1 && raw >= '1' && raw <= '9') return departed(`0${raw}`, 'grade-padded')
  const known = CEDS_BY_LOWER.get(raw.toLowerCase())
  if (known !== undefined) return departed(known, 'casing')
  return exact(raw)
}

/** True when a grade is outside the CEDS vocabulary after {@link readGrade}. */
export function isNonCedsGrade(grade: string): boolean {
  return !CEDS_SET.has(grade)
}

/** How a value stands to a controlled vocabulary. */
export type VocabularyReading =
  | { kind: 'known'; value: string; how?: 'casing' | undefined }
  /** A value of the vocabulary of the other OneRoster version (e.g. `districtAdministrator` in 1.1). */
  | { kind: 'other-version'; value: string; how?: 'casing' | undefined }
  /** A OneRoster 1.2 extension value, `ext:…`. */
  | { kind: 'extension'; value: string }
  /** Not in the vocabulary in any letter case. */
  | { kind: 'unknown'; value: string }

const lowerMaps = new WeakMap<readonly string[], ReadonlyMap<string, string>>()
function lowerMap(values: readonly string[]): ReadonlyMap<string, string> {
  let m = lowerMaps.get(values)
  if (m === undefined) {
    m = new Map(values.map((v) => [v.toLowerCase(), v]))
    lowerMaps.set(values, m)
  }
  return m
}

/**
 * Reads a value of a controlled vocabulary (a role, an org or session type, a class type, a sex):
 * the vocabulary's own spelling, the same in other letter case, a value of the other version's
 * vocabulary, an extension value, or unknown. What to do with the last three is each version's
 * rule, applied by the reader.
 * @param raw - the value as sent
 * @param values - the vocabulary of the version read
 * @param otherVersion - values the other OneRoster version allows in the same field
 */
export function readVocabulary(
  raw: string,
  values: readonly string[],
  otherVersion: readonly string[] = [],
): VocabularyReading {
  if (values.includes(raw)) return { kind: 'known', value: raw }
  if (otherVersion.includes(raw)) return { kind: 'other-version', value: raw }
  if (EXTENSION_VALUE_PATTERN.test(raw)) return { kind: 'extension', value: raw }
  const lower = raw.trim().toLowerCase()
  const known = lowerMap(values).get(lower)
  if (known !== undefined) return { kind: 'known', value: known, how: 'casing' }
  const other = lowerMap(otherVersion).get(lower)
  if (other !== undefined) return { kind: 'other-version', value: other, how: 'casing' }
  return { kind: 'unknown', value: raw }
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/
const DATE_TIME_NO_ZONE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(:\d{2}(\.\d+)?)?)$/
const YEAR_FIRST = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/

/** True when year-month-day is a real calendar day. */
function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  if (month === 2) return day <= ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28)
  return day <= (month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31)
}

function isoDay(raw: string): boolean {
  const m = ISO_DATE.exec(raw)
  return m !== null && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))
}

/**
 * Reads a calendar date (`startDate`, `birthDate`, …): `YYYY-MM-DD` on a real day is exact; a
 * date-time keeps its date (`date-has-time`); `YYYY/MM/DD` or `YYYY.MM.DD` is rewritten
 * (`date-format`). Day-first or month-first forms (`1/9/2024`) are not in the table: only a whole
 * CSV file can settle their order, so the CSV reader resolves them itself.
 * @param raw - the value, trimmed
 * @returns the date, or undefined when it is none of these forms
 */
export function readDate(raw: string): Reading<string> | undefined {
  if (isoDay(raw)) return exact(raw)
  if (ISO_DATE_TIME.test(raw) || DATE_TIME_NO_ZONE.test(raw)) {
    const day = raw.slice(0, 10)
    return isoDay(day) ? departed(day, 'date-has-time') : undefined
  }
  const ymd = YEAR_FIRST.exec(raw)
  if (ymd !== null) {
    const [y, m, d] = [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])]
    if (!isCalendarDate(y, m, d)) return undefined
    return departed(`${ymd[1]}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`, 'date-format')
  }
  return undefined
}

/**
 * Reads a date-time (`dateLastModified`): ISO 8601 with a zone on a real day is exact; without a
 * zone it is read as UTC (`datetime-no-zone`); a bare date is midnight UTC (`datetime-bare-date`).
 * @param raw - the value, trimmed
 * @returns the date-time, or undefined when it is none of these forms
 */
export function readDateTime(raw: string): Reading<string> | undefined {
  if (ISO_DATE_TIME.test(raw)) return isoDay(raw.slice(0, 10)) ? exact(raw) : undefined
  const noZone = DATE_TIME_NO_ZONE.exec(raw)
  if (noZone !== null)
    return isoDay(noZone[1] as string) ? departed(`${noZone[1]}T${noZone[2]}Z`, 'datetime-no-zone') : undefined
  const day = readDate(raw)
  if (day !== undefined && day.how !== 'date-has-time')
    return departed(`${day.value}T00:00:00.000Z`, 'datetime-bare-date')
  return undefined
}
