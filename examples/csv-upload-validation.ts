/**
 * A district uploads a OneRoster CSV zip on the vendor's site. The server checks the file (quoting,
 * headers, manifest), validates the roster against the district's parameters, and shows what a
 * sync would do to the data the host already holds for the district, before anything is written.
 *
 * Run it: `node scripts/run-ts.mjs examples/csv-upload-validation.ts`
 */
import { pathToFileURL } from 'node:url'
import {
  createRosterSync,
  type DistrictParameters,
  type MergeSummary,
  type Roster,
  type RosterStore,
  validateRoster,
} from 'rosterkit'
import { createCsvSource, writeOneRosterCsv } from 'rosterkit/csv'
import { evolveDistrict, generateDistrict, MemoryRosterStore } from 'rosterkit/testing'

/** The district's uploads are one source in the host's data; each district has its own. */
const SOURCE_ID = 'csv-upload:district-9'

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
  /** What the sync would change in the host's data, per entity (create, update, archive, …). */
  changes?: MergeSummary['byEntity']
}

/**
 * The upload handler: bytes in, a verdict and the reports out. Nothing is written.
 * @param host - the host's store for this district: the preview compares the upload with its data
 */
export async function handleUpload(zip: Uint8Array, fileName: string, host: RosterStore): Promise<UploadResult> {
  const source = createCsvSource(zip, { label: fileName })
  const read = await source.read()
  const validation = validateRoster(read.roster, parameters, { now: new Date() })
  const fileErrors = read.issues.filter((i) => i.severity === 'error').length
  if (fileErrors > 0 || validation.blocked) {
    return { accepted: false, fileIssues: read.issues.length, quarantined: [], validationText: validation.toText() }
  }
  // The test sync against the host's current data: what would be created, updated, held.
  const sync = createRosterSync({ source, store: host, sourceId: SOURCE_ID, districtParameters: parameters })
  const preview = await sync.preview()
  return {
    accepted: !preview.blocked,
    fileIssues: read.issues.length,
    quarantined: validation.quarantined.map((q) => `${q.entity}/${q.sourcedId}`),
    validationText: validation.toText(),
    previewText: preview.report.toText(),
    changes: preview.plan.summary.byEntity,
  }
}

/** The host as it stands: the district's schools set up at onboarding, then last month's upload synced. */
async function hostWithLastMonth(lastMonth: Roster): Promise<MemoryRosterStore> {
  const host = new MemoryRosterStore()
  for (const school of lastMonth.orgs.filter((o) => o.type === 'school')) {
    host.add('orgs', { ...school, sourcedId: `host-${school.sourcedId}` })
  }
  const source = createCsvSource(writeOneRosterCsv(lastMonth).zip, { label: 'district-export-last-month.zip' })
  const sync = createRosterSync({ source, store: host, sourceId: SOURCE_ID, districtParameters: parameters })
  await sync.approve(await sync.preview())
  return host
}

/**
 * With last month's upload already synced, uploads this month's good export (previewed as the
 * month's changes); one whose teacher lost an email and whose enrollment points nowhere (both
 * quarantined, the rest accepted); and one with nothing but those defects' worth of data left (refused).
 */
export async function main(): Promise<{
  good: UploadResult
  damaged: UploadResult
  refused: UploadResult
  month: ReturnType<typeof evolveDistrict>['changes']
}> {
  const lastMonth = generateDistrict({ students: 120, seed: 8 })
  const host = await hostWithLastMonth(lastMonth)
  const { roster, changes: month } = evolveDistrict(lastMonth, {
    newStudents: 4,
    renamedClasses: 2,
    deletions: 'absent',
  })
  const good = await handleUpload(writeOneRosterCsv(roster).zip, 'district-export.zip', host)

  const teacher = roster.users.find((u) => u.roles.some((r) => r.role === 'teacher'))
  const enrollment = roster.enrollments[0]
  if (!teacher || !enrollment) throw new Error('the generated district has no teacher or enrollment')
  const damaged: Roster = {
    ...roster,
    users: roster.users.map((u) => (u === teacher ? { ...u, email: undefined } : u)),
    enrollments: [{ ...enrollment, sourcedId: 'enr-orphan', classSourcedId: 'class-gone' }, ...roster.enrollments],
  }
  const withDefects = await handleUpload(writeOneRosterCsv(damaged).zip, 'district-export-damaged.zip', host)
  // An export with no students at all is refused outright: nothing to quarantine, nothing to sync.
  const empty: Roster = {
    ...roster,
    users: roster.users.filter((u) => !u.roles.some((r) => r.role === 'student')),
    enrollments: [],
    demographics: [],
  }
  const refused = await handleUpload(writeOneRosterCsv(empty).zip, 'district-export-empty.zip', host)
  return { good, damaged: withDefects, refused, month }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { good, damaged, refused } = await main()
  console.log(good.previewText ?? good.validationText)
  console.log(damaged.quarantined, damaged.previewText)
  console.log(refused.validationText)
}
