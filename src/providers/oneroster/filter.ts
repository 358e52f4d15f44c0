/**
 * A typed builder for OneRoster filter expressions (`filter=role='student' AND status='active'`).
 *
 * @example
 * ```ts
 * import { and, where } from 'rosterkit/oneroster'
 * client.users.list({ filter: and(where('role').eq('student'), where('dateLastModified').ge(since)) })
 * ```
 * @see https://www.imsglobal.org/oneroster-v11-final-specification (REST binding §3.4.2, filter grammar)
 * @module
 */
import { ConfigurationError } from '../../errors.js'

/** Comparison operators of the filter grammar (`~` is "contains"). */
export type FilterOperator = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~'

/** A value a predicate compares with. Dates are written in the vendor's date format. */
export type FilterValue = string | number | boolean | Date

/** How dates are written in filters. `iso` = `2024-08-01T12:00:00.000Z`; `iso-seconds` drops milliseconds; `date` = `2024-08-01`. */
export type FilterDateFormat = 'iso' | 'iso-seconds' | 'date'

/** Options for rendering a filter as the query string value. */
export interface FilterRenderOptions {
  /**
   * How dates are written.
   * @default 'iso'
   */
  dateFormat?: FilterDateFormat | undefined
  /**
   * Field names to write differently, e.g. `{ role: 'roles.role' }` for OneRoster 1.2 users. The
   * client fills it from the version and the collection (see `filterFieldNames`).
   * @default no renames
   */
  fieldNames?: Readonly<Record<string, string>> | undefined
}

/** One `field operator 'value'` predicate. */
export interface FilterPredicate {
  /** The field name, possibly a dot path (`class.sourcedId`) where the provider supports it. */
  field: string
  /** The operator. */
  operator: FilterOperator
  /** The value. */
  value: FilterValue
}

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/

/**
 * Writes a date the way a filter needs it.
 * @param date - the instant
 * @param format - `iso`, `iso-seconds` or `date`
 */
export function formatFilterDate(date: Date, format: FilterDateFormat = 'iso'): string {
  const iso = date.toISOString()
  if (format === 'date') return iso.slice(0, 10)
  if (format === 'iso-seconds') return `${iso.slice(0, 19)}Z`
  return iso
}

function renderValue(value: FilterValue, options: FilterRenderOptions): string {
  const text = value instanceof Date ? formatFilterDate(value, options.dateFormat) : String(value)
  // The grammar wraps every value in single quotes and defines no escape; doubling a quote inside
  // a value is what SQL-backed providers accept (a guess, not in the spec).
  return `'${text.replaceAll("'", "''")}'`
}

/** A filter expression: one predicate or several joined by one logical operator. */
export class Filter {
  /** The predicates, in order. */
  readonly predicates: readonly FilterPredicate[]
  /** How the predicates are joined; the grammar forbids mixing AND and OR. */
  readonly logical: 'AND' | 'OR'

  /**
   * @param predicates - at least one predicate
   * @param logical - how they are joined
   */
  constructor(predicates: readonly FilterPredicate[], logical: 'AND' | 'OR' = 'AND') {
    if (predicates.length === 0) throw new ConfigurationError('A filter needs at least one predicate')
    this.predicates = predicates
    this.logical = logical
  }

  /**
   * Joins this filter with others by AND.
   * @param others - more filters
   * @throws {ConfigurationError} when it would mix AND and OR
   */
  and(...others: Filter[]): Filter {
    return and(this, ...others)
  }

  /**
   * Joins this filter with others by OR.
   * @param others - more filters
   * @throws {ConfigurationError} when it would mix AND and OR
   */
  or(...others: Filter[]): Filter {
    return or(this, ...others)
  }

  /**
   * The expression as the `filter` query value (not yet percent-encoded).
   * @param options - date format
   */
  toString(options: FilterRenderOptions = {}): string {
    return this.predicates
      .map((p) => `${options.fieldNames?.[p.field] ?? p.field}${p.operator}${renderValue(p.value, options)}`)
      .join(` ${this.logical} `)
  }
}

function join(logical: 'AND' | 'OR', filters: readonly Filter[]): Filter {
  const predicates: FilterPredicate[] = []
  for (const f of filters) {
    if (f.predicates.length > 1 && f.logical !== logical) {
      throw new ConfigurationError(`OneRoster filters cannot mix AND and OR (${f.toString()})`)
    }
    predicates.push(...f.predicates)
  }
  return new Filter(predicates, logical)
}

/**
 * Joins filters by AND. OneRoster 1.1 providers accept at most two predicates.
 * @param filters - the filters to join
 * @throws {ConfigurationError} when a filter already joins by OR
 */
export function and(...filters: Filter[]): Filter {
  return join('AND', filters)
}

/**
 * Joins filters by OR.
 * @param filters - the filters to join
 * @throws {ConfigurationError} when a filter already joins by AND
 */
export function or(...filters: Filter[]): Filter {
  return join('OR', filters)
}

/** Builds predicates on one field. */
export interface FieldFilterBuilder {
  /** `field='value'` */
  eq(value: FilterValue): Filter
  /** `field!='value'` */
  ne(value: FilterValue): Filter
  /** `field>'value'` */
  gt(value: FilterValue): Filter
  /** `field>='value'` */
  ge(value: FilterValue): Filter
  /** `field<'value'` */
  lt(value: FilterValue): Filter
  /** `field<='value'` */
  le(value: FilterValue): Filter
  /** `field~'value'` (contains) */
  contains(value: FilterValue): Filter
}

/**
 * Starts a predicate on a field.
 * @param field - a field name such as `role`, `status`, `dateLastModified`, or a dot path
 * @throws {ConfigurationError} when the name is not a field name
 */
export function where(field: string): FieldFilterBuilder {
  if (!FIELD.test(field)) throw new ConfigurationError(`"${field}" is not a OneRoster field name`)
  const make = (operator: FilterOperator) => (value: FilterValue) => new Filter([{ field, operator, value }])
  return {
    eq: make('='),
    ne: make('!='),
    gt: make('>'),
    ge: make('>='),
    lt: make('<'),
    le: make('<='),
    contains: make('~'),
  }
}
