/**
 * Recognises bundles that borrow OneRoster's file names but are another format, so they are refused
 * with a message that names what they are instead of being read as a broken OneRoster bundle.
 *
 * @module
 */

/** What the bundle looks like, when it is not OneRoster. */
export interface NotOneRosterFinding {
  /** The format it resembles, for people. */
  looksLike: string
  /** Why, for people. */
  reason: string
}

const SDS_ONLY_FILES = new Set([
  'relationships.csv',
  'userflags.csv',
  'school.csv',
  'section.csv',
  'student.csv',
  'teacher.csv',
  'studentenrollment.csv',
  'teacherroster.csv',
])
const CLEVER_FILES = new Set(['schools.csv', 'students.csv', 'teachers.csv', 'sections.csv', 'staff.csv'])
const CLEVER_COLUMNS = ['school_id', 'student_id', 'teacher_id', 'section_id']

/** Facts about a bundle the detector looks at. */
export interface BundleShape {
  /** True when the bundle has a manifest.csv. */
  hasManifest: boolean
  /** Base names of every entry, as written. */
  names: readonly string[]
  /** Header cells of each file whose header was read, by base name. */
  headers: ReadonlyMap<string, readonly string[]>
}

/**
 * Says what a bundle looks like when it is not OneRoster, or undefined when it may be OneRoster.
 * @param shape - what the reader saw of the bundle
 */
export function detectNotOneRoster(shape: BundleShape): NotOneRosterFinding | undefined {
  if (shape.hasManifest) return undefined
  const lower = shape.names.map((n) => n.toLowerCase())
  const sdsFiles = lower.filter((n) => SDS_ONLY_FILES.has(n))
  const headers = [...shape.headers.entries()].map(([n, h]) => [n, h.map((c) => c.trim().toLowerCase())] as const)
  const withOneRosterHead = headers.filter(([, h]) => h.includes('status') && h.includes('datelastmodified'))
  if (sdsFiles.length > 0) {
    return {
      looksLike: 'Microsoft School Data Sync (SDS) CSV',
      reason: `it has no manifest.csv and contains ${sdsFiles.join(', ')}, which belong to SDS, not OneRoster`,
    }
  }
  const cleverHeaders = headers.filter(([, h]) => CLEVER_COLUMNS.some((c) => h.includes(c)))
  if (lower.some((n) => CLEVER_FILES.has(n)) || cleverHeaders.length > 0) {
    return {
      looksLike: "Clever's own CSV format",
      reason: 'it has no manifest.csv and uses Clever file names or columns (schools.csv, students.csv, School_id…)',
    }
  }
  const enrollments = shape.headers.get('enrollments.csv')?.map((c) => c.trim().toLowerCase())
  if (headers.length > 0 && withOneRosterHead.length === 0) {
    const sdsLike =
      enrollments !== undefined && !enrollments.includes('sourcedid') && enrollments.includes('classsourcedid')
    return {
      looksLike: sdsLike ? 'Microsoft School Data Sync (SDS) CSV' : 'a CSV export that is not OneRoster',
      reason:
        'it has no manifest.csv and none of its files has the OneRoster status and dateLastModified columns' +
        (sdsLike ? '; enrollments.csv has no sourcedId, as in SDS' : ''),
    }
  }
  if (headers.length === 0) {
    return { looksLike: 'not a OneRoster bundle', reason: 'it has neither manifest.csv nor any OneRoster file' }
  }
  return undefined
}
