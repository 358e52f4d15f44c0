import type { Provenance } from '../../model/index.js'
import {
  isNonCedsGrade,
  type NormalisedHow,
  readBoolean,
  readGrade,
  readDate as readSharedDate,
  readDateTime as readSharedDateTime,
  readStatus,
  readVocabulary,
} from '../shared/oneroster-values.js'
import { boundMetadata, checkLength, limitKindOf, VALUE_LIMITS } from '../shared/value-limits.js'
import {
  COLUMN_MISSPELLINGS,
  COLUMNS_V1P0,
  type ColumnSpec,
  type FileSpec,
  type OneRosterCsvVersion,
} from './file-specs.js'
import type { CsvIssueCode } from './issue-catalog.js'
import type { CsvIssueDetails, IssueCollector } from './issue-collector.js'
import { isPlainIsoDate, isPlainIsoDateTime, readDate, readDateTime, resolveAmbiguous } from './parse-dates.js'

/**
 * Turns the rows of one rostering file into canonical records: maps columns by name, normalises
 * what is unambiguous, and reports every departure from the spec with its file, line and column.
 *
 * @module
 */

/** A canonical record under construction; the bundle reader casts it to its model type. */
export type RawRecord = Record<string, unknown>

/** Options of a {@link FileProcessor}. */
export interface FileProcessorOptions {
  /** File name as it appears in the bundle. */
  file: string
  /** The spec the file is read against. */
  spec: FileSpec
  /** Version the values are checked against. */
  version: OneRosterCsvVersion
  /** Where issues go. */
  issues: IssueCollector
  /** Keep password cells in `metadata.password`. */
  includePasswords: boolean
  /** Provenance shared by every record of the bundle. */
  provenance: Provenance
}

interface MappedColumn {
  index: number
  spec: ColumnSpec
  /** Canonical field, resolved once per file (`-` = kept for {@link FileProcessor.finishRecord}). */
  field: string
}

/** Where a row's issues point; one per processor, rewritten per row and copied into each issue. */
interface RowAt {
  line: number
  sourcedId?: string
}

interface PendingDate {
  record: RawRecord
  field: string
  column: string
  line: number
  first: number
  second: number
  year: number
  raw: string
  essential: boolean
  dateTime: boolean
}

/** A row the reader left out, so a reference to it can say why its target is missing. */
export interface DroppedRow {
  /** 1-based line of the row. */
  line: number
  /** Why it was left out, for people. */
  reason: string
}

/** A short row whose issue waits one row: if it turns out to be the file's cut last row, it is reported as such. */
interface HeldShortRow {
  line: number
  sourcedId?: string
  /** The record, when the row was kept (only optional cells were missing). */
  record?: RawRecord
  /** The issue to report when the file goes on after it. */
  code: 'row_too_short' | 'row_incomplete'
  message: string
  column?: string
}

/** Where delta-mode rules were broken, kept until the manifest says whether the file is delta. */
export interface DeltaGaps {
  /** Rows without a status. */
  missingStatus: Array<{ line: number; sourcedId: string }>
  /** Rows without a dateLastModified. */
  missingDate: Array<{ line: number; sourcedId: string }>
}

const MODEL_FIELDS_FROM_METADATA: Readonly<Record<string, readonly string[]>> = {
  orgs: ['ncesId', 'stateId'],
  users: ['stateId'],
  academicSessions: ['orgSourcedId'],
}

/** The CSV issue code of each departure the shared value table reads through. */
const DATE_ISSUE: Partial<Record<NormalisedHow, CsvIssueCode>> = {
  'date-has-time': 'date_has_time',
  'date-format': 'date_format',
  'datetime-no-zone': 'datetime_no_zone',
  'datetime-bare-date': 'datetime_bare_date',
}
const USER_ID_ITEM = /\{([^:{}]+):([^{}]*)\}/g
const NO_FIELDS: readonly string[] = []
/** Past this many distinct values the intern table stops growing: the column is not repetitive. */
const INTERN_LIMIT = 65536
const LIST_DEFAULTS: Readonly<Record<string, readonly string[]>> = {
  courses: ['grades', 'subjects', 'subjectCodes'],
  classes: ['grades', 'subjects', 'subjectCodes', 'periods', 'termSourcedIds'],
}

