import { createRosterSync, createSourceIssueCollector, type Roster, type SyncPreview } from '../../src/index.js'
import { evolveDistrict, generateDistrict, MemoryRosterStore } from '../../src/testing/index.js'
import { createFakeSource } from './fake-source.js'

/** A school name written to break any HTML that forgets to escape. */
export const HOSTILE = '<script>alert("x")</script> & "Sons"'

/**
 * A second night of a district whose host already holds the first night: withdrawals to archive,
 * renamed classes to update, new students to create, a new school to assign, demographics off,
 * source warnings and an unreadable demographics endpoint. What a district IT owner gets by email.
 */
export async function secondNight(
  options: { timeZone?: string; withdrawals?: number; demographics?: 'not-offered' | 'incomplete' } = {},
): Promise<{
  first: Roster
  second: Roster
  preview: SyncPreview
}> {
  const first = generateDistrict({ students: 200, seed: 77 })
  const store = new MemoryRosterStore()
  const policy = {
    namespace: 'sis',
    schools: { unmatched: 'create' as const },
    roles: { student: { existing: 'autoUpdate' as const, archive: true } },
    entities: { classes: { existing: 'autoUpdate' as const }, enrollments: { archive: true } },
  }
  const setup = createRosterSync({ source: createFakeSource({ pull: () => first }), store, policy })
  await setup.approve(await setup.preview())

  const evolved = evolveDistrict(first, {
    newStudents: 6,
    withdrawals: options.withdrawals ?? 4,
    renamedClasses: 3,
  })
  const district = evolved.roster.orgs.find((o) => o.type === 'district')
  const newSchool = {
    ...(first.orgs.find((o) => o.type === 'school') ?? first.orgs[0]!),
    sourcedId: 'org-new-school',
    name: `Lincoln ${HOSTILE}`,
    identifier: 'LN-9',
  }
  const issues = createSourceIssueCollector(20)
  for (const [i, user] of evolved.roster.users.slice(0, 14).entries()) {
    issues.add({
      code: 'grade_normalised',
      severity: 'warning',
      message: 'grade 9 read as 09',
      collection: 'users',
      sourcedId: user.sourcedId,
      location: `users.csv:${i + 2}:grades`,
      action: 'normalised',
    })
  }
  issues.add({
    code: 'unknown_manifest_key',
    severity: 'warning',
    message: 'fiel.demographics is not a manifest key (did you mean file.demographics?)',
    location: 'manifest.csv:9',
  })
  const second: Roster = {
    ...evolved.roster,
    orgs: [...evolved.roster.orgs, newSchool],
    demographics: [],
    completeness: {
      ...evolved.roster.completeness,
      demographics:
        options.demographics === 'incomplete'
          ? { complete: false, received: 0, reason: 'the source answered 503 after 3 retries' }
          : { complete: true, received: 0, reason: 'not offered by the source (404)' },
    },
    complete: options.demographics !== 'incomplete',
    sourceIssues: issues.summary(),
    cursor: '2026-03-02T07:00:00.000Z',
  }
  if (district) second.orgs = second.orgs.map((o) => (o === district ? { ...o, name: 'Springfield Unified' } : o))
  const sync = createRosterSync({
    source: createFakeSource({ pull: () => second, label: 'OneRoster 1.1 (ClassLink)' }),
    store,
    policy: { ...policy, schools: { unmatched: 'hold' } },
    report: { timeZone: options.timeZone ?? 'America/Chicago', listLimit: 10 },
  })
  const preview = await sync.preview()
  return { first, second, preview }
}
