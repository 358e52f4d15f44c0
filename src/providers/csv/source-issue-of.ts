import type { RosterCollection, SourceIssue } from '../../model/index.js'
import { ROSTERING_FILES, type RosteringFile } from './file-specs.js'
import { CSV_ISSUE_CATALOG, type CsvIssue, type CsvIssueDefinition } from './issue-catalog.js'

/**
 * A CSV reader issue in the shape every provider shares, so the sync shows it next to REST and
 * Clever warnings: the collection it concerns and where, as `file:line` or `file:line:column`.
 *
 * @module
 */

const BY_LOWER_FILE = new Map(ROSTERING_FILES.map((f) => [`${f.toLowerCase()}.csv`, f]))

/** roles.csv and userProfiles.csv rows become parts of users; the other files are their collection. */
const COLLECTION_OF_FILE: Readonly<Record<RosteringFile, RosterCollection>> = {
  orgs: 'orgs',
  academicSessions: 'academicSessions',
  courses: 'courses',
  classes: 'classes',
  users: 'users',
  roles: 'users',
  userProfiles: 'users',
  enrollments: 'enrollments',
  demographics: 'demographics',
}

/**
 * The roster collection a bundle file carries, whatever its case or folder.
 * @param file - the file's name in the bundle, e.g. `Users.csv` or `export/users.csv`
 */
export function collectionOfFile(file: string | undefined): RosterCollection | undefined {
  if (file === undefined) return undefined
  const as = BY_LOWER_FILE.get(file.slice(file.lastIndexOf('/') + 1).toLowerCase())
  return as === undefined ? undefined : COLLECTION_OF_FILE[as]
}

/**
 * Converts one CSV issue into a source issue.
 * @param issue - the issue as the CSV reader reported it
 */
export function sourceIssueOf(issue: CsvIssue): SourceIssue {
  const out: SourceIssue = { code: issue.code, severity: issue.severity, message: issue.message }
  const collection = collectionOfFile(issue.file)
  if (collection !== undefined) out.collection = collection
  if (issue.sourcedId !== undefined && issue.sourcedId !== '') out.sourcedId = issue.sourcedId
  if (issue.file !== undefined) {
    out.location =
      issue.line === undefined
        ? issue.file
        : `${issue.file}:${issue.line}${issue.column === undefined ? '' : `:${issue.column}`}`
  }
  // Only an issue about one data row concerns a record; header and file issues have no action.
  if (out.sourcedId !== undefined || (issue.line !== undefined && issue.line > 1)) {
    const def: CsvIssueDefinition = CSV_ISSUE_CATALOG[issue.code]
    out.action = def.action ?? 'kept'
  }
  return out
}