/** Maps the rows of one file to canonical records. */
export class FileProcessor {
  /** Records built, in file order. */
  readonly records: RawRecord[] = []
  /** 1-based line of each record, parallel to {@link records}. */
  readonly lines: number[] = []
  /** Delta-rule gaps, reported once the file's mode is known. */
  readonly deltaGaps: DeltaGaps = { missingStatus: [], missingDate: [] }
  /** Column names of the header as the file spells them. */
  headerNames: string[] = []
  /** Spec columns found in the header. */
  readonly found = new Set<string>()
  /** Rows left out, by the sourcedId they carried (first one wins), for blaming dangling references. */
  readonly dropped = new Map<string, DroppedRow>()
  /** Rows left out in all (duplicates and rows without a sourcedId included). */
  droppedCount = 0
  /**
   * The `userSourcedId` of each row left out of roles.csv or userProfiles.csv, as far as the row got:
   * such a user was read in part and must not be applied with what remained.
   */
  readonly droppedOwners = new Set<string>()
  /** The first row left out for being unreadable (not a duplicate), for the completeness reason. */
  firstDropped: DroppedRow | undefined
  /**
   * Set when the file ends mid-row without a final line break: an upload that stopped part-way.
   * The collection cannot be complete.
   */
  truncated: { line: number } | undefined
  /** Data rows read (kept or not). */
  private dataRows = 0
  /** Header index of the last required spec column: a row shorter than this lost a required value. */
  private lastRequiredIndex = -1
  /** Header index of the last named column: a row shorter than this lost cells that mean something. */
  private lastNamedIndex = -1
  private held: HeldShortRow | undefined
  private statusIndex = -1
  private dateIndex = -1
  /** Rows that fill status or dateLastModified, for the bulk-file rule settled once the mode is known. */
  readonly lifecycle: { rows: number; first?: { line: number; column: string; sourcedId: string } } = { rows: 0 }
  private readonly o: FileProcessorOptions
  private columns: MappedColumn[] = []
  private metadataColumns: Array<{ index: number; key: string }> = []
  private width = 0
  private readonly seen = new Set<string>()
  private readonly pending: PendingDate[] = []
  private readonly order = { dmy: 0, mdy: 0 }
  private readonly removed = new Set<RawRecord>()
  private passwordsSeen = false
  /** The column whose value was over an id or key limit in the row being read, which leaves the row out. */
  private overLimit: string | undefined
  private idIndex = -1
  private fromMetadata: readonly string[] = NO_FIELDS
  private listDefaults: readonly string[] = NO_FIELDS
  private hasRoleColumns = false
  private readonly atWithId: RowAt = { line: 0, sourcedId: '' }
  private readonly atNoId: RowAt = { line: 0 }
  /**
   * One string per distinct reference or date value: a million enrollments name a few thousand
   * classes and dates, and sharing the strings keeps the records small for the garbage collector.
   */
  private readonly interned = new Map<string, string>()

  constructor(options: FileProcessorOptions) {
    this.o = options
  }

  private issue(code: CsvIssueCode, details: Omit<CsvIssueDetails, 'file'>): void {
    this.o.issues.add(code, { file: this.o.file, ...details })
  }

