import { strToU8, zipSync } from 'fflate'
import type { Roster, User, UserId, UserRole } from '../../model/index.js'
import {
  COLLECTION_FILES,
  fileSpec,
  MANIFEST_FILES,
  type OneRosterCsvVersion,
  type RosteringFile,
} from './file-specs.js'
import { formatCsvRow } from './format-csv.js'
import type { CsvIssue } from './issue-catalog.js'
import { IssueCollector } from './issue-collector.js'

/**
 * `writeOneRosterCsv`: a canonical roster out as a OneRoster CSV 1.1 or 1.2 bundle — manifest,
 * every column in spec order, RFC 4180 quoting, CRLF line endings, no byte order mark.
 *
 * @module
 */

/** Options of {@link writeOneRosterCsv}. */
export interface WriteOneRosterCsvOptions {
  /**
   * OneRoster CSV version to write.
   * @default '1.2'
   */
  version?: OneRosterCsvVersion | undefined
  /**
   * Processing mode written to the manifest for every file shipped.
   * @default roster.mode
   */
  mode?: 'bulk' | 'delta' | undefined
  /**
   * Write `metadata.password` values into the password columns.
   * @default false
   */
  includePasswords?: boolean | undefined
  /** `source.systemName` of the manifest. */
  systemName?: string | undefined
  /** `source.systemCode` of the manifest. */
  systemCode?: string | undefined
  /**
   * Deflate level of the zip (0 stores, 9 compresses most).
   * @default 6
   */
  compressionLevel?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | undefined
}

/** The result of {@link writeOneRosterCsv}. */
export interface WriteOneRosterCsvResult {
  /** The bundle as zip bytes. */
  zip: Uint8Array
  /** The same bundle as file name → CSV text. */
  files: Record<string, string>
  /** What could not be written in the chosen version (`writer_lossy`). */
  issues: CsvIssue[]
}

type Row = Record<string, unknown>

/** Model fields without a CSV column, written as `metadata.*` extension columns and read back. */
const FIELDS_AS_METADATA: Partial<Record<RosteringFile, readonly string[]>> = {
  orgs: ['ncesId', 'stateId'],
  users: ['stateId'],
  academicSessions: ['orgSourcedId'],
}
const RESERVED_METADATA = new Set(['password', 'userProfiles', 'resourceSourcedIds'])
const CRLF = '\r\n'

function cellOf(value: unknown, kind: string): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (Array.isArray(value)) {
    if (kind === 'userIds') return (value as UserId[]).map((u) => `{${u.type}:${u.identifier}}`).join(',')
    return value.join(',')
  }
  return typeof value === 'string' ? value : JSON.stringify(value)
}

function writeFile(
  as: RosteringFile,
  version: OneRosterCsvVersion,
  records: readonly Row[],
  fieldsOf: (record: Row) => Row,
  includePasswords: boolean,
  bulk: boolean,
): string {
  const spec = fileSpec(version, as)!
  const asMetadata = FIELDS_AS_METADATA[as] ?? []
  const keys = new Set<string>(asMetadata.filter((f) => records.some((r) => r[f] !== undefined)))
  for (const r of records) {
    const m = r.metadata as Record<string, unknown> | undefined
    if (m) for (const k of Object.keys(m)) if (!RESERVED_METADATA.has(k) && m[k] !== undefined) keys.add(k)
  }
  const extra = [...keys].sort()
  const lines: string[] = [formatCsvRow([...spec.columns.map((c) => c.name), ...extra.map((k) => `metadata.${k}`)])]
  for (const record of records) {
    const r = fieldsOf(record)
    const m = (record.metadata as Record<string, unknown> | undefined) ?? {}
    const cells: string[] = []
    for (const c of spec.columns) {
      if (c.name === 'password') {
        cells.push(includePasswords ? cellOf(m.password, 'text') : '')
        continue
      }
      if (c.name === 'status' && bulk && r.status === 'active') {
        // Many receivers reject lifecycle fields in bulk files; an empty status reads back as active.
        cells.push('')
        continue
      }
      if (c.name === 'resourceSourcedIds') {
        cells.push(cellOf(m.resourceSourcedIds, 'list'))
        continue
      }
      cells.push(cellOf(r[c.field !== undefined && c.field !== '-' ? c.field : c.name], c.kind))
    }
    for (const k of extra)
      cells.push(cellOf(asMetadata.includes(k) && record[k] !== undefined ? record[k] : m[k], 'text'))
    lines.push(formatCsvRow(cells))
  }
  return lines.join(CRLF) + CRLF
}

/**
 * Writes a canonical roster as a OneRoster CSV bundle.
 *
 * @param roster - the roster to write; every collection present in `completeness` or non-empty is shipped
 * @param options - version, manifest mode, compression
 * @returns the zip bytes, the same files as text, and what could not be written
 * @example
 * ```ts
 * const { zip } = writeOneRosterCsv(roster, { version: '1.1', mode: 'bulk' })
 * ```
 */
