import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { isNotOneRosterError } from '../../src/errors.js'
import { type CsvIssue, readOneRosterCsv, validateOneRosterCsv } from '../../src/providers/csv/index.js'

const dir = fileURLToPath(new URL('../../../shared/realdata/', import.meta.url))
const moodle = (name: string): Uint8Array => readFileSync(`${dir}moodle-enrol-oneroster/${name}.zip`)
const folder = (path: string): Record<string, Uint8Array> => {
  const files: Record<string, Uint8Array> = {}
  for (const f of readdirSync(`${dir}${path}`)) files[f] = readFileSync(`${dir}${path}/${f}`)
  return files
}
const find = (issues: CsvIssue[], code: string, file?: string): CsvIssue[] =>
  issues.filter((i) => i.code === code && (file === undefined || i.file === file))

describe.skipIf(!existsSync(dir))('real OneRoster bundles', () => {
  it('moodle Test_full_data_set (1.1): inactive, bare dates, capitalised enum, spaced lists, TRUE, parent role', async () => {
    const { roster, issues, ok } = await readOneRosterCsv(moodle('Test_full_data_set'))
    expect(ok).toBe(true)
    expect(roster.source).toMatchObject({ kind: 'oneroster-csv', version: '1.1' })
    expect(roster.users).toHaveLength(6)
    const inactive = find(issues, 'status_inactive')[0]
    expect(inactive).toMatchObject({ severity: 'warning', file: 'academicSessions.csv', line: 4, column: 'status' })
    expect(roster.academicSessions.find((s) => s.sourcedId === 'as-grp-222-2345')?.status).toBe('tobedeleted')
    expect(find(issues, 'datetime_bare_date', 'users.csv')[0]).toMatchObject({ line: 2, column: 'dateLastModified' })
    expect(roster.users[0]?.dateLastModified).toBe('2023-05-01T00:00:00.000Z')
    expect(find(issues, 'enum_case', 'classes.csv')[0]).toMatchObject({
      line: 2,
      column: 'classType',
      value: 'Scheduled',
    })
    expect(roster.classes[0]?.classType).toBe('scheduled')
    expect(find(issues, 'list_item_spaces', 'classes.csv').map((i) => i.column)).toEqual(['subjects', 'subjectCodes'])
    expect(roster.classes[0]?.subjects).toEqual(['Science', 'Physics', 'Biology'])
    expect(roster.classes[0]?.grades).toEqual(['09', '10', '11'])
    expect(find(issues, 'boolean_form', 'users.csv')[0]).toMatchObject({
      line: 2,
      column: 'enabledUser',
      value: 'TRUE',
    })
    const parent = roster.users.find((u) => u.sourcedId === 'usr-222-1234561')
    expect(parent?.roles).toEqual([{ roleType: 'primary', role: 'parent', orgSourcedId: 'org-sch-222-456' }])
    expect(parent?.userIds).toEqual([
      { type: 'LDAP', identifier: '12' },
      { type: 'LTI', identifier: '15' },
      { type: 'Fed', identifier: '23' },
    ])
    // The empty status of a bulk row is allowed and read as active.
    expect(roster.users.find((u) => u.sourcedId === 'usr-222-66778899')?.status).toBe('active')
  })

  it('moodle Test_full_data_set fails strict validation for its quirks', async () => {
    const { ok, issues } = await validateOneRosterCsv(moodle('Test_full_data_set'))
    expect(ok).toBe(false)
    const codes = new Set(issues.filter((i) => i.severity === 'error').map((i) => i.code))
    for (const c of ['status_inactive', 'datetime_bare_date', 'enum_case', 'boolean_form', 'list_item_spaces']) {
      expect(codes).toContain(c)
    }
  })

  it('moodle test01: day-first dates, long fractional date-times, lower-case booleans, a dangling class', async () => {
    const { roster, issues } = await readOneRosterCsv(moodle('test01'))
    const dayFirst = find(issues, 'date_format', 'academicSessions.csv')[0]
    expect(dayFirst).toMatchObject({ line: 2, column: 'endDate', value: '24/12/2022' })
    const inferred = find(issues, 'date_order_inferred', 'academicSessions.csv')[0]
    expect(inferred).toMatchObject({ line: 2, column: 'startDate', value: '1/09/2022', sourcedId: 'as-trm-222-1234' })
    expect(roster.academicSessions[0]).toMatchObject({ startDate: '2022-09-01', endDate: '2022-12-24' })
    expect(find(issues, 'date_has_time', 'enrollments.csv')[0]).toMatchObject({ line: 2, column: 'beginDate' })
    expect(roster.enrollments[0]?.beginDate).toBe('2022-03-15')
    expect(find(issues, 'boolean_form', 'users.csv')).toHaveLength(0)
    expect(roster.users.every((u) => u.enabledUser)).toBe(true)
    expect(find(issues, 'reference_missing', 'enrollments.csv')[0]).toMatchObject({
      line: 2,
      column: 'classSourcedId',
      value: 'cls-222-12345',
    })
    const strict = await validateOneRosterCsv(moodle('test01'))
    const errors = new Set(strict.issues.filter((i) => i.severity === 'error').map((i) => i.code))
    for (const c of ['date_format', 'date_order_inferred', 'date_has_time', 'reference_missing'])
      expect(errors).toContain(c)
  })

  it('moodle oneroster_test_data (1.2 delta): every file delta, TRUE, empty optional columns', async () => {
    const { roster, issues, ok } = await readOneRosterCsv(moodle('oneroster_test_data'))
    expect(ok).toBe(true)
    expect(roster.mode).toBe('delta')
    expect(roster.source.version).toBe('1.2')
    expect(roster.metadata?.oneRosterCsv).toMatchObject({ fileModes: { users: 'delta', enrollments: 'delta' } })
    expect(roster.completeness.users?.reason).toMatch(/delta/)
    expect(find(issues, 'boolean_form', 'users.csv')[0]).toMatchObject({ line: 2, value: 'TRUE' })
    expect(roster.users[0]?.roles).toEqual([{ roleType: 'primary', role: 'student', orgSourcedId: 'ORG_1' }])
    expect(roster.enrollments[0]?.primary).toBeUndefined()
    expect(roster.users[0]?.metadata?.userProfiles).toEqual([expect.objectContaining({ sourcedId: 'USER_PROFILE_1' })])
  })

  it('moodle v1p2_full_dataset (1.2): misspelt headers, short rows, lower-case userprofiles.csv, empty manifest values', async () => {
    const { roster, issues, ok } = await readOneRosterCsv(moodle('v1p2_full_dataset'))
    expect(ok).toBe(false)
    expect(find(issues, 'header_misspelled', 'roles.csv')[0]).toMatchObject({
      line: 1,
      column: 'dateLastModified',
      value: 'dataLastModified',
    })
    expect(find(issues, 'header_misspelled', 'users.csv').map((i) => i.value)).toEqual([
      'prefferedGivenName',
      'prefferedMiddleName',
      'prefferedFamilyName',
    ])
    expect(find(issues, 'header_empty_column', 'roles.csv')).toHaveLength(2)
    expect(find(issues, 'row_too_short', 'roles.csv')[0]).toMatchObject({ line: 2, sourcedId: 'rol-123-1234' })
    expect(find(issues, 'file_name_case')[0]).toMatchObject({ file: 'userprofiles.csv' })
    expect(find(issues, 'header_required_column_missing', 'userprofiles.csv').map((i) => i.column)).toContain(
      'profileType',
    )
    expect(find(issues, 'manifest_value_empty').map((i) => i.value)).toEqual([
      'file.scoreScales',
      'file.userProfiles',
      'file.userResources',
    ])
    expect(find(issues, 'date_ambiguous', 'users.csv')[0]).toMatchObject({
      line: 2,
      value: '1/05/2023',
      severity: 'error',
    })
    const john = roster.users.find((u) => u.sourcedId === 'usr-222-123456')
    expect(john?.dateLastModified).toBeUndefined()
    expect(john?.preferredMiddleName).toBe('Mick')
    expect(john?.roles).toContainEqual({
      roleType: 'primary',
      role: 'teacher',
      orgSourcedId: 'org-sch-222-456',
      beginDate: '2024-03-06',
      endDate: '2025-09-23',
    })
  })

  it('nicelion ClassLink templates: quoted manifest, header-only files, metadata.* columns', async () => {
    const { roster, issues } = await readOneRosterCsv(folder('nicelion-oneroster-mocker/oneroster-example-csv'))
    expect(roster.source.version).toBe('1.1')
    expect(roster.users).toHaveLength(0)
    expect(roster.completeness.users).toEqual({ complete: true, received: 0 })
    expect(find(issues, 'header_unknown_column')).toHaveLength(0)
    expect(find(issues, 'file_present_but_absent')[0]).toMatchObject({ file: 'demographics.csv' })
  })

  it('nicelion generated data: no manifest, empty dateLastModified, bare-number userIds, role principal in 1.1', async () => {
    const { roster, issues } = await readOneRosterCsv(folder('nicelion-oneroster-mocker/outputs'))
    expect(find(issues, 'manifest_missing')[0]?.message).toMatch(/1\.1/)
    expect(roster.users).toHaveLength(4)
    expect(roster.users.every((u) => u.dateLastModified === undefined)).toBe(true)
    expect(find(issues, 'user_ids_format', 'users.csv')[0]).toMatchObject({
      line: 2,
      column: 'userIds',
      value: '98861739',
    })
    expect(roster.users[0]?.metadata?.userIds).toBe('98861739')
    expect(find(issues, 'enum_not_in_version', 'users.csv')[0]).toMatchObject({
      line: 5,
      column: 'role',
      value: 'principal',
    })
    expect(find(issues, 'file_unknown')[0]).toMatchObject({ file: 'test-csv.csv' })
    const strict = await validateOneRosterCsv(folder('nicelion-oneroster-mocker/outputs'))
    expect(strict.ok).toBe(false)
    expect(strict.issues.filter((i) => i.severity === 'error').map((i) => i.code)).toEqual(
      expect.arrayContaining(['manifest_missing', 'user_ids_format', 'enum_not_in_version']),
    )
  })

  it.each(['v2', 'v2.1'])('refuses the Microsoft SDS %s bundle, naming SDS', async (v) => {
    const err = await readOneRosterCsv(folder(`ms-sds-nearmiss-csv/${v}`)).catch((e: unknown) => e)
    expect(isNotOneRosterError(err)).toBe(true)
    expect((err as { looksLike: string }).looksLike).toMatch(/Microsoft School Data Sync/)
    expect((err as Error).message).toMatch(/School Data Sync/)
    const v2 = await validateOneRosterCsv(folder(`ms-sds-nearmiss-csv/${v}`))
    expect(v2.issues).toEqual([expect.objectContaining({ code: 'bundle_not_oneroster', severity: 'error' })])
  })
})