  /** Reads the header row. */
  header(cells: readonly string[]): void {
    this.width = cells.length
    this.headerNames = [...cells]
    const bySpecLower = new Map(this.o.spec.columns.map((c) => [c.name.toLowerCase(), c]))
    const positions: number[] = []
    cells.forEach((cell, index) => {
      const name = cell.trim()
      if (name === '') {
        this.issue('header_empty_column', { line: 1, message: `Column ${index + 1} of the header has no name` })
        return
      }
      const exact = this.o.spec.columns.find((c) => c.name === cell)
      let spec = exact
      if (!spec) {
        spec = bySpecLower.get(name.toLowerCase())
        if (spec) {
          this.issue('header_case', {
            line: 1,
            column: spec.name,
            value: cell,
            message: `Column "${cell}" read as "${spec.name}"`,
          })
        }
      }
      if (!spec) {
        const fixed = COLUMN_MISSPELLINGS[name.toLowerCase()]
        spec = fixed === undefined ? undefined : this.o.spec.columns.find((c) => c.name === fixed)
        if (spec) {
          this.issue('header_misspelled', {
            line: 1,
            column: spec.name,
            value: cell,
            message: `Column "${cell}" is a misspelling of "${spec.name}" and was read as it`,
          })
        }
      }
      if (!spec) {
        const renamed = COLUMNS_V1P0[name.toLowerCase()]
        spec = renamed === undefined ? undefined : this.o.spec.columns.find((c) => c.name === renamed)
        if (spec) {
          this.issue('header_legacy_column', {
            line: 1,
            column: spec.name,
            value: cell,
            message: `Column "${cell}" is the OneRoster 1.0 name of "${spec.name}" and was read as it`,
          })
        }
      }
      if (spec) {
        if (this.found.has(spec.name)) {
          this.issue('header_duplicate_column', {
            line: 1,
            column: spec.name,
            message: `Column "${spec.name}" appears twice; the first is read`,
          })
          return
        }
        this.found.add(spec.name)
        if (spec.name === 'sourcedId') this.idIndex = index
        this.columns.push({ index, spec, field: spec.field ?? spec.name })
        positions.push(this.o.spec.columns.indexOf(spec))
        return
      }
      if (name.startsWith('metadata.')) {
        this.metadataColumns.push({ index, key: name.slice('metadata.'.length) })
      } else if (name.startsWith('ext_') || name.startsWith('ext.')) {
        this.metadataColumns.push({ index, key: name })
      } else {
        this.issue('header_unknown_column', {
          line: 1,
          column: name,
          message: `Column "${name}" is not a ${this.o.spec.name}.csv column of OneRoster ${this.o.version}; its values are kept in metadata`,
        })
        this.metadataColumns.push({ index, key: name })
      }
    })
    for (const c of this.o.spec.columns) {
      if (this.found.has(c.name) || c.optionalColumn) continue
      if (c.required) {
        this.issue('header_required_column_missing', {
          line: 1,
          column: c.name,
          message: `Required column "${c.name}" is missing`,
        })
      } else {
        this.issue('header_missing_column', { line: 1, column: c.name, message: `Column "${c.name}" is missing` })
      }
    }
    for (const { index, spec } of this.columns) {
      if (spec.required) this.lastRequiredIndex = Math.max(this.lastRequiredIndex, index)
      if (spec.name === 'status') this.statusIndex = index
      if (spec.name === 'dateLastModified') this.dateIndex = index
    }
    // The spec puts extension columns after the columns it defines; one before them shifts what a
    // reader mapping by position sees.
    const lastSpec = Math.max(-1, ...this.columns.map((c) => c.index))
    const early = this.metadataColumns.find((m) => m.index < lastSpec && this.headerNames[m.index]!.trim() !== '')
    if (early !== undefined) {
      const name = this.headerNames[early.index]!.trim()
      this.issue('header_extension_order', {
        line: 1,
        column: name,
        message: `Column "${name}" comes before spec columns; the spec puts extension columns after the columns it defines`,
      })
    }
    cells.forEach((cell, index) => {
      if (cell.trim() !== '') this.lastNamedIndex = index
    })
    this.fromMetadata = MODEL_FIELDS_FROM_METADATA[this.o.spec.name] ?? NO_FIELDS
    this.listDefaults = LIST_DEFAULTS[this.o.spec.name] ?? NO_FIELDS
    this.hasRoleColumns = this.found.has('role') || this.found.has('orgSourcedIds')
    if (positions.some((p, i) => i > 0 && p < positions[i - 1]!)) {
      this.issue('header_order', {
        line: 1,
        message: `Columns are not in spec order (${this.o.spec.columns.map((c) => c.name).join(',')})`,
      })
    }
  }

