/**
 * The tolerant reader of OneRoster wire records: one hand-written pass over each record that
 * normalises what real providers send (booleans as strings or numbers, nulls, relative hrefs,
 * bare references, role casing, unknown fields) and reports every departure from the spec as a
 * warning instead of failing the pull.
 *
 * @module
 */
import {
  readBoolean,
  readDate,
  readDateTime,
  readGrade,
  readStatus,
  readVocabulary,
} from '../../shared/oneroster-values.js'
import { boundMetadata, checkLength, limitKindOf, VALUE_LIMITS } from '../../shared/value-limits.js'
import type { FieldSpec, OneRosterVersion, RecordSpec } from './field-spec.js'
import type { WarningSink, WireWarningCode } from './wire-warning.js'

/** What the reader needs besides the record. */
export interface ReadContext {
  /** OneRoster version the record was sent as; decides which boolean form is the spec's. */
  version: OneRosterVersion
  /** Receives every departure from the spec. */
  warn: WarningSink
  /** Base URL for resolving relative hrefs. */
  baseUrl?: string | undefined
}

/** A field table prepared for the hot path: enum values as sets, nested tables compiled once. */
interface CompiledSpec {
  spec: RecordSpec
  fields: ReadonlyMap<string, FieldSpec>
  required: readonly string[]
  enums: ReadonlyMap<string, ReadonlySet<string>>
  items: ReadonlyMap<string, CompiledSpec>
}

const compiled = new WeakMap<RecordSpec, CompiledSpec>()

/** The table compiled last: a listing reads one kind thousands of times in a row. */
let lastCompiled: CompiledSpec | undefined

function compile(spec: RecordSpec): CompiledSpec {
  if (lastCompiled?.spec === spec) return lastCompiled
  let c = compiled.get(spec)
  if (c === undefined) {
    const fields = new Map(Object.entries(spec))
    const required = [...fields].filter(([, f]) => f.required === true).map(([k]) => k)
    const enums = new Map<string, ReadonlySet<string>>()
    const items = new Map<string, CompiledSpec>()
    for (const [key, field] of fields) {
      if (field.kind === 'enum') enums.set(key, new Set(field.values))
      else if (field.kind === 'list') items.set(key, compile(field.item))
    }
    c = { spec, fields, required, enums, items }
    compiled.set(spec, c)
  }
  lastCompiled = c
  return c
}

const DATE = /^\d{4}-\d{2}-\d{2}$/
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/
const YEAR = /^\d{4}$/
/** Strings up to this length are within every kind's limit, so the fast path need not look closer. */
const SHORTEST_LIMIT = Math.min(VALUE_LIMITS.id, VALUE_LIMITS.key, VALUE_LIMITS.name, VALUE_LIMITS.text)
const ABSOLUTE_URL = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//
// An href names a record of the service, so only http and https are meaningful (`hhttp://…` is a typo).
const WEB_URL = /^https?:\/\//i

type Rec = Record<string, unknown>

