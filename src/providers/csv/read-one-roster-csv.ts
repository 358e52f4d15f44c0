import { AbortedError, NotOneRosterError } from '../../errors.js'
import {
  type AcademicSession,
  type Class,
  type CollectionCompleteness,
  type Course,
  createRoster,
  type Demographics,
  type Enrollment,
  type Org,
  type Provenance,
  type Roster,
  type RosterCollection,
  type User,
  type UserRole,
} from '../../model/index.js'
import { type CsvBundleInput, streamBundleEntries, type ZipLimits } from './bundle-entries.js'
import { checkReferences } from './check-references.js'
import { detectNotOneRoster, foreignFormatOf } from './detect-not-oneroster.js'
import { FileProcessor, type RawRecord } from './file-processor.js'
import {
  COLLECTION_FILES,
  fileSpec,
  MANIFEST_FILES,
  type OneRosterCsvVersion,
  ROSTERING_FILES,
  type RosteringFile,
} from './file-specs.js'
import type { CsvIssue } from './issue-catalog.js'
import { IssueCollector } from './issue-collector.js'
import { type CsvFileMode, type CsvManifest, interpretManifest } from './manifest.js'
import { type CsvFileSink, type CsvFileTraits, createCsvFileSink } from './parse-csv-stream.js'

/**
 * `readOneRosterCsv`: a OneRoster CSV 1.1 or 1.2 bundle in, a canonical roster and the issues found
 * out. Files are parsed as streams while the zip inflates.
 *
 * @module
 */

/** Options of {@link readOneRosterCsv}. */
export interface ReadOneRosterCsvOptions {
  /**
   * Report every departure from the spec as an error (warnings become errors) and refuse quotes
   * inside unquoted fields.
   * @default false
   */
  strict?: boolean | undefined
  /**
   * Label of the roster's source, e.g. the bundle's file name.
   * @default 'OneRoster CSV bundle'
   */
  label?: string | undefined
  /**
   * Keep password cells in `metadata.password`. Off by default so passwords never reach reports.
   * @default false
   */
  includePasswords?: boolean | undefined
  /** Zip safety limits; see {@link ZipLimits} for the defaults. */
  limits?: ZipLimits | undefined
  /**
   * How many issues of one code are listed per file; the rest are counted.
   * @default 100
   */
  maxIssuesPerCode?: number | undefined
  /** Cancels the read. */
  signal?: AbortSignal | undefined
  /**
   * The roster's `pulledAt`.
   * @default the current time
   */
  pulledAt?: string | undefined
}

/** What one file of the bundle contributed. */
export interface CsvFileSummary {
  /** Name inside the bundle. */
  file: string
  /** The OneRoster file it was read as (without `.csv`). */
  as: RosteringFile
  /** Mode the manifest gives it. */
  mode: CsvFileMode
  /** Records read. */
  records: number
}

/** The result of {@link readOneRosterCsv}. */
export interface ReadOneRosterCsvResult {
  /** The canonical roster (collections of absent files are empty and missing from `completeness`). */
  roster: Roster
  /** Every issue found, in the order found. */
  issues: CsvIssue[]
  /** True when no issue is an error. */
  ok: boolean
  /** The version the bundle was read as. */
  version: OneRosterCsvVersion
  /** The manifest, when the bundle has one. */
  manifest: CsvManifest | undefined
  /** The files read. */
  files: CsvFileSummary[]
}

interface FileState {
  file: string
  as: RosteringFile
  processor?: FileProcessor
  headerVersion?: OneRosterCsvVersion
}

const BY_LOWER_NAME = new Map(ROSTERING_FILES.map((f) => [`${f.toLowerCase()}.csv`, f]))
const NON_ROSTERING = new Set(
  [...MANIFEST_FILES['1.1'], ...MANIFEST_FILES['1.2']]
    .filter((f) => !(ROSTERING_FILES as readonly string[]).includes(f))
    .map((f) => `${f.toLowerCase()}.csv`),
)