  /**
   * Reads one data row.
   * @param bareQuote - a quote sits inside an unquoted field of the row (read as written)
   */
  row(cells: readonly string[], line: number, bareQuote = false): void {
    this.dataRows++
    if (this.held !== undefined) this.releaseHeld()
    const id = (cells[this.idIndex] ?? '').trim()
    let at: RowAt
    if (id === '') {
      at = this.atNoId
    } else {
      at = this.atWithId
      at.sourcedId = id
    }
    at.line = line
    if (bareQuote) this.reportBareQuotes(cells, at)
    const status = this.statusIndex < 0 ? '' : (cells[this.statusIndex] ?? '')
    const date = this.dateIndex < 0 ? '' : (cells[this.dateIndex] ?? '')
    const hasStatus = status.trim() !== '' && status !== 'NULL'
    if (hasStatus || (date.trim() !== '' && date !== 'NULL')) {
      this.lifecycle.rows++
      this.lifecycle.first ??= { line, column: hasStatus ? 'status' : 'dateLastModified', sourcedId: id }
    }
    if (cells.length > this.width) {
      const extras = cells.slice(this.width)
      if (extras.every((c) => c.trim() === '')) {
        this.issue('row_too_wide', { ...at, message: `Row has ${cells.length} cells, header ${this.width}` })
      } else {
        this.issue('row_extra_values', {
          ...at,
          value: extras.join(','),
          message: `Row has ${cells.length - this.width} value(s) beyond the header; they are ignored`,
        })
      }
    } else if (cells.length < this.width && cells.length > this.lastNamedIndex) {
      // Only cells under unnamed header columns are missing: nothing is lost.
      this.issue('row_too_short', {
        ...at,
        message: `Row has ${cells.length} cells, header ${this.width}; missing cells read as empty`,
      })
    } else if (cells.length < this.width) {
      // A row that stops before a required column was cut (a partial upload, a broken export): what
      // it lacks is unknown, not empty, so it must never create or update a record. A row lacking only
      // optional cells is how some exporters trim trailing empties, unless it is the file's last row
      // and no line break follows it; that is settled in end(), so its issue waits one row.
      const atCopy = { line, ...(id === '' ? {} : { sourcedId: id }) }
      if (cells.length <= this.lastRequiredIndex) {
        const lost = this.columns.find((c) => c.spec.required && c.index >= cells.length)!.spec.name
        this.held = {
          ...atCopy,
          code: 'row_incomplete',
          column: lost,
          message: `Row ends after ${cells.length} of ${this.width} cells, before required "${lost}"; it was left out so it cannot blank a record`,
        }
        this.noteOwner(cells[this.columns.find((c) => c.spec.name === 'userSourcedId')?.index ?? -1])
        this.drop(id, line, `the row ends before required "${lost}"`)
        return
      }
      this.held = {
        ...atCopy,
        code: 'row_too_short',
        message: `Row has ${cells.length} cells, header ${this.width}; missing cells read as empty`,
      }
    }
    const rec: RawRecord = {}
    let aux: Record<string, unknown> | undefined
    let skip: string | undefined
    const columns = this.columns
    for (let c = 0; c < columns.length; c++) {
      const { index, spec, field } = columns[c]!
      let raw = cells[index] ?? ''
      if (raw === 'NULL') {
        this.issue('value_null_literal', { ...at, column: spec.name, message: `"${spec.name}" holds NULL` })
        raw = ''
      }
      const value = this.cell(spec, raw, at, rec, field)
      const empty = value === undefined || (Array.isArray(value) && value.length === 0)
      if (empty && spec.required && raw.trim() === '') {
        this.issue('value_required_missing', {
          ...at,
          column: spec.name,
          message: `Required value "${spec.name}" is empty`,
        })
      }
      if (empty && spec.essential && !this.pendingFor(rec, field)) skip ??= spec.name
      if (this.overLimit !== undefined) {
        skip ??= this.overLimit
        this.overLimit = undefined
      }
      if (value === undefined) continue
      if (field === '-') {
        aux ??= {}
        aux[spec.name] = value
      } else {
        rec[field] = value
      }
    }
    if (skip !== undefined) {
      this.issue('record_skipped', {
        ...at,
        column: skip,
        message: `Row left out: "${skip}" is missing or invalid`,
      })
      this.dropPending(rec)
      this.noteOwner(rec.userSourcedId)
      this.drop(id, line, `"${skip}" is missing or invalid`)
      return
    }
    if (this.seen.has(id)) {
      this.issue('sourced_id_duplicate', { ...at, column: 'sourcedId', message: `sourcedId "${id}" appears again` })
      this.dropPending(rec)
      this.droppedCount++
      return
    }
    this.seen.add(id)
    if (!rec.status) {
      rec.status = 'active'
      this.deltaGaps.missingStatus.push({ line, sourcedId: id })
    }
    // A value that is present but unreadable is reported as such (datetime_invalid), not as missing.
    if (date.trim() === '' && rec.dateLastModified === undefined) {
      this.deltaGaps.missingDate.push({ line, sourcedId: id })
    }
    this.finishRecord(rec, aux, cells, at)
    this.records.push(rec)
    this.lines.push(line)
    if (this.held?.line === line) this.held.record = rec
  }

  /** Names the cells of a row that hold a quote the parser read as written. */
  private reportBareQuotes(cells: readonly string[], at: RowAt): void {
    cells.forEach((cell, index) => {
      if (!cell.includes('"')) return
      const column = this.columns.find((c) => c.index === index)?.spec.name ?? this.headerNames[index]?.trim()
      this.issue('quote_in_unquoted_field', {
        ...at,
        ...(column === undefined || column === '' ? {} : { column }),
        // A password is never repeated in an issue.
        ...(column === 'password' ? {} : { value: cell }),
        message: `A quote inside the unquoted field ${column || `number ${index + 1}`} (RFC 4180 wants the field quoted and the quote doubled); the value was read as written`,
      })
    })
  }

  /** Remembers whose role or profile a left-out row was, when the row got as far as saying. */
  private noteOwner(value: unknown): void {
    if (typeof value === 'string' && value.trim() !== '') this.droppedOwners.add(value.trim())
  }

