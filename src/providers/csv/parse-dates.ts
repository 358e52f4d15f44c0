/**
 * Date and date-time cells: the spec forms, the unambiguous variants real exporters write, and the
 * ambiguous `1/09/2022` form, which is resolved only with evidence from the same file.
 *
 * @module
 */

/** Outcome of reading a date cell. */
export type DateReading =
  | { kind: 'ok'; date: string }
  | { kind: 'normalised'; date: string; how: 'date_format' | 'date_has_time'; order?: 'dmy' | 'mdy' }
  | { kind: 'ambiguous'; first: number; second: number; year: number }
  | { kind: 'invalid' }

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/
const DATETIME_NO_ZONE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(:\d{2}(\.\d+)?)?)$/
const SLASHED = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/
const YEAR_FIRST_SLASHED = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

/** True when year-month-day is a real calendar day. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  if (month === 2) return day <= ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28)
  return day <= (month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31)
}

/** Formats a calendar day as `YYYY-MM-DD`. */
export function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`
}

function digitsAt(raw: string, from: number, to: number): number {
  let n = 0
  for (let i = from; i < to; i++) {
    const c = raw.charCodeAt(i) - 48
    if (c < 0 || c > 9) return -1
    n = n * 10 + c
  }
  return n
}

/** True for a spec `YYYY-MM-DD` that is a real calendar day: the common case, checked without a regex. */
export function isPlainIsoDate(raw: string): boolean {
  if (raw.length !== 10 || raw.charCodeAt(4) !== 45 || raw.charCodeAt(7) !== 45) return false
  const y = digitsAt(raw, 0, 4)
  const m = digitsAt(raw, 5, 7)
  const d = digitsAt(raw, 8, 10)
  return y >= 0 && m >= 0 && d >= 0 && isCalendarDate(y, m, d)
}

/**
 * True for `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DDTHH:MM:SS.sssZ` on a real calendar day: the forms
 * exporters write, which {@link readDateTime} would return unchanged.
 */
export function isPlainIsoDateTime(raw: string): boolean {
  const n = raw.length
  if (n === 24) {
    if (raw.charCodeAt(19) !== 46 || digitsAt(raw, 20, 23) < 0) return false
  } else if (n !== 20) {
    return false
  }
  return (
    raw.charCodeAt(n - 1) === 90 &&
    raw.charCodeAt(10) === 84 &&
    raw.charCodeAt(13) === 58 &&
    raw.charCodeAt(16) === 58 &&
    digitsAt(raw, 11, 13) >= 0 &&
    digitsAt(raw, 14, 16) >= 0 &&
    digitsAt(raw, 17, 19) >= 0 &&
    isPlainIsoDate(raw.slice(0, 10))
  )
}

/**
 * Reads a date cell (`startDate`, `birthDate`…).
 * @param raw - the trimmed, non-empty cell
 */
export function readDate(raw: string): DateReading {
  const iso = ISO_DATE.exec(raw)
  if (iso) {
    return isCalendarDate(Number(iso[1]), Number(iso[2]), Number(iso[3]))
      ? { kind: 'ok', date: raw }
      : { kind: 'invalid' }
  }
  if (ISO_DATETIME.test(raw) || DATETIME_NO_ZONE.test(raw)) {
    const inner = readDate(raw.slice(0, 10))
    return inner.kind === 'ok' ? { kind: 'normalised', date: inner.date, how: 'date_has_time' } : { kind: 'invalid' }
  }
  const ymd = YEAR_FIRST_SLASHED.exec(raw)
  if (ymd) {
    const [y, m, d] = [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])]
    return isCalendarDate(y, m, d)
      ? { kind: 'normalised', date: formatDate(y, m, d), how: 'date_format' }
      : { kind: 'invalid' }
  }
  const s = SLASHED.exec(raw)
  if (!s) return { kind: 'invalid' }
  const [a, b, year] = [Number(s[1]), Number(s[2]), Number(s[3])]
  const dmy = isCalendarDate(year, b, a)
  const mdy = isCalendarDate(year, a, b)
  if (dmy && mdy) {
    if (a === b) return { kind: 'normalised', date: formatDate(year, a, a), how: 'date_format' }
    return { kind: 'ambiguous', first: a, second: b, year }
  }
  if (dmy) return { kind: 'normalised', date: formatDate(year, b, a), how: 'date_format', order: 'dmy' }
  if (mdy) return { kind: 'normalised', date: formatDate(year, a, b), how: 'date_format', order: 'mdy' }
  return { kind: 'invalid' }
}

/** Outcome of reading a date-time cell. */
export type DateTimeReading =
  | { kind: 'ok'; value: string }
  | { kind: 'normalised'; value: string; how: 'datetime_bare_date' | 'datetime_no_zone' | 'date_format' }
  | { kind: 'ambiguous'; first: number; second: number; year: number }
  | { kind: 'invalid' }

/**
 * Reads a date-time cell (`dateLastModified`).
 * @param raw - the trimmed, non-empty cell
 */
export function readDateTime(raw: string): DateTimeReading {
  if (ISO_DATETIME.test(raw)) {
    const d = readDate(raw.slice(0, 10))
    return d.kind === 'ok' ? { kind: 'ok', value: raw } : { kind: 'invalid' }
  }
  const noZone = DATETIME_NO_ZONE.exec(raw)
  if (noZone) {
    const d = readDate(noZone[1]!)
    if (d.kind !== 'ok') return { kind: 'invalid' }
    return { kind: 'normalised', value: `${noZone[1]}T${noZone[2]}Z`, how: 'datetime_no_zone' }
  }
  const d = readDate(raw)
  if (d.kind === 'ok') return { kind: 'normalised', value: `${d.date}T00:00:00.000Z`, how: 'datetime_bare_date' }
  if (d.kind === 'normalised') return { kind: 'normalised', value: `${d.date}T00:00:00.000Z`, how: 'date_format' }
  return d
}

/** Resolves an ambiguous reading with a proven order. */
export function resolveAmbiguous(first: number, second: number, year: number, order: 'dmy' | 'mdy'): string {
  return order === 'dmy' ? formatDate(year, second, first) : formatDate(year, first, second)
}
