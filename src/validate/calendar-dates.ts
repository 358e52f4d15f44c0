/**
 * Checks of calendar dates and ISO date-times written as plain character scans: no regex match
 * arrays, no `Date` objects, since a million records must validate in about a second.
 *
 * @module
 */

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
const ZERO = 48
const DASH = 45
const COLON = 58

function digit(s: string, i: number): number {
  const d = s.charCodeAt(i) - ZERO
  return d >= 0 && d <= 9 ? d : -1
}

function twoDigits(s: string, i: number): number {
  const a = digit(s, i)
  const b = digit(s, i + 1)
  return a < 0 || b < 0 ? -1 : a * 10 + b
}

/** True when `s` starts with an existing `YYYY-MM-DD` day. */
function datePrefix(s: string): boolean {
  if (s.length < 10 || s.charCodeAt(4) !== DASH || s.charCodeAt(7) !== DASH) return false
  const hi = twoDigits(s, 0)
  const lo = twoDigits(s, 2)
  const month = twoDigits(s, 5)
  const day = twoDigits(s, 8)
  if (hi < 0 || lo < 0 || month < 1 || month > 12 || day < 1) return false
  if (month === 2 && day === 29) {
    const year = hi * 100 + lo
    return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  }
  return day <= (DAYS[month - 1] ?? 0)
}

/**
 * True when `value` is a `YYYY-MM-DD` date that exists on the calendar.
 * @param value - a date string from a record
 */
export function isCalendarDate(value: string): boolean {
  return value.length === 10 && datePrefix(value)
}

/**
 * True when `value` is an ISO 8601 date-time with a zone (`Z` or `±hh:mm`/`±hhmm`), seconds and
 * fractions optional, on a day that exists.
 * @param value - a date-time string from a record
 */
export function isIsoDateTime(value: string): boolean {
  if (!datePrefix(value) || value[10] !== 'T') return false
  const hour = twoDigits(value, 11)
  const minute = twoDigits(value, 14)
  if (hour < 0 || hour > 23 || value.charCodeAt(13) !== COLON || minute < 0 || minute > 59) return false
  let i = 16
  if (value.charCodeAt(i) === COLON) {
    const second = twoDigits(value, i + 1)
    if (second < 0 || second > 60) return false
    i += 3
    if (value[i] === '.') {
      i++
      const start = i
      while (digit(value, i) >= 0) i++
      if (i === start) return false
    }
  }
  if (i === value.length - 1 && value[i] === 'Z') return true
  const zone = value.slice(i)
  if (zone[0] !== '+' && zone[0] !== '-') return false
  const h = twoDigits(zone, 1)
  const m = zone.length === 6 && zone[3] === ':' ? twoDigits(zone, 4) : zone.length === 5 ? twoDigits(zone, 3) : -1
  return h >= 0 && h <= 23 && m >= 0 && m <= 59
}