function isPlainObject(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Whether a value already has the form the spec gives its field, so reading would return it as is.
 * Covers the kinds every record carries (strings, enums, date-times, dates, references); any other
 * value takes the full read, which also reports departures.
 */
function inSpecForm(field: FieldSpec, value: unknown, compiledSpec: CompiledSpec, key: string): boolean {
  switch (field.kind) {
    case 'string':
      // An essential string must not be empty, and a long one must be checked against its limit:
      // both take the full read, which reports them.
      return typeof value === 'string' && (value !== '' || field.essential !== true) && value.length <= SHORTEST_LIMIT
    case 'status':
      return value === 'active' || value === 'tobedeleted'
    case 'year':
      return typeof value === 'string' && YEAR.test(value)
    case 'enum':
      return typeof value === 'string' && compiledSpec.enums.get(key)?.has(value) === true
    case 'datetime':
      return typeof value === 'string' && DATE_TIME.test(value)
    case 'date':
      return typeof value === 'string' && DATE.test(value)
    case 'ref': {
      if (!isPlainObject(value)) return false
      const { sourcedId, href } = value
      return (
        typeof sourcedId === 'string' &&
        sourcedId !== '' &&
        sourcedId.length <= VALUE_LIMITS.id &&
        (href === undefined || (typeof href === 'string' && WEB_URL.test(href)))
      )
    }
    default:
      return false
  }
}

class Reader {
  /** Why the record cannot become a canonical record, once that is known; the first reason wins. */
  skipReason: string | undefined
  /** Field path of {@link skipReason}. */
  skipPath = ''

  constructor(
    readonly ctx: ReadContext,
    readonly sourcedId: string | undefined,
  ) {}

  warn(code: WireWarningCode, path: string, message: string): void {
    this.ctx.warn(
      this.sourcedId === undefined ? { code, path, message } : { code, path, sourcedId: this.sourcedId, message },
    )
  }

  /**
   * A value of a type no reading can turn into the field's: the record is malformed and is left
   * out rather than kept without the value, which would blank the field in host data.
   */
  malformed(path: string, message: string): undefined {
    this.warn('wrong-type', path, `${message}; the record is left out`)
    this.leaveOut(path, message)
    return undefined
  }

  leaveOut(path: string, reason: string): void {
    if (this.skipReason !== undefined) return
    this.skipReason = reason
    this.skipPath = path
  }

  record(rec: Rec, compiledSpec: CompiledSpec, prefix: string): void {
    const { spec, fields, required } = compiledSpec
    // Required fields read without trouble; when all are, the record needs no second pass.
    let present = 0
    for (const key in rec) {
      const field = fields.get(key)
      const value = rec[key]
      if (field === undefined) {
        this.unknownField(rec, key, value, prefix)
        continue
      }
      if (value === null || value === undefined) {
        if (value === null) this.warn('null-value', prefix + key, `${key} is null; read as absent`)
        delete rec[key]
        continue
      }
      // Values already in the spec's form are the common case; only a departure builds a path.
      if (inSpecForm(field, value, compiledSpec, key)) {
        if (field.required === true) present++
        continue
      }
      const read = this.field(value, field, prefix + key, compiledSpec.items.get(key))
      if (read === undefined) delete rec[key]
      else {
        if (read !== value) rec[key] = read
        if (field.required === true) present++
      }
    }
    if (prefix === '' && isPlainObject(rec.metadata)) this.boundMetadata(rec)
    if (present === required.length) return
    for (const key of required) {
      if (rec[key] === undefined) {
        const field = spec[key] as FieldSpec
        if (field.essential === true) {
          this.warn(
            'missing-required',
            prefix + key,
            `required field ${key} is missing or unreadable; the record is left out`,
          )
          this.leaveOut(prefix + key, `required field ${prefix + key} is missing or unreadable`)
          continue
        }
        this.warn('missing-required', prefix + key, `required field ${key} is missing`)
        const fallback = this.fallback(field)
        if (fallback !== undefined) rec[key] = fallback
      }
    }
  }

  /** Drops metadata entries nested too deep or past the size budget, with a warning each. */
  boundMetadata(rec: Rec): void {
    const bounded = boundMetadata(rec.metadata as Rec)
    if (bounded.metadata === rec.metadata) return
    for (const key of bounded.tooDeep) {
      this.warn(
        'metadata-bounded',
        `metadata.${key}`,
        `nested deeper than ${VALUE_LIMITS.metadataDepth} levels; dropped`,
      )
    }
    for (const key of bounded.overSize) {
      this.warn('metadata-bounded', `metadata.${key}`, `metadata over ${VALUE_LIMITS.metadataSize} characters; dropped`)
    }
    rec.metadata = bounded.metadata
  }

  /** A string checked against its field's limit: kept, cut (names, text) or the record left out (ids, keys). */
  limited(value: string, path: string): string | undefined {
    const name = path.slice(path.lastIndexOf('.') + 1)
    const check = checkLength(limitKindOf(name), value)
    if (check.action === 'keep') return value
    if (check.action === 'truncate') {
      this.warn('value-too-long', path, `${value.length} characters, over the limit of ${check.limit}; cut to it`)
      return check.value
    }
    this.warn(
      'value-too-long',
      path,
      `${value.length} characters, over the limit of ${check.limit}; the record is left out`,
    )
    this.leaveOut(path, `${path} is over the length limit of ${check.limit}`)
    return undefined
  }

  unknownField(rec: Rec, key: string, value: unknown, prefix: string): void {
    if (prefix === '') {
      // Vendors add extension fields beside the spec's; keep them in metadata rather than drop them.
      this.warn('unknown-field', key, `unknown field ${key} kept in metadata`)
      let metadata = rec.metadata
      if (!isPlainObject(metadata)) {
        metadata = {}
        rec.metadata = metadata
      }
      if (!(key in (metadata as Rec))) (metadata as Rec)[key] = value
    } else {
      this.warn('unknown-field', prefix + key, `unknown field ${prefix + key} dropped`)
    }
    delete rec[key]
  }

  fallback(field: FieldSpec): unknown {
    switch (field.kind) {
      case 'string':
        return ''
      case 'bool':
        return true
      case 'refs':
      case 'list':
      case 'strings':
      case 'grades':
        return []
      case 'ref':
        return { sourcedId: '' }
      case 'datetime':
      case 'date':
      case 'enum':
      case 'status':
      case 'year':
      case 'object':
      case 'raw':
        return undefined
    }
  }

  field(value: unknown, field: FieldSpec, path: string, item: CompiledSpec | undefined): unknown {
    switch (field.kind) {
      case 'string':
        // An empty essential string is as good as missing; the required-field check reports it.
        if (typeof value === 'string')
          return value === '' && field.essential === true ? undefined : this.limited(value, path)
        if (typeof value === 'number' || typeof value === 'boolean') {
          this.warn('wrong-type', path, `expected a string, got ${typeof value}; converted`)
          return String(value)
        }
        return this.malformed(path, `expected a string, got ${describe(value)}`)
      case 'status':
        return this.status(value, path)
      case 'year':
        return this.year(value, path)
      case 'bool':
        return this.bool(value, path)
      case 'date':
        return this.date(value, path)
      case 'datetime':
        return this.dateTime(value, path)
      case 'enum':
        return this.enumValue(value, field.values, field.extensible, path, field.otherVersion)
      case 'ref':
        return this.ref(value, path)
      case 'refs':
        return this.refs(value, path, field.minOne === true)
      case 'strings':
        return this.strings(value, path, field.commaList === true)
      case 'grades':
        return this.grades(value, path)
      case 'object':
        if (isPlainObject(value)) return value
        return this.malformed(path, `expected an object, got ${describe(value)}`)
      case 'list':
        return this.list(value, item ?? compile(field.item), path, field.minOne === true)
      case 'raw':
        return value
    }
  }

  bool(value: unknown, path: string): boolean | undefined {
    const read = readBoolean(value, this.ctx.version === '1.2')
    if (read === undefined) return this.malformed(path, `expected a boolean, got ${describe(value)}`)
    if (read.how !== undefined) {
      if (typeof value === 'boolean')
        this.warn('boolean-as-json', path, 'boolean sent as JSON true/false, not a string')
      else if (typeof value === 'number') this.warn('boolean-as-number', path, `boolean sent as the number ${value}`)
      else this.warn('boolean-as-string', path, `boolean written as "${String(value)}"; read as ${read.value}`)
    }
    return read.value
  }

  status(value: unknown, path: string): string | undefined {
    if (typeof value !== 'string') return this.malformed(path, `expected a status, got ${describe(value)}`)
    const read = readStatus(value)
    if (read === undefined) {
      // Both readers read a status they do not know as active, so the record stays and shows.
      this.warn('unknown-enum', path, `status "${value}" is not active or tobedeleted; read as active`)
      return 'active'
    }
    if (read.how === 'legacy-status') this.warn('legacy-status', path, `status "${value}" read as "tobedeleted"`)
    else if (read.how === 'casing') this.warn('enum-casing', path, `"${value}" read as "${read.value}"`)
    return read.value
  }

  year(value: unknown, path: string): string | undefined {
    const text = typeof value === 'number' ? String(value) : value
    if (typeof text !== 'string') return this.malformed(path, `expected a four-digit year, got ${describe(value)}`)
    if (YEAR.test(text.trim())) {
      if (text !== value) this.warn('wrong-type', path, 'year sent as a number; converted')
      return text.trim()
    }
    this.warn('date-format', path, `expected a four-digit year, got ${describe(value)}; dropped`)
    return undefined
  }

  date(value: unknown, path: string): string | undefined {
    if (typeof value !== 'string') return this.malformed(path, `expected a date, got ${describe(value)}`)
    const read = readDate(value.trim())
    if (read === undefined) {
      this.warn('date-format', path, `expected YYYY-MM-DD, got ${describe(value)}; dropped`)
      return undefined
    }
    if (read.how !== undefined)
      this.warn('date-format', path, `expected YYYY-MM-DD, got ${describe(value)}; read as ${read.value}`)
    return read.value
  }

  dateTime(value: unknown, path: string): string | undefined {
    if (typeof value !== 'string') return this.malformed(path, `expected a date-time, got ${describe(value)}`)
    const read = readDateTime(value.trim())
    if (read === undefined) {
      this.warn('date-format', path, `expected an ISO 8601 date-time, got ${describe(value)}; dropped`)
      return undefined
    }
    if (read.how === 'datetime-bare-date')
      this.warn('date-format', path, 'expected a date-time, got a bare date; read as midnight UTC')
    else if (read.how !== undefined) this.warn('date-format', path, 'date-time without a zone; read as UTC')
    return read.value
  }

  enumValue(
    value: unknown,
    values: readonly string[],
    extensible: boolean,
    path: string,
    otherVersion: readonly string[] | undefined,
  ): string | undefined {
    if (typeof value !== 'string') {
      return this.malformed(path, `expected one of ${values.join(', ')}, got ${describe(value)}`)
    }
    const read = readVocabulary(value, values, otherVersion)
    switch (read.kind) {
      case 'known':
        if (read.how !== undefined) this.warn('enum-casing', path, `"${value}" read as "${read.value}"`)
        return read.value
      case 'other-version':
        this.warn('unknown-enum', path, `"${value}" belongs to the other OneRoster version; read as "${read.value}"`)
        return read.value
      case 'extension':
        if (extensible) return read.value
        break
      default:
        break
    }
    if (value.length > VALUE_LIMITS.id) {
      return this.malformed(path, `a ${value.length}-character value is no value of ${values.join(', ')}`)
    }
    this.warn('unknown-enum', path, `${describe(value)} is not one of ${values.join(', ')}; kept as sent`)
    return value
  }

  grades(value: unknown, path: string): string[] | undefined {
    const list = this.strings(value, path, false)
    if (list === undefined) return undefined
    let out: string[] | undefined
    for (let i = 0; i < list.length; i++) {
      const grade = list[i] as string
      const read = readGrade(grade)
      if (read.how === undefined) continue
      out ??= [...list]
      out[i] = read.value
      this.warn('grade-form', `${path}.${i}`, `grade "${grade}" read as "${read.value}"`)
    }
    return out ?? list
  }

  ref(value: unknown, path: string): Rec | undefined {
    if (typeof value === 'string' && value !== '') {
      this.warn('bare-reference', path, 'reference sent as a bare sourcedId')
      return this.limited(value, `${path}.sourcedId`) === undefined ? undefined : { sourcedId: value }
    }
    if (!isPlainObject(value) || typeof value.sourcedId !== 'string' || value.sourcedId === '') {
      return this.malformed(path, 'reference without a sourcedId')
    }
    if (this.limited(value.sourcedId, `${path}.sourcedId`) === undefined) return undefined
    const href = value.href
    if (typeof href === 'string' && href.length > VALUE_LIMITS.text) {
      this.warn('value-too-long', `${path}.href`, `href over the limit of ${VALUE_LIMITS.text} characters; dropped`)
      delete value.href
      return value
    }
    if (typeof href === 'string' && ABSOLUTE_URL.test(href) && !WEB_URL.test(href)) {
      this.warn('href-scheme', `${path}.href`, 'href is not an http or https URL; dropped')
      delete value.href
      return value
    }
    if (href !== undefined && !(typeof href === 'string' && ABSOLUTE_URL.test(href))) this.href(value, href, path)
    return value
  }

  href(ref: Rec, href: unknown, path: string): void {
    if (typeof href === 'string' && href !== '' && this.ctx.baseUrl !== undefined) {
      try {
        // Relative hrefs name a record under the service, so the base counts as a folder.
        const base = this.ctx.baseUrl.endsWith('/') ? this.ctx.baseUrl : `${this.ctx.baseUrl}/`
        ref.href = new URL(href, base).href
        this.warn('relative-href', `${path}.href`, 'relative href resolved against the base URL')
        return
      } catch {
        // falls through to the broken-href warning
      }
    }
    if (href === null) this.warn('null-value', `${path}.href`, 'href is null; dropped')
    else this.warn('broken-href', `${path}.href`, 'href is not a URL; dropped')
    delete ref.href
  }

  /** A list longer than the limit: the record is left out rather than kept with part of the list. */
  tooManyItems(value: readonly unknown[], path: string): boolean {
    if (value.length <= VALUE_LIMITS.listItems) return false
    this.warn(
      'value-too-long',
      path,
      `${value.length} items, over the limit of ${VALUE_LIMITS.listItems}; the record is left out`,
    )
    this.leaveOut(path, `${path} has more than ${VALUE_LIMITS.listItems} items`)
    return true
  }

  refs(value: unknown, path: string, minOne: boolean): Rec[] | undefined {
    if (Array.isArray(value) && this.tooManyItems(value, path)) return undefined
    if (!Array.isArray(value)) {
      const one = this.ref(value, path)
      if (one === undefined) return undefined
      this.warn('wrong-type', path, 'expected a list of references, got one; read as a list')
      return [one]
    }
    let out: Rec[] | undefined
    for (let i = 0; i < value.length; i++) {
      const item = value[i]
      const read = this.ref(item, `${path}.${i}`)
      if (read !== item || out !== undefined) {
        out ??= value.slice(0, i)
        if (read !== undefined) out.push(read)
      }
    }
    const list = out ?? (value as Rec[])
    if (minOne && list.length === 0) this.warn('empty-list', path, `${path} is empty; the spec requires at least one`)
    return list
  }

  strings(value: unknown, path: string, commaList: boolean): string[] | undefined {
    if (Array.isArray(value)) {
      if (this.tooManyItems(value, path)) return undefined
      for (let i = 0; i < value.length; i++) {
        const item = value[i]
        if (typeof item !== 'string') return this.convertItems(value, path)
        if (item.length > SHORTEST_LIMIT) return this.convertItems(value, path)
      }
      return value as string[]
    }
    if (typeof value === 'string') {
      if (!commaList) this.warn('string-as-list', path, 'expected a list, got a comma-separated string; split')
      if (value === '') return []
      const items = value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')
      return this.tooManyItems(items, path) ? undefined : this.convertItems(items, path)
    }
    return this.malformed(path, `expected a list of strings, got ${describe(value)}`)
  }

  /** A list with items that are not strings: numbers and booleans convert, nulls go, anything else is malformed. */
  convertItems(value: readonly unknown[], path: string): string[] | undefined {
    const out: string[] = []
    // List items are text whatever the list: a grade or a subject longer than that is cut.
    const itemPath = `${path}.item`
    for (let i = 0; i < value.length; i++) {
      const item = value[i]
      if (typeof item === 'string') {
        const kept = this.limited(item, itemPath)
        if (kept === undefined) return undefined
        out.push(kept)
      } else if (typeof item === 'number' || typeof item === 'boolean') {
        this.warn('wrong-type', `${path}.${i}`, 'list item is not a string; converted')
        out.push(String(item))
      } else if (item === null || item === undefined) {
        this.warn('null-value', `${path}.${i}`, 'list item is null; dropped')
      } else return this.malformed(`${path}.${i}`, `list item is ${describe(item)}, not a string`)
    }
    return out
  }

  list(value: unknown, item: CompiledSpec, path: string, minOne: boolean): Rec[] | undefined {
    if (!Array.isArray(value)) return this.malformed(path, `expected a list, got ${describe(value)}`)
    if (this.tooManyItems(value, path)) return undefined
    const out: Rec[] = []
    for (let i = 0; i < value.length; i++) {
      const entry = value[i]
      if (!isPlainObject(entry)) return this.malformed(`${path}.${i}`, `list item is ${describe(entry)}, not an object`)
      this.record(entry, item, `${path}.${i}.`)
      out.push(entry)
    }
    if (minOne && out.length === 0) this.warn('empty-list', path, `${path} is empty; the spec requires at least one`)
    return out
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'an object'
  return typeof value === 'string' ? `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"` : typeof value
}

/**
 * Reads one wire record in place: normalises every tolerated departure and reports it through
 * `ctx.warn`. Returns `undefined` after a `record-skipped` warning when the value is not a record,
 * lacks a field it cannot exist without, or holds a value of a type no reading can use: such a
 * record is left out whole, and whoever reads a collection treats it as incomplete.
 * The record object is modified and returned; pass a freshly parsed JSON value.
 * @param raw - one item of a response envelope
 * @param spec - the field table of the record's kind
 * @param ctx - version, warning sink and base URL
 */
export function readWireRecord(raw: unknown, spec: RecordSpec, ctx: ReadContext): Record<string, unknown> | undefined {
  if (!isPlainObject(raw)) {
    ctx.warn({ code: 'record-skipped', path: '', message: `expected a record, got ${describe(raw)}; left out` })
    return undefined
  }
  const id = raw.sourcedId
  const reader = new Reader(ctx, typeof id === 'string' && id !== '' ? id : undefined)
  reader.record(raw, compile(spec), '')
  if (reader.skipReason === undefined) return raw
  reader.warn('record-skipped', reader.skipPath, `record left out: ${reader.skipReason}`)
  return undefined
}