/**
 * Reads a OneRoster CSV bundle into a canonical roster.
 *
 * @param input - zip bytes, a blob or web stream of a zip, or a map of file name to content
 * @param options - tolerant (default) or strict, labels and limits
 * @throws {NotOneRosterError} when the bundle is another format (Microsoft SDS, Clever CSV)
 * @throws {ZipUnsafeError} when the zip breaks a safety limit or has a traversal entry
 * @throws {CsvFormatError} when a file is not valid CSV (e.g. an unclosed quote) or the zip is unreadable
 * @throws {AbortedError} when `options.signal` aborts
 * @example
 * ```ts
 * const { roster, issues } = await readOneRosterCsv(zipBytes)
 * for (const i of issues) console.log(i.severity, i.code, i.file, i.line, i.message)
 * ```
 */
export async function readOneRosterCsv(
  input: CsvBundleInput,
  options: ReadOneRosterCsvOptions = {},
): Promise<ReadOneRosterCsvResult> {
  const strict = options.strict ?? false
  const issues = new IssueCollector(strict, options.maxIssuesPerCode ?? 100)
  const provenance: Provenance = { source: 'oneroster-csv' }
  const states = new Map<RosteringFile, FileState>()
  const names: string[] = []
  const headers = new Map<string, readonly string[]>()
  const strays: string[] = []
  const strayHeaders = new Map<string, readonly string[]>()
  const pending: Promise<void>[] = []
  let manifestRows: string[][] | undefined
  let manifestName = 'manifest.csv'
  let manifest: CsvManifest | undefined
  let usersHeaderVersion: OneRosterCsvVersion | undefined
  let nestedReported = false
  // Files given twice (a stale copy in a folder, a second spelling): which one is current is unknown.
  const duplicated = new Set<RosteringFile>()

  const versionHint = (): OneRosterCsvVersion => manifest?.version ?? usersHeaderVersion ?? '1.2'

  const trackTraits = (file: string, traits: CsvFileTraits): void => {
    if (traits.bom) issues.add('file_bom', { file, line: 1, message: 'Byte order mark stripped' })
    if (traits.bareCr) issues.add('file_line_endings', { file, message: 'Bare CR line endings' })
    const { windows1252Line, invalidLines } = traits.encoding
    if (windows1252Line !== undefined) {
      issues.add('file_windows_encoding', {
        file,
        line: windows1252Line,
        message: `${file} is not UTF-8: its accented letters are Windows-1252 (Latin-1) bytes, first at line ${windows1252Line}; it was read as Windows-1252. Export the file as UTF-8`,
      })
    }
    for (const line of invalidLines) {
      issues.add('file_invalid_bytes', {
        file,
        line,
        message: `Line ${line} of ${file} holds bytes that are not UTF-8 in a UTF-8 file; they were read as U+FFFD (�)`,
      })
    }
  }

  const open = (name: string, folder: string): CsvFileSink | undefined => {
    if (options.signal?.aborted) throw new AbortedError()
    names.push(name)
    if (folder !== '' && !nestedReported) {
      nestedReported = true
      issues.add('file_nested_folder', { file: `${folder}/${name}`, message: `Files sit in folder "${folder}"` })
    }
    const lower = name.toLowerCase()
    if (lower === 'manifest.csv') {
      if (manifestRows) {
        issues.add('file_duplicate', { file: name, message: 'A second manifest.csv is ignored' })
        return undefined
      }
      manifestName = name
      if (name !== 'manifest.csv')
        issues.add('file_name_case', { file: name, message: `"${name}" read as manifest.csv` })
      const rows: string[][] = []
      manifestRows = rows
      const sink = createCsvFileSink(
        name,
        {
          row: (cells) => {
            rows.push(cells)
          },
          end: (traits) => {
            trackTraits(name, traits)
            manifest = interpretManifest(rows, name, issues)
          },
        },
        strict,
      )
      pending.push(sink.done)
      return sink
    }
    const as = BY_LOWER_NAME.get(lower)
    if (as === undefined) {
      if (NON_ROSTERING.has(lower)) {
        issues.add('file_not_rostering', { file: name, message: `${name} is not a rostering file and is not read` })
      } else if (lower.endsWith('.csv')) {
        // Only the header is kept: it tells a stray file from a bundle of another format.
        strays.push(name)
        let first = true
        const sink = createCsvFileSink(
          name,
          {
            row: (cells) => {
              if (first) strayHeaders.set(name, cells)
              first = false
            },
            end: () => {},
          },
          false,
        )
        // A stray file that is not even CSV is reported as unknown, never a reason to refuse the bundle.
        pending.push(sink.done.catch(() => {}))
        return sink
      }
      return undefined
    }
    if (states.has(as)) {
      duplicated.add(as)
      issues.add('file_duplicate', { file: name, message: `${name} duplicates ${as}.csv and is ignored` })
      return undefined
    }
    if (name !== `${as}.csv`) {
      issues.add('file_name_case', { file: name, message: `"${name}" read as ${as}.csv` })
    }
    const state: FileState = { file: name, as }
    states.set(as, state)
    const sink = createCsvFileSink(
      name,
      {
        row: (cells, line, bareQuote) => {
          if (state.processor) {
            state.processor.row(cells, line, bareQuote)
            return
          }
          headers.set(name, cells)
          const lowerCells = cells.map((c) => c.trim().toLowerCase())
          let version = versionHint()
          if (as === 'users') {
            version = lowerCells.includes('role') || lowerCells.includes('orgsourcedids') ? '1.1' : '1.2'
            usersHeaderVersion = version
          } else if (as === 'roles' || as === 'userProfiles') {
            version = '1.2'
          }
          state.headerVersion = version
          const spec = fileSpec(version, as)!
          state.processor = new FileProcessor({
            file: name,
            spec,
            version,
            issues,
            includePasswords: options.includePasswords ?? false,
            provenance,
          })
          state.processor.header(cells)
        },
        end: (traits) => {
          trackTraits(name, traits)
          if (!state.processor) issues.add('file_empty', { file: name, message: `${name} has no header row` })
          state.processor?.end(traits.endsWithLineBreak)
        },
      },
      strict,
    )
    pending.push(sink.done)
    return sink
  }

  await streamBundleEntries(input, open, options.limits, options.signal)
  await Promise.all(pending)

  const notOneRoster = detectNotOneRoster({ hasManifest: manifestRows !== undefined, names, headers, strayHeaders })
  if (notOneRoster) {
    throw new NotOneRosterError(
      `This bundle is not OneRoster: it looks like ${notOneRoster.looksLike} (${notOneRoster.reason})`,
      notOneRoster.looksLike,
    )
  }
  for (const name of strays) {
    const header = strayHeaders.get(name)
    const foreign = header === undefined ? undefined : foreignFormatOf(header)
    issues.add('file_unknown', {
      file: name,
      message:
        foreign === undefined
          ? `${name} is not a OneRoster file and is ignored`
          : `${name} is not a OneRoster file (its columns are ${foreign}) and is ignored`,
    })
  }

  let version: OneRosterCsvVersion
  if (manifest?.version !== undefined) {
    version = manifest.version
  } else {
    version = usersHeaderVersion ?? (states.has('roles') ? '1.2' : '1.1')
    if (manifestRows === undefined) {
      issues.add('manifest_missing', {
        file: manifestName,
        message: `No manifest.csv: read as OneRoster ${version} (inferred from the headers), every file as bulk`,
      })
    }
  }
  provenance.version = version
  if (usersHeaderVersion !== undefined && usersHeaderVersion !== version) {
    issues.add('version_mismatch', {
      file: states.get('users')?.file ?? 'users.csv',
      line: 1,
      message: `users.csv has OneRoster ${usersHeaderVersion} columns but the bundle is ${version}`,
    })
  }

  const modes = new Map<RosteringFile, CsvFileMode>()
  for (const as of ROSTERING_FILES) {
    const state = states.get(as)
    const inVersion = fileSpec(version, as) !== undefined
    let mode: CsvFileMode
    if (manifest) {
      mode = inVersion ? (manifest.files[as] ?? 'absent') : 'absent'
      if (mode !== 'absent' && !state) {
        issues.add('file_declared_missing', {
          file: `${as}.csv`,
          message: `The manifest declares ${as}.csv ${mode} but the bundle does not contain it`,
        })
      }
    } else {
      mode = state && inVersion ? 'bulk' : 'absent'
    }
    if (state && mode === 'absent') {
      issues.add('file_present_but_absent', {
        file: state.file,
        message: manifest
          ? `${state.file} is in the bundle but the manifest declares it absent; it is ignored`
          : `${state.file} is not a file of OneRoster ${version}; it is ignored`,
      })
      issues.ignoreFile(state.file)
      states.delete(as)
      continue
    }
    if (state) modes.set(as, mode)
    const lifecycle = state?.processor?.lifecycle
    if (manifest && mode === 'bulk' && lifecycle?.first !== undefined) {
      issues.add('bulk_lifecycle_fields', {
        file: state!.file,
        line: lifecycle.first.line,
        column: lifecycle.first.column,
        sourcedId: lifecycle.first.sourcedId,
        message: `${lifecycle.rows} row(s) of ${state!.file}, a bulk file, fill status or dateLastModified (first at line ${lifecycle.first.line}); many receivers reject lifecycle fields in bulk files: leave them empty, or declare the file delta`,
      })
    }
    if (state?.processor && mode === 'delta') {
      for (const g of state.processor.deltaGaps.missingStatus) {
        issues.add('delta_status_missing', {
          file: state.file,
          line: g.line,
          column: 'status',
          sourcedId: g.sourcedId,
          message: 'Delta row without status',
        })
      }
      for (const g of state.processor.deltaGaps.missingDate) {
        issues.add('delta_date_missing', {
          file: state.file,
          line: g.line,
          column: 'dateLastModified',
          sourcedId: g.sourcedId,
          message: 'Delta row without dateLastModified',
        })
      }
    }
  }

  const recordsOf = (as: RosteringFile): RawRecord[] => states.get(as)?.processor?.records ?? []
  attachRoles(states, issues)
  attachUserProfiles(states, issues)
  leaveOutUsersReadInPart(states, issues)
  checkReferences({
    issues,
    files: states,
    modes,
  })

  const collections: Partial<Record<RosterCollection, unknown[]>> = {}
  const completeness: Roster['completeness'] = {}
  for (const [collection, as] of COLLECTION_FILES) {
    const state = states.get(as)
    if (!state) continue
    const records = recordsOf(as)
    collections[collection] = records
    const entry: CollectionCompleteness = { complete: true, received: records.length }
    // roles.csv and userProfiles.csv are parts of users: a row lost there is a user read in part.
    const parts = [state, ...(as === 'users' ? [states.get('roles'), states.get('userProfiles')] : [])]
    const lost = lostRows(parts.filter((p): p is FileState => p !== undefined))
    if (!state.processor) {
      // A file without even a header row is a truncated export, not an empty collection.
      entry.complete = false
      entry.reason = `${state.file} has no header row`
    } else if (duplicated.has(as)) {
      entry.complete = false
      entry.reason = `the bundle holds more than one ${as}.csv; ${state.file} was read`
    } else if (lost !== undefined) {
      entry.complete = false
      entry.reason = lost
    } else if (modes.get(as) === 'delta') {
      entry.reason = `${state.file} is a delta file: it holds changes only`
    }
    completeness[collection] = entry
  }
  const fileModes: Record<string, CsvFileMode> = {}
  for (const [as, mode] of modes) fileModes[as] = mode
  const all = issues.finish()
  const sourceIssues = issues.sourceSummary()
  const roster = createRoster({
    source: { kind: 'oneroster-csv', version, label: options.label ?? 'OneRoster CSV bundle' },
    ...(options.pulledAt === undefined ? {} : { pulledAt: options.pulledAt }),
    mode: [...modes.values()].includes('delta') ? 'delta' : 'bulk',
    orgs: (collections.orgs ?? []) as Org[],
    academicSessions: (collections.academicSessions ?? []) as AcademicSession[],
    courses: (collections.courses ?? []) as Course[],
    classes: (collections.classes ?? []) as Class[],
    users: (collections.users ?? []) as User[],
    enrollments: (collections.enrollments ?? []) as Enrollment[],
    demographics: (collections.demographics ?? []) as Demographics[],
    completeness,
    ...(sourceIssues.total === 0 ? {} : { sourceIssues }),
    metadata: {
      oneRosterCsv: {
        fileModes,
        ...(manifest ? { manifest: manifest.properties } : {}),
      },
    },
  })
  const files: CsvFileSummary[] = [...states.values()].map((s) => ({
    file: s.file,
    as: s.as,
    mode: modes.get(s.as) ?? 'absent',
    records: s.processor?.records.length ?? 0,
  }))
  return { roster, issues: all, ok: !all.some((i) => i.severity === 'error'), version, manifest, files }
}