  /** Notes a row left out; the first row of a sourcedId is the one a reference is blamed on. */
  private drop(id: string, line: number, reason: string): void {
    this.droppedCount++
    if (this.firstDropped === undefined || line < this.firstDropped.line) this.firstDropped = { line, reason }
    if (id !== '' && !this.dropped.has(id)) this.dropped.set(id, { line, reason })
  }

  /** Reports the held short row as what it is now known to be: a row in the middle of the file. */
  private releaseHeld(): void {
    const h = this.held!
    this.held = undefined
    this.issue(h.code, {
      line: h.line,
      ...(h.sourcedId === undefined ? {} : { sourcedId: h.sourcedId }),
      ...(h.column === undefined ? {} : { column: h.column }),
      message: h.message,
    })
  }

  /**
   * A file whose last row is short and not followed by a line break was cut part-way (a partial
   * upload): that row is left out whatever it lacks, and the file cannot count as complete. A header
   * cut the same way, with no row after it, is caught too: it would otherwise read as an empty file.
   */
  private settleLastRow(endsWithLineBreak: boolean): void {
    const held = this.held
    this.held = undefined
    if (endsWithLineBreak) {
      if (held !== undefined) {
        this.held = held
        this.releaseHeld()
      }
      return
    }
    if (held !== undefined) {
      if (held.record !== undefined) {
        this.removed.add(held.record)
        this.noteOwner(held.record.userSourcedId)
        this.dropPending(held.record)
        this.seen.delete(held.sourcedId ?? '')
        this.drop(held.sourcedId ?? '', held.line, 'the file ends in the middle of this row')
        this.deltaGaps.missingStatus = this.deltaGaps.missingStatus.filter((g) => g.line !== held.line)
        this.deltaGaps.missingDate = this.deltaGaps.missingDate.filter((g) => g.line !== held.line)
      } else if (held.sourcedId !== undefined) {
        this.dropped.set(held.sourcedId, { line: held.line, reason: 'the file ends in the middle of this row' })
      }
      this.truncated = { line: held.line }
      this.issue('file_truncated', {
        line: held.line,
        ...(held.sourcedId === undefined ? {} : { sourcedId: held.sourcedId }),
        message: `${this.o.file} ends in the middle of line ${held.line} (no final line break, ${held.code === 'row_incomplete' ? 'required values' : 'cells'} missing): the upload looks cut short; the row was left out and the file counts as incomplete`,
      })
      return
    }
    if (this.dataRows === 0) {
      const missing = this.o.spec.columns.filter((c) => c.required && !this.found.has(c.name))
      if (missing.length > 0) {
        this.truncated = { line: 1 }
        this.issue('file_truncated', {
          line: 1,
          message: `${this.o.file} ends inside its header (no final line break, "${missing[0]!.name}" missing): the upload looks cut short; the file counts as incomplete`,
        })
      }
    }
  }

  private pendingFor(rec: RawRecord, field: string): boolean {
    return this.pending.some((p) => p.record === rec && p.field === field)
  }

  private dropPending(rec: RawRecord): void {
    for (let i = this.pending.length - 1; i >= 0; i--) if (this.pending[i]!.record === rec) this.pending.splice(i, 1)
  }

  private finishRecord(
    rec: RawRecord,
    aux: Record<string, unknown> | undefined,
    cells: readonly string[],
    at: RowAt,
  ): void {
    const file = this.o.spec.name
    let metadata: Record<string, unknown> | undefined
    for (const { index, key } of this.metadataColumns) {
      const v = cells[index]
      if (v === undefined || v === '') continue
      metadata ??= {}
      metadata[key] = v
    }
    if (metadata !== undefined) {
      for (const key of this.fromMetadata) {
        if (metadata[key] !== undefined) {
          rec[key] = metadata[key]
          delete metadata[key]
        }
      }
    }
    if (aux?.password !== undefined) {
      if (this.o.includePasswords) {
        metadata ??= {}
        metadata.password = aux.password
      } else if (!this.passwordsSeen) {
        this.passwordsSeen = true
        this.issue('password_dropped', { ...at, column: 'password', message: 'Password values were not read' })
      }
    }
    if (Array.isArray(aux?.resourceSourcedIds) && aux.resourceSourcedIds.length > 0) {
      metadata ??= {}
      metadata.resourceSourcedIds = aux.resourceSourcedIds
    }
    if (rec.__userIdsRaw !== undefined) {
      metadata ??= {}
      metadata.userIds = rec.__userIdsRaw
      delete rec.__userIdsRaw
    }
    if (file === 'users') {
      rec.enabledUser ??= true
      rec.givenName ??= ''
      rec.familyName ??= ''
      rec.userIds ??= []
      rec.agentSourcedIds ??= []
      rec.grades ??= []
      if (this.hasRoleColumns) {
        const orgs = (aux?.orgSourcedIds as string[] | undefined) ?? []
        const role = aux?.role as string | undefined
        rec.roles =
          role === undefined
            ? []
            : // One role per org, so each is the primary role at its org (1.2: exactly one per org).
              orgs.map((orgSourcedId) => ({ roleType: 'primary', role, orgSourcedId }))
        // 1.1 makes the first org the primary one, as the REST reader does (OneRoster 1.2 §4.13 mapping).
        if (role !== undefined && orgs[0] !== undefined) rec.primaryOrgSourcedId ??= orgs[0]
      } else {
        rec.roles = []
      }
    } else {
      for (const f of this.listDefaults) rec[f] ??= []
    }
    if (metadata !== undefined) metadata = this.bounded(metadata, at)
    if (metadata !== undefined && Object.keys(metadata).length > 0) rec.metadata = metadata
    rec.provenance = this.o.provenance
  }