export function writeOneRosterCsv(roster: Roster, options: WriteOneRosterCsvOptions = {}): WriteOneRosterCsvResult {
  const version = options.version ?? '1.2'
  const mode = options.mode ?? roster.mode
  const includePasswords = options.includePasswords ?? false
  const issues = new IssueCollector(false, 20)
  const files: Record<string, string> = {}
  const shipped = new Set<string>()
  const identity = (r: Row): Row => r

  for (const [collection, as] of COLLECTION_FILES) {
    const records = roster[collection] as unknown as Row[]
    if (records.length === 0 && roster.completeness[collection] === undefined) continue
    shipped.add(as)
    if (as === 'users' && version === '1.1') {
      files['users.csv'] = writeFile(
        as,
        version,
        records,
        (r) => usersV1p1Fields(r as unknown as User, issues),
        includePasswords,
        mode === 'bulk',
      )
    } else {
      if (as === 'demographics' && version === '1.1') {
        for (const d of roster.demographics) {
          if (d.sex !== undefined && d.sex !== 'male' && d.sex !== 'female') {
            issues.add('writer_lossy', {
              file: 'demographics.csv',
              column: 'sex',
              sourcedId: d.sourcedId,
              value: d.sex,
              message: `sex "${d.sex}" is not a OneRoster 1.1 value; written as is`,
            })
          }
        }
      }
      files[`${as}.csv`] = writeFile(as, version, records, identity, includePasswords, mode === 'bulk')
    }
  }
  if (version === '1.2' && shipped.has('users')) {
    const roles: Row[] = []
    const profiles: Row[] = []
    for (const u of roster.users) {
      u.roles.forEach((role, i) => {
        roles.push({
          sourcedId: `${u.sourcedId}-role-${i + 1}`,
          status: u.status,
          dateLastModified: u.dateLastModified,
          userSourcedId: u.sourcedId,
          ...role,
        })
      })
      const list = u.metadata?.userProfiles
      if (Array.isArray(list)) {
        for (const p of list as Row[]) profiles.push({ ...p, userSourcedId: u.sourcedId, metadata: undefined })
      }
    }
    files['roles.csv'] = writeFile('roles', version, roles, identity, includePasswords, mode === 'bulk')
    shipped.add('roles')
    if (profiles.length > 0) {
      files['userProfiles.csv'] = writeFile(
        'userProfiles',
        version,
        profiles,
        identity,
        includePasswords,
        mode === 'bulk',
      )
      shipped.add('userProfiles')
    }
  }
  const manifest: string[][] = [
    ['propertyName', 'value'],
    ['manifest.version', '1.0'],
    ['oneroster.version', version],
  ]
  for (const f of MANIFEST_FILES[version]) manifest.push([`file.${f}`, shipped.has(f) ? mode : 'absent'])
  if (options.systemName !== undefined) manifest.push(['source.systemName', options.systemName])
  if (options.systemCode !== undefined) manifest.push(['source.systemCode', options.systemCode])
  const all: Record<string, string> = { 'manifest.csv': manifest.map(formatCsvRow).join(CRLF) + CRLF, ...files }
  const zipInput: Record<string, Uint8Array> = {}
  for (const [name, text] of Object.entries(all)) zipInput[name] = strToU8(text)
  const zip = zipSync(zipInput, { level: options.compressionLevel ?? 6 })
  return { zip, files: all, issues: issues.finish() }
}

const V1P2_ONLY_USER_FIELDS = [
  'preferredFirstName',
  'preferredMiddleName',
  'preferredLastName',
  'pronouns',
  'userMasterIdentifier',
  'primaryOrgSourcedId',
] as const

function usersV1p1Fields(u: User, issues: IssueCollector): Row {
  const roles: UserRole[] = u.roles
  const first = roles[0]
  const lossy = (column: string, message: string): void => {
    issues.add('writer_lossy', { file: 'users.csv', column, sourcedId: u.sourcedId, message })
  }
  if (roles.some((r) => r.role !== first?.role))
    lossy('role', 'Roles differ between orgs; 1.1 has one role per user, the first is written')
  if (roles.some((r) => r.roleType !== 'primary')) {
    lossy('role', '1.1 holds one primary role per org; secondary role types were not written')
  }
  if (roles.some((r) => r.beginDate !== undefined || r.endDate !== undefined)) {
    lossy('role', 'Role begin and end dates have no 1.1 column')
  }
  if (roles.some((r) => r.userProfileSourcedId !== undefined)) {
    lossy('role', 'Role user profiles have no 1.1 column')
  }
  for (const f of V1P2_ONLY_USER_FIELDS) {
    // 1.1 readers take the first org as the primary one, so a primary org written first is kept.
    if (f === 'primaryOrgSourcedId' && u[f] === first?.orgSourcedId) continue
    if (u[f] !== undefined) lossy(f, `${f} has no 1.1 column`)
  }
  return { ...u, orgSourcedIds: roles.map((r) => r.orgSourcedId), role: first?.role }
}