/** Why rows of these files are missing from the roster, or undefined when none is. */
function lostRows(parts: readonly FileState[]): string | undefined {
  const reasons: string[] = []
  for (const { file, processor } of parts) {
    if (!processor) continue
    if (processor.truncated) {
      reasons.push(
        `${file} ends in the middle of line ${processor.truncated.line} with no final line break: the upload looks cut short`,
      )
    }
    const others = processor.droppedCount - (processor.truncated && processor.truncated.line > 1 ? 1 : 0)
    const first = processor.firstDropped
    if (others > 0 && first !== undefined && !(processor.truncated && first.line === processor.truncated.line)) {
      reasons.push(
        `${others} row(s) of ${file} could not be read and were left out (first: line ${first.line}, ${first.reason})`,
      )
    } else if (others > 0) {
      reasons.push(`${others} row(s) of ${file} could not be read and were left out`)
    }
  }
  return reasons.length === 0 ? undefined : reasons.join('; ')
}

/** Reports a reference to a user whose users.csv row was left out; false when the user was never there. */
function blameDroppedUser(
  states: Map<RosteringFile, FileState>,
  issues: IssueCollector,
  file: string,
  line: number,
  r: RawRecord,
): boolean {
  const users = states.get('users')!
  const dropped = users.processor?.dropped.get(r.userSourcedId as string)
  if (!dropped) return false
  issues.add('reference_target_skipped', {
    file,
    line,
    column: 'userSourcedId',
    sourcedId: r.sourcedId as string,
    value: r.userSourcedId as string,
    message: `userSourcedId "${r.userSourcedId as string}" is at ${users.file}:${dropped.line}, but that row was left out: ${dropped.reason}`,
  })
  return true
}

