/**
 * The loopback server's reading of `filter`, `sort` and `fields`, following the spec's grammar:
 * `field op 'value'` predicates joined by `AND` or `OR` (not both), values in single quotes.
 *
 * @module
 */

/** One parsed predicate. */
export interface ParsedPredicate {
  /** Field or dot path. */
  field: string
  /** Operator. */
  op: '=' | '!=' | '>' | '>=' | '<' | '<=' | '~'
  /** The value, unquoted. */
  value: string
}

/** A parsed filter expression. */
export interface ParsedFilter {
  /** Predicates in order. */
  predicates: ParsedPredicate[]
  /** How they are joined. */
  logical: 'AND' | 'OR'
}

const PREDICATE = /^\s*([A-Za-z_][A-Za-z0-9_.]*)\s*(!=|>=|<=|=|>|<|~)\s*'((?:[^']|'')*)'\s*/

/**
 * Parses a filter expression; `undefined` when it breaks the grammar.
 * @param expression - the decoded `filter` query value
 */
export function parseFilter(expression: string): ParsedFilter | undefined {
  const predicates: ParsedPredicate[] = []
  let logical: 'AND' | 'OR' | undefined
  let rest = expression
  for (;;) {
    const m = PREDICATE.exec(rest)
    if (m === null) return undefined
    predicates.push({
      field: m[1] as string,
      op: m[2] as ParsedPredicate['op'],
      value: (m[3] as string).replaceAll("''", "'"),
    })
    rest = rest.slice(m[0].length)
    if (rest === '') break
    const join = /^(AND|OR)\s+/.exec(rest)
    if (join === null) return undefined
    const word = join[1] as 'AND' | 'OR'
    if (logical !== undefined && logical !== word) return undefined
    logical = word
    rest = rest.slice(join[0].length)
  }
  return { predicates, logical: logical ?? 'AND' }
}

/** Values at a dot path; lists fan out, so `roles.role` yields every role. */
export function valuesAt(record: unknown, path: string): unknown[] {
  let current: unknown[] = [record]
  for (const key of path.split('.')) {
    const next: unknown[] = []
    for (const value of current) {
      const items = Array.isArray(value) ? value : [value]
      for (const item of items) {
        if (typeof item === 'object' && item !== null && key in item) next.push((item as Record<string, unknown>)[key])
      }
    }
    current = next
  }
  return current.flatMap((v) => (Array.isArray(v) ? v : [v]))
}

function compare(actual: unknown, op: ParsedPredicate['op'], expected: string): boolean {
  if (actual === null || actual === undefined || typeof actual === 'object') return false
  const a = String(actual)
  switch (op) {
    case '=':
      return a === expected
    case '!=':
      return a !== expected
    case '>':
      return a > expected
    case '>=':
      return a >= expected
    case '<':
      return a < expected
    case '<=':
      return a <= expected
    case '~':
      return a.toLowerCase().includes(expected.toLowerCase())
  }
}

/**
 * Whether a wire record matches a filter.
 * @param record - a wire record
 * @param filter - the parsed filter
 */
export function matchesFilter(record: unknown, filter: ParsedFilter): boolean {
  const test = (p: ParsedPredicate) => {
    const values = valuesAt(record, p.field)
    return p.op === '!='
      ? values.every((v) => compare(v, p.op, p.value))
      : values.some((v) => compare(v, p.op, p.value))
  }
  return filter.logical === 'AND' ? filter.predicates.every(test) : filter.predicates.some(test)
}

/**
 * Sorts wire records by a field (Unicode code point order, as the spec says).
 * @param records - wire records
 * @param field - sort field or dot path
 * @param descending - `orderBy=desc`
 */
export function sortRecords<T>(records: T[], field: string, descending: boolean): T[] {
  const key = (r: T) => String(valuesAt(r, field)[0] ?? '')
  const sorted = [...records].sort((a, b) => {
    const x = key(a)
    const y = key(b)
    return x < y ? -1 : x > y ? 1 : 0
  })
  return descending ? sorted.reverse() : sorted
}

/**
 * Keeps only the named fields of a wire record.
 * @param record - a wire record
 * @param fields - the fields asked for
 */
export function selectFields(record: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const f of fields) if (f in record) out[f] = record[f]
  return out
}
