import type { FileProcessor, RawRecord } from './file-processor.js'
import type { RosteringFile } from './file-specs.js'
import type { IssueCollector } from './issue-collector.js'
import type { CsvFileMode } from './manifest.js'

/**
 * References across the files of a bundle (enrollment → user and class, class → course, school and
 * terms, …) and date sanity. A reference is checked only against a bulk file: a delta or absent
 * file does not say what the consumer already holds.
 *
 * @module
 */

/** What the reference check reads. */
export interface ReferenceCheckInput {
  /** Where issues go. */
  issues: IssueCollector
  /** The files read, by OneRoster file. */
  files: ReadonlyMap<RosteringFile, { file: string; processor?: FileProcessor }>
  /** Mode of each file read. */
  modes: ReadonlyMap<RosteringFile, CsvFileMode>
}

interface Reference {
  from: RosteringFile
  column: string
  to: RosteringFile
  get: (r: RawRecord) => unknown
}

const one =
  (field: string) =>
  (r: RawRecord): unknown =>
    r[field]

const REFERENCES: readonly Reference[] = [
  { from: 'orgs', column: 'parentSourcedId', to: 'orgs', get: one('parentSourcedId') },
  { from: 'academicSessions', column: 'parentSourcedId', to: 'academicSessions', get: one('parentSourcedId') },
  { from: 'courses', column: 'schoolYearSourcedId', to: 'academicSessions', get: one('schoolYearSourcedId') },
  { from: 'courses', column: 'orgSourcedId', to: 'orgs', get: one('orgSourcedId') },
  { from: 'classes', column: 'courseSourcedId', to: 'courses', get: one('courseSourcedId') },
  { from: 'classes', column: 'schoolSourcedId', to: 'orgs', get: one('schoolSourcedId') },
  { from: 'classes', column: 'termSourcedIds', to: 'academicSessions', get: one('termSourcedIds') },
  {
    from: 'users',
    column: 'orgSourcedIds',
    to: 'orgs',
    get: (r) => (r.roles as Array<{ orgSourcedId: string }>).map((x) => x.orgSourcedId),
  },
  { from: 'users', column: 'primaryOrgSourcedId', to: 'orgs', get: one('primaryOrgSourcedId') },
  { from: 'users', column: 'agentSourcedIds', to: 'users', get: one('agentSourcedIds') },
  { from: 'roles', column: 'orgSourcedId', to: 'orgs', get: one('orgSourcedId') },
  { from: 'roles', column: 'userProfileSourcedId', to: 'userProfiles', get: one('userProfileSourcedId') },
  { from: 'enrollments', column: 'userSourcedId', to: 'users', get: one('userSourcedId') },
  { from: 'enrollments', column: 'classSourcedId', to: 'classes', get: one('classSourcedId') },
  { from: 'enrollments', column: 'schoolSourcedId', to: 'orgs', get: one('schoolSourcedId') },
  { from: 'demographics', column: 'sourcedId', to: 'users', get: one('sourcedId') },
]

/** Reports dangling references and impossible date ranges. */
export function checkReferences(input: ReferenceCheckInput): void {
  const ids = new Map<RosteringFile, Set<string>>()
  const idsOf = (file: RosteringFile): Set<string> | undefined => {
    if (input.modes.get(file) !== 'bulk') return undefined
    let set = ids.get(file)
    if (!set) {
      set = new Set((input.files.get(file)?.processor?.records ?? []).map((r) => r.sourcedId as string))
      ids.set(file, set)
    }
    return set
  }
  // A file the bundle does not carry means "no change": references into it cannot be checked, but
  // a person reading the report should know how many there are.
  const intoAbsent = new Map<RosteringFile, { count: number; file: string; line: number; column: string }>()
  for (const ref of REFERENCES) {
    const from = input.files.get(ref.from)
    const processor = from?.processor
    if (!from || !processor) continue
    if (!input.files.has(ref.to)) {
      const records = processor.records
      for (let i = 0; i < records.length; i++) {
        const v = ref.get(records[i]!)
        const n = Array.isArray(v) ? v.length : typeof v === 'string' ? 1 : 0
        if (n === 0) continue
        const seen = intoAbsent.get(ref.to)
        if (seen) seen.count += n
        else intoAbsent.set(ref.to, { count: n, file: from.file, line: processor.lines[i]!, column: ref.column })
      }
      continue
    }
    const target = idsOf(ref.to)
    if (!target) continue
    const records = processor.records
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!
      const v = ref.get(r)
      const values = Array.isArray(v) ? (v as string[]) : typeof v === 'string' ? [v] : []
      for (const id of values) {
        if (target.has(id)) continue
        const targetState = input.files.get(ref.to)
        const dropped = targetState?.processor?.dropped.get(id)
        if (targetState && dropped) {
          // The target is in the bundle; the reader could not keep it. Blame that row, not the reference.
          input.issues.add('reference_target_skipped', {
            file: from.file,
            line: processor.lines[i]!,
            column: ref.column,
            sourcedId: r.sourcedId as string,
            value: id,
            message: `${ref.column} "${id}" is at ${targetState.file}:${dropped.line}, but that row was left out: ${dropped.reason}`,
          })
          continue
        }
        input.issues.add('reference_missing', {
          file: from.file,
          line: processor.lines[i]!,
          column: ref.column,
          sourcedId: r.sourcedId as string,
          value: id,
          message: `${ref.column} "${id}" is not in ${ref.to}.csv`,
        })
      }
    }
  }
  for (const [to, seen] of intoAbsent) {
    input.issues.add('reference_target_absent', {
      file: seen.file,
      line: seen.line,
      column: seen.column,
      value: to,
      message: `${seen.count} reference(s) point into ${to}, which this bundle does not carry (absent: no change), so they were not checked; the first is ${seen.file}:${seen.line} ${seen.column}`,
    })
  }
  const dated: Array<[RosteringFile, string, string]> = [
    ['academicSessions', 'startDate', 'endDate'],
    ['enrollments', 'beginDate', 'endDate'],
    ['roles', 'beginDate', 'endDate'],
  ]
  for (const [file, startField, endField] of dated) {
    const state = input.files.get(file)
    const processor = state?.processor
    if (!state || !processor) continue
    processor.records.forEach((r, i) => {
      const start = r[startField]
      const end = r[endField]
      if (typeof start === 'string' && typeof end === 'string' && start >= end) {
        input.issues.add('date_range_invalid', {
          file: state.file,
          line: processor.lines[i]!,
          column: startField,
          sourcedId: r.sourcedId as string,
          value: `${start}..${end}`,
          message: `${startField} ${start} is not before ${endField} ${end}`,
        })
      }
    })
  }
}