/**
 * A user whose row in roles.csv or userProfiles.csv was left out was read in part: applied with the
 * roles that remained, an update would strip the lost one. Such a user is left out as a whole.
 */
function leaveOutUsersReadInPart(states: Map<RosteringFile, FileState>, issues: IssueCollector): void {
  const users = states.get('users')?.processor
  if (!users) return
  const partial = new Map<string, string>()
  for (const part of ['roles', 'userProfiles'] as const) {
    const state = states.get(part)
    for (const owner of state?.processor?.droppedOwners ?? []) if (!partial.has(owner)) partial.set(owner, state!.file)
  }
  if (partial.size === 0) return
  const file = states.get('users')!.file
  let kept = 0
  for (let i = 0; i < users.records.length; i++) {
    const record = users.records[i]!
    const from = partial.get(record.sourcedId as string)
    if (from === undefined) {
      users.records[kept] = record
      users.lines[kept++] = users.lines[i]!
      continue
    }
    users.droppedCount++
    users.dropped.set(record.sourcedId as string, {
      line: users.lines[i]!,
      reason: `one of its rows in ${from} was left out`,
    })
    issues.add('user_read_in_part', {
      file,
      line: users.lines[i]!,
      sourcedId: record.sourcedId as string,
      message: `User "${record.sourcedId as string}" was left out: one of its rows in ${from} was left out, so applying the rest would lose it`,
    })
  }
  users.records.length = kept
  users.lines.length = kept
}

