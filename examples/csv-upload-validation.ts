/**
 * A district uploads a OneRoster CSV zip on the vendor's site. The server checks the file (quoting,
 * headers, manifest), validates the roster against the district's parameters, and shows what a
 * sync would do, before anything is written.
 *
 * Run it: `node scripts/run-ts.mjs examples/csv-upload-validation.ts`
 */
import { pathToFileURL } from 'node:url'
import { createRosterSync, type DistrictParameters, type Roster, validateRoster } from 'rosterkit'
import { createCsvSource, writeOneRosterCsv } from 'rosterkit/csv'
import { generateDistrict, MemoryRosterStore } from 'rosterkit/testing'

/** What the district promised on its setup screen. */
const parameters: DistrictParameters = {
  recordProcessing: 'activeOnly',
  requiredIdentifiers: { teacher: ['email'] },
  quarantine: { enabled: true, maxShare: 0.05 },
}

/** What the upload page shows. */
export interface UploadResult {
  accepted: boolean
  fileIssues: number
  /** Records set aside by quarantine: the rest of the roster still syncs. */
  quarantined: string[]
  validationText: string
  previewText?: string
}

/** The upload handler: bytes in, a verdict and the reports out. Nothing is written. */
export async function handleUpload(zip: Uint8Array, fileName: string): Promise<UploadResult> {
  const source = createCsvSource(zip, { label: fileName })
  const read = await source.read()
  const validation = validateRoster(read.roster, parameters, { now: new Date() })
  const fileErrors = read.issues.filter((i) => i.severity === 'error').length
  if (fileErrors > 0 || validation.blocked) {
    return { accepted: false, fileIssues: read.issues.length, quarantined: [], validationText: validation.toText() }
  }
  // The test sync against the host's current data: what would be created, updated, held.
  const sync = createRosterSync({ source, store: new MemoryRosterStore(), districtParameters: parameters })
  const preview = await sync.preview()
  return {
    accepted: !preview.blocked,
    fileIssues: read.issues.length,
    quarantined: validation.quarantined.map((q) => `${q.entity}/${q.sourcedId}`),
    validationText: validation.toText(),
    previewText: preview.report.toText(),
  }
}

/**
 * Uploads a good export; one whose teacher lost an email and whose enrollment points nowhere (both
 * quarantined, the rest accepted); and one with nothing but those defects' worth of data left (refused).
 */
export async function main(): Promise<{ good: UploadResult; damaged: UploadResult; refused: UploadResult }> {
  const roster = generateDistrict({ students: 120, seed: 8 })
  const good = await handleUpload(writeOneRosterCsv(roster).zip, 'district-export.zip')

  const teacher = roster.users.find((u) => u.roles.some((r) => r.role === 'teacher'))
  const enrollment = roster.enrollments[0]
  if (!teacher || !enrollment) throw new Error('the generated district has no teacher or enrollment')
  const damaged: Roster = {
    ...roster,
    users: roster.users.map((u) => (u === teacher ? { ...u, email: undefined } : u)),
    enrollments: [{ ...enrollment, sourcedId: 'enr-orphan', classSourcedId: 'class-gone' }, ...roster.enrollments],
  }
  const withDefects = await handleUpload(writeOneRosterCsv(damaged).zip, 'district-export-damaged.zip')
  // An export with no students at all is refused outright: nothing to quarantine, nothing to sync.
  const empty: Roster = {
    ...roster,
    users: roster.users.filter((u) => !u.roles.some((r) => r.role === 'student')),
    enrollments: [],
    demographics: [],
  }
  const refused = await handleUpload(writeOneRosterCsv(empty).zip, 'district-export-empty.zip')
  return { good, damaged: withDefects, refused }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { good, damaged, refused } = await main()
  console.log(good.previewText ?? good.validationText)
  console.log(damaged.quarantined, damaged.previewText)
  console.log(refused.validationText)
}
