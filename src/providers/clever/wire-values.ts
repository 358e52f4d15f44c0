/**
 * Small readers of Clever wire values: empty strings as absent, `M/D/YYYY` birth dates,
 * timestamps, and the leftovers of a record that go into `metadata`.
 *
 * @module
 */

/**
 * The value when it carries information; `undefined` for `null`, absent, empty or blank strings,
 * because Clever sends `""` for "not set".
 * @param value - a wire string
 */
export function present(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined
  return value.trim() === '' ? undefined : value
}

/**
 * Converts Clever's `M/D/YYYY` (one- or two-digit month and day) birth date to `YYYY-MM-DD`.
 * Dates already in ISO form pass through; anything else, or an impossible date, is absent.
 * @param dob - a birth date as Clever sends it
 */
export function cleverDateToIsoDate(dob: string | null | undefined): string | undefined {
  const value = present(dob)?.trim()
  if (value === undefined) return undefined
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value)
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(value)
  let y: number
  let m: number
  let d: number
  if (us) {
    m = Number(us[1])
    d = Number(us[2])
    y = Number(us[3])
  } else if (iso) {
    y = Number(iso[1])
    m = Number(iso[2])
    d = Number(iso[3])
  } else {
    return undefined
  }
  const date = new Date(Date.UTC(y, m - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/**
 * Converts an ISO date back to Clever's `M/D/YYYY`, the inverse of {@link cleverDateToIsoDate}.
 * @param isoDate - a date as `YYYY-MM-DD`
 */
export function isoDateToCleverDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-')
  return `${Number(m)}/${Number(d)}/${y}`
}

/**
 * A timestamp in the canonical ISO 8601 form with a zone, or absent when Clever's value cannot be
 * read as one (Clever labels some dates `datetime` and sends bare dates).
 * @param value - a wire timestamp
 */
export function toDateTime(value: string | null | undefined): string | undefined {
  const text = present(value)
  if (text === undefined) return undefined
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) return text
  const ms = Date.parse(text)
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString()
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true
  if (typeof value === 'string') return value.trim() === ''
  if (Array.isArray(value)) return value.length === 0
  if (typeof value === 'object') return Object.values(value as Record<string, unknown>).every(isEmpty)
  return false
}

/**
 * The fields of a wire record that a mapper did not use and that carry information, for
 * `metadata`. Empty strings, empty arrays and objects whose every field is empty are left out.
 * @param record - a wire record
 * @param used - the field names the mapper consumed
 */
export function leftovers(record: object, used: readonly string[]): Record<string, unknown> | undefined {
  const skip = new Set(used)
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(record)) {
    if (skip.has(key) || isEmpty(value)) continue
    out[key] = value
  }
  return Object.keys(out).length === 0 ? undefined : out
}
