/**
 * RFC 4180 output: quoting of one field and one row. Writing CSV is this small; reading it is left
 * to csv-parse.
 *
 * @module
 */

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/

/** Quotes a field when it holds a comma, quote, line break or edge space; doubles inner quotes. */
export function formatCsvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

/** Formats one row without its line ending. */
export function formatCsvRow(fields: readonly string[]): string {
  let out = ''
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) out += ','
    out += formatCsvField(fields[i]!)
  }
  return out
}