  private cell(
    spec: ColumnSpec,
    raw: string,
    at: { line: number; sourcedId?: string },
    rec: RawRecord,
    field: string,
  ): unknown {
    const column = spec.name
    if (spec.kind === 'text') {
      if (raw === '') return undefined
      // Within the shortest limit there is nothing to check: the common case costs one comparison.
      return raw.length <= VALUE_LIMITS.id ? raw : this.limited(column, raw, at)
    }
    const v = raw.trim()
    if (v === '') return spec.kind === 'list' || spec.kind === 'grades' || spec.kind === 'userIds' ? [] : undefined
    switch (spec.kind) {
      case 'id':
        if (v.length > VALUE_LIMITS.id) return this.limited(column, v, at)
        return column === 'sourcedId' ? v : this.intern(v)
      case 'status': {
        const read = readStatus(v)
        if (read === undefined) {
          this.issue('status_invalid', {
            ...at,
            column,
            value: v,
            message: `status "${v}" is not active or tobedeleted`,
          })
          return 'active'
        }
        if (read.how === 'legacy-status') {
          this.issue('status_inactive', { ...at, column, value: v, message: `status "${v}" read as tobedeleted` })
        } else if (read.how === 'casing') {
          this.issue('enum_case', { ...at, column, value: v, message: `status "${v}" read as "${read.value}"` })
        }
        return read.value
      }
      case 'boolean': {
        const read = readBoolean(v)
        if (read === undefined) {
          this.issue('boolean_invalid', { ...at, column, value: v, message: `"${v}" is not true or false` })
          return undefined
        }
        if (read.how !== undefined) {
          this.issue('boolean_form', { ...at, column, value: v, message: `Boolean "${v}" read as ${read.value}` })
        }
        return read.value
      }
      case 'enum':
        return this.enumCell(spec, v, at)
      case 'schoolYear': {
        if (/^\d{4}$/.test(v)) return v
        this.issue('school_year_invalid', { ...at, column, value: v, message: `schoolYear "${v}" is not YYYY` })
        return undefined
      }
      case 'list':
      case 'grades': {
        // Every item is within the shortest limit when the whole cell is.
        if (v.length > VALUE_LIMITS.id) return this.limitedList(spec, v, at)
        if (isPlainItem(v)) return spec.kind === 'grades' ? [this.grade(v, at, column)] : [v]
        const parts = v.split(',')
        const items = parts.map((p) => p.trim()).filter((p) => p !== '')
        if (parts.some((p) => p !== p.trim())) {
          this.issue('list_item_spaces', { ...at, column, value: raw, message: `Spaces around list items trimmed` })
        }
        if (spec.kind === 'grades') return items.map((g) => this.grade(g, at, column))
        return items
      }
      case 'userIds':
        return this.userIds(v, raw, at, rec)
      case 'date': {
        if (isPlainIsoDate(v)) return this.intern(v)
        const shared = readSharedDate(v)
        if (shared !== undefined) {
          const code = shared.how === undefined ? undefined : DATE_ISSUE[shared.how]
          if (code !== undefined)
            this.issue(code, { ...at, column, value: v, message: `Date "${v}" read as ${shared.value}` })
          return shared.value
        }
        // Day-first and month-first forms: only the whole file can settle their order.
        const r = readDate(v)
        if (r.kind === 'ok') return r.date
        if (r.kind === 'normalised') {
          if (r.order) this.order[r.order]++
          this.issue(r.how, { ...at, column, value: v, message: `Date "${v}" read as ${r.date}` })
          return r.date
        }
        if (r.kind === 'ambiguous') {
          this.pending.push({
            record: rec,
            field,
            column,
            ...at,
            ...r,
            raw: v,
            essential: !!spec.essential,
            dateTime: false,
          })
          return undefined
        }
        this.issue('date_invalid', { ...at, column, value: v, message: `"${v}" is not a date (YYYY-MM-DD)` })
        return undefined
      }
      case 'datetime': {
        if (isPlainIsoDateTime(v)) return this.intern(v)
        const shared = readSharedDateTime(v)
        if (shared !== undefined) {
          const code = shared.how === undefined ? undefined : DATE_ISSUE[shared.how]
          if (code !== undefined)
            this.issue(code, { ...at, column, value: v, message: `"${v}" read as ${shared.value}` })
          return shared.value
        }
        const r = readDateTime(v)
        if (r.kind === 'ok') return r.value
        if (r.kind === 'normalised') {
          this.issue(r.how, { ...at, column, value: v, message: `"${v}" read as ${r.value}` })
          return r.value
        }
        if (r.kind === 'ambiguous') {
          this.pending.push({ record: rec, field, column, ...at, ...r, raw: v, essential: false, dateTime: true })
          return undefined
        }
        this.issue('datetime_invalid', { ...at, column, value: v, message: `"${v}" is not an ISO 8601 date-time` })
        return undefined
      }
    }
  }