function attachRoles(states: Map<RosteringFile, FileState>, issues: IssueCollector): void {
  const roles = states.get('roles')?.processor
  const users = states.get('users')?.processor
  if (!roles || !users) return
  const byId = new Map<string, RawRecord>()
  for (const u of users.records) byId.set(u.sourcedId as string, u)
  const file = states.get('roles')!.file
  roles.records.forEach((r, i) => {
    const user = byId.get(r.userSourcedId as string)
    if (!user) {
      if (blameDroppedUser(states, issues, file, roles.lines[i]!, r)) return
      issues.add('reference_missing', {
        file,
        line: roles.lines[i]!,
        column: 'userSourcedId',
        sourcedId: r.sourcedId as string,
        value: r.userSourcedId as string,
        message: `Role names user "${r.userSourcedId as string}", which users.csv does not contain`,
      })
      return
    }
    const role: UserRole = {
      roleType: r.roleType as UserRole['roleType'],
      role: r.role as UserRole['role'],
      orgSourcedId: r.orgSourcedId as string,
    }
    if (r.beginDate !== undefined) role.beginDate = r.beginDate as string
    if (r.endDate !== undefined) role.endDate = r.endDate as string
    if (r.userProfileSourcedId !== undefined) role.userProfileSourcedId = r.userProfileSourcedId as string
    ;(user.roles as UserRole[]).push(role)
  })
  const userLine = new Map<RawRecord, number>()
  users.records.forEach((u, i) => {
    userLine.set(u, users.lines[i]!)
  })
  for (const u of users.records) {
    const perOrg = new Map<string, number>()
    for (const role of u.roles as UserRole[]) {
      perOrg.set(role.orgSourcedId, (perOrg.get(role.orgSourcedId) ?? 0) + (role.roleType === 'primary' ? 1 : 0))
    }
    for (const [org, primaries] of perOrg) {
      if (primaries === 1) continue
      issues.add('role_primary_count', {
        file,
        sourcedId: u.sourcedId as string,
        value: org,
        message: `User "${u.sourcedId as string}" has ${primaries} primary role(s) at org "${org}"`,
      })
    }
  }
}

function attachUserProfiles(states: Map<RosteringFile, FileState>, issues: IssueCollector): void {
  const profiles = states.get('userProfiles')?.processor
  const users = states.get('users')?.processor
  if (!profiles || !users) return
  const byId = new Map<string, RawRecord>()
  for (const u of users.records) byId.set(u.sourcedId as string, u)
  const file = states.get('userProfiles')!.file
  profiles.records.forEach((p, i) => {
    const user = byId.get(p.userSourcedId as string)
    if (!user) {
      if (blameDroppedUser(states, issues, file, profiles.lines[i]!, p)) return
      issues.add('reference_missing', {
        file,
        line: profiles.lines[i]!,
        column: 'userSourcedId',
        sourcedId: p.sourcedId as string,
        value: p.userSourcedId as string,
        message: `User profile names user "${p.userSourcedId as string}", which users.csv does not contain`,
      })
      return
    }
    const { provenance: _p, userSourcedId: _u, ...profile } = p
    const metadata = (user.metadata as Record<string, unknown> | undefined) ?? {}
    const list = (metadata.userProfiles as unknown[] | undefined) ?? []
    list.push(profile)
    metadata.userProfiles = list
    user.metadata = metadata
  })
}
