/**
 * Recognises bundles that borrow OneRoster's file names but are another format, so they are refused
 * with a message that names what they are instead of being read as a broken OneRoster bundle. The
 * verdict rests on columns, not file names: a OneRoster bundle with a stray `teachers.csv` is still
 * OneRoster, and a file named like Clever's is called Clever's only when its columns are.
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
const CLEVER_COLUMNS = ['school_id', 'student_id', 'teacher_id', 'section_id', 'staff_id']

/** Facts about a bundle the detector looks at. */
export interface BundleShape {
  /** True when the bundle has a manifest.csv. */
  hasManifest: boolean
  /** Base names of every entry, as written. */
  names: readonly string[]
  /** Header cells of each OneRoster rostering file whose header was read, by base name. */
  headers: ReadonlyMap<string, readonly string[]>
  /** Header cells of every other CSV file whose header was read, by base name. */
  strayHeaders?: ReadonlyMap<string, readonly string[]> | undefined
}

/**
 * The foreign format one file's columns belong to, or undefined when they name none rosterkit knows.
 * @param header - the file's header cells
 */
export function foreignFormatOf(header: readonly string[]): string | undefined {
  const lower = header.map((c) => c.trim().toLowerCase())
  const clever = CLEVER_COLUMNS.filter((c) => lower.includes(c))
  if (clever.length > 0) return "Clever's own CSV format"
  return undefined
}

const lowered = (h: readonly string[]): string[] => h.map((c) => c.trim().toLowerCase())

/**
 * Says what a bundle looks like when it is not OneRoster, or undefined when it may be OneRoster.
 * @param shape - what the reader saw of the bundle
 */
export function detectNotOneRoster(shape: BundleShape): NotOneRosterFinding | undefined {
  if (shape.hasManifest) return undefined
  const rostering = [...shape.headers.entries()].map(([n, h]) => [n, lowered(h)] as const)
  const stray = [...(shape.strayHeaders ?? new Map()).entries()].map(([n, h]) => [n, lowered(h)] as const)
  // One OneRoster-shaped file is enough: whatever else is in the bundle is stray, and reported as such.
  if (rostering.some(([, h]) => h.includes('status') && h.includes('datelastmodified'))) return undefined
  const sdsFiles = shape.names.map((n) => n.toLowerCase()).filter((n) => SDS_ONLY_FILES.has(n))
  if (sdsFiles.length > 0) {
    return {
      looksLike: 'Microsoft School Data Sync (SDS) CSV',
      reason: `it has no manifest.csv, none of its files has OneRoster's columns, and it contains ${sdsFiles.join(', ')}, which belong to SDS`,
    }
  }
  const clever = [...rostering, ...stray].filter(([, h]) => foreignFormatOf(h) !== undefined).map(([n]) => n)
  if (clever.length > 0) {
    return {
      looksLike: "Clever's own CSV format",
      reason: `it has no manifest.csv and ${clever.join(', ')} ${clever.length === 1 ? 'has' : 'have'} Clever's columns (School_id, Student_id…)`,
    }
  }
  const enrollments = shape.headers.get('enrollments.csv')
  if (rostering.length > 0 || stray.length > 0) {
    const e = enrollments === undefined ? undefined : lowered(enrollments)
    const sdsLike = e !== undefined && !e.includes('sourcedid') && e.includes('classsourcedid')
    return {
      looksLike: sdsLike ? 'Microsoft School Data Sync (SDS) CSV' : 'a CSV export that is not OneRoster',
      reason:
        'it has no manifest.csv and none of its files has the OneRoster status and dateLastModified columns' +
        (sdsLike ? '; enrollments.csv has no sourcedId, as in SDS' : ''),
    }
  }
  return { looksLike: 'not a OneRoster bundle', reason: 'it has neither manifest.csv nor any OneRoster file' }
}