  /** A cell checked against its column's limit: kept, cut (names, text), or undefined and the row left out (ids, keys). */
  private limited(column: string, value: string, at: RowAt): string | undefined {
    const check = checkLength(limitKindOf(column), value)
    if (check.action === 'keep') return value
    const message =
      check.action === 'truncate'
        ? `"${column}" has ${value.length} characters, over the limit of ${check.limit}; cut to it`
        : `"${column}" has ${value.length} characters, over the limit of ${check.limit}; the row is left out`
    this.issue('value_too_long', { ...at, column, message })
    if (check.action === 'truncate') return check.value
    this.overLimit = column
    return undefined
  }

  /** A long list cell: each item checked against the column's limit, the row left out past the item limit. */
  private limitedList(spec: ColumnSpec, v: string, at: RowAt): string[] | undefined {
    const items = v
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '')
    if (items.length > VALUE_LIMITS.listItems) {
      this.issue('value_too_long', {
        ...at,
        column: spec.name,
        message: `"${spec.name}" has ${items.length} items, over the limit of ${VALUE_LIMITS.listItems}; the row is left out`,
      })
      this.overLimit = spec.name
      return undefined
    }
    const out: string[] = []
    for (const item of items) {
      const kept = this.limited(spec.name, item, at)
      if (kept === undefined) return undefined
      out.push(spec.kind === 'grades' ? this.grade(kept, at, spec.name) : kept)
    }
    return out
  }

  /** The row's metadata within the size limit, the columns past it dropped with an issue. */
  private bounded(metadata: Record<string, unknown>, at: RowAt): Record<string, unknown> {
    const bounded = boundMetadata(metadata)
    for (const key of [...bounded.tooDeep, ...bounded.overSize]) {
      this.issue('metadata_bounded', {
        ...at,
        column: key,
        message: `"${key}" dropped: the row's metadata is over ${VALUE_LIMITS.metadataSize} characters`,
      })
    }
    return bounded.metadata
  }

  private intern(v: string): string {
    const shared = this.interned.get(v)
    if (shared !== undefined) return shared
    if (this.interned.size < INTERN_LIMIT) this.interned.set(v, v)
    return v
  }

  private enumCell(spec: ColumnSpec, v: string, at: { line: number; sourcedId?: string }): string | undefined {
    const column = spec.name
    const values = spec.values ?? []
    const other = spec.otherVersionValues ?? []
    const known = values.indexOf(v)
    // The spec's own string, not the cell's: one shared copy for every row.
    if (known >= 0) return values[known]
    const notInVersion = (value: string): string => {
      this.issue('enum_not_in_version', {
        ...at,
        column,
        value,
        message: `"${value}" is not a ${column} of OneRoster ${this.o.version}`,
      })
      return value
    }
    const read = readVocabulary(v, values, other)
    if (read.kind === 'extension') return this.o.version === '1.1' ? notInVersion(v) : v
    if (read.kind === 'known' || read.kind === 'other-version') {
      if (read.how === 'casing') {
        this.issue('enum_case', { ...at, column, value: v, message: `${column} "${v}" read as "${read.value}"` })
      }
      return read.kind === 'other-version' ? notInVersion(read.value) : read.value
    }
    this.issue('enum_invalid', {
      ...at,
      column,
      value: v,
      message: `${column} "${v}" is not one of ${values.join(', ')}`,
    })
    return undefined
  }

  private grade(g: string, at: { line: number; sourcedId?: string }, column: string): string {
    const read = readGrade(g)
    if (read.how !== undefined) {
      this.issue('grade_not_ceds', { ...at, column, value: g, message: `Grade "${g}" read as "${read.value}"` })
    } else if (isNonCedsGrade(read.value)) {
      this.issue('grade_not_ceds', { ...at, column, value: g, message: `Grade "${g}" is not a CEDS grade code` })
    }
    return read.value
  }

  private userIds(v: string, raw: string, at: { line: number; sourcedId?: string }, rec: RawRecord): unknown {
    const single = singleUserId(v)
    if (single !== undefined) return [single]
    const items: Array<{ type: string; identifier: string }> = []
    let rest = v
    for (const m of v.matchAll(USER_ID_ITEM)) {
      items.push({ type: m[1]!.trim(), identifier: m[2]!.trim() })
      rest = rest.replace(m[0], '')
    }
    if (items.length > 0 && rest.replace(/[\s,]/g, '') === '') return items
    this.issue('user_ids_format', {
      ...at,
      column: 'userIds',
      value: raw,
      message: `userIds "${raw}" is not a list of {type:identifier}; kept in metadata.userIds`,
    })
    // The raw value is moved into metadata once the row's other columns are read.
    rec.__userIdsRaw = raw
    return []
  }

  /**
   * Settles the ambiguous dates of the file and drops the records that cannot stand.
   * @param endsWithLineBreak - false when the file's last byte is not a line break
   */
  end(endsWithLineBreak = true): void {
    this.settleLastRow(endsWithLineBreak)
    const order =
      this.order.dmy > 0 && this.order.mdy === 0
        ? 'dmy'
        : this.order.mdy > 0 && this.order.dmy === 0
          ? 'mdy'
          : undefined
    for (const p of this.pending) {
      const sourcedId = typeof p.record.sourcedId === 'string' ? p.record.sourcedId : undefined
      const at = { line: p.line, column: p.column, value: p.raw, ...(sourcedId === undefined ? {} : { sourcedId }) }
      if (order !== undefined) {
        const date = resolveAmbiguous(p.first, p.second, p.year, order)
        p.record[p.field] = p.dateTime ? `${date}T00:00:00.000Z` : date
        this.issue('date_order_inferred', {
          ...at,
          message: `"${p.raw}" read as ${date}: the other dates of the file are ${order === 'dmy' ? 'day-first' : 'month-first'}`,
        })
        continue
      }
      this.issue('date_ambiguous', {
        ...at,
        message: `"${p.raw}" could be day-first or month-first and nothing in the file settles it; not guessed`,
      })
      if (p.essential) {
        this.removed.add(p.record)
        this.noteOwner(p.record.userSourcedId)
        this.drop(sourcedId ?? '', p.line, `"${p.column}" is an ambiguous date`)
        this.issue('record_skipped', { ...at, message: `Row left out: "${p.column}" is ambiguous` })
      }
    }
    this.pending.length = 0
    if (this.removed.size > 0) {
      let w = 0
      for (let r = 0; r < this.records.length; r++) {
        if (this.removed.has(this.records[r]!)) continue
        this.records[w] = this.records[r]!
        this.lines[w] = this.lines[r]!
        w++
      }
      this.records.length = w
      this.lines.length = w
    }
  }
}

/** True when a trimmed list cell is one item with nothing to split or trim. */
function isPlainItem(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i)
    // A comma splits; any whitespace or control character would need the general path's trimming.
    if (c === 44 || c <= 32 || c === 0xa0 || c > 0x7f) return false
  }
  return true
}

/** Reads a userIds cell that is exactly one `{type:identifier}` item, the common case; otherwise undefined. */
function singleUserId(v: string): { type: string; identifier: string } | undefined {
  const end = v.length - 1
  if (v.charCodeAt(0) !== 123 || v.charCodeAt(end) !== 125) return undefined
  if (v.indexOf('{', 1) >= 0 || v.indexOf('}') !== end) return undefined
  const colon = v.indexOf(':')
  if (colon < 2) return undefined
  return { type: v.slice(1, colon).trim(), identifier: v.slice(colon + 1, end).trim() }
}
