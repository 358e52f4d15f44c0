import { describe, expect, it } from 'vitest'
import { isCsvFormatError, isNotOneRosterError } from '../../src/errors.js'
import { type CsvIssue, readOneRosterCsv } from '../../src/providers/csv/index.js'

const MANIFEST_11 = [
  'propertyName,value',
  'manifest.version,1.0',
  'oneroster.version,1.1',
  'file.orgs,bulk',
  'file.users,bulk',
  'file.enrollments,delta',
  'file.classes,absent',
].join('\r\n')
const ORGS =
  'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\nsch1,active,,School One,school,,\r\n'
const USERS_HEAD =
  'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password'
const ENR_HEAD =
  'sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate'

const codes = (issues: CsvIssue[]): string[] => issues.map((i) => i.code)
const of = (issues: CsvIssue[], code: string): CsvIssue | undefined => issues.find((i) => i.code === code)

describe('readOneRosterCsv tolerant normalisation', () => {
  it('strips a BOM, reads CR-only lines, matches header case and whitespace, keeps metadata and ext columns', async () => {
    const users = `\ufeff${USERS_HEAD.replace('givenName', ' GivenName ')},metadata.house,ext_lunch\ru1,active,,true,"sch1, sch2",teacher,t1,,Ann,Lee,,,,,,,,secret,Blue,free\r`
    const { roster, issues } = await readOneRosterCsv({
      'manifest.csv': MANIFEST_11,
      'orgs.csv': ORGS,
      'users.csv': users,
    })
    expect(of(issues, 'file_bom')).toMatchObject({ file: 'users.csv', line: 1 })
    expect(of(issues, 'file_line_endings')).toMatchObject({ file: 'users.csv' })
    expect(of(issues, 'header_case')).toMatchObject({ column: 'givenName', value: ' GivenName ' })
    const u = roster.users[0]!
    expect(u.givenName).toBe('Ann')
    expect(u.metadata).toEqual({ house: 'Blue', ext_lunch: 'free' })
    expect(u.roles).toEqual([
      { roleType: 'primary', role: 'teacher', orgSourcedId: 'sch1' },
      { roleType: 'primary', role: 'teacher', orgSourcedId: 'sch2' },
    ])
    expect(JSON.stringify(roster)).not.toContain('secret')
    expect(of(issues, 'reference_missing')).toMatchObject({ file: 'users.csv', line: 2, value: 'sch2' })
  })

  it('keeps passwords only when asked', async () => {
    const users = `${USERS_HEAD}\r\nu1,active,,true,sch1,student,s1,,A,B,,,,,,,,pw1\r\n`
    const { roster } = await readOneRosterCsv(
      { 'manifest.csv': MANIFEST_11, 'orgs.csv': ORGS, 'users.csv': users },
      { includePasswords: true },
    )
    expect(roster.users[0]?.metadata?.password).toBe('pw1')
  })

  it('reports wide and short rows, NULL, yes/1 booleans, inactive, tobedeleted case and duplicates with lines', async () => {
    const users = [
      USERS_HEAD,
      'u1,INACTIVE,,yes,sch1,student,s1,,A,B,,,,,,,,',
      'u2,TobeDeleted,,1,sch1,student,s2,,C,D,,NULL,,,,,,,,,',
      'u3,active,,true,sch1,student,s3,,E,F',
      'u1,active,,true,sch1,student,s4,,G,H,,,,,,,,',
      'u5,active,,true,sch1,student,s5,,I,J,,,,,,,,,surprise',
    ].join('\n')
    const { roster, issues } = await readOneRosterCsv({
      'manifest.csv': MANIFEST_11,
      'orgs.csv': ORGS,
      'users.csv': users,
    })
    expect(of(issues, 'enum_case')).toMatchObject({ line: 3, column: 'status', value: 'TobeDeleted' })
    expect(of(issues, 'status_inactive')).toMatchObject({ line: 2, value: 'INACTIVE' })
    expect(issues.filter((i) => i.code === 'boolean_form').map((i) => i.line)).toEqual([2, 3])
    expect(of(issues, 'value_null_literal')).toMatchObject({ line: 3, column: 'identifier' })
    expect(of(issues, 'row_too_wide')).toMatchObject({ line: 3, sourcedId: 'u2' })
    expect(of(issues, 'row_too_short')).toMatchObject({ line: 4, sourcedId: 'u3' })
    expect(of(issues, 'sourced_id_duplicate')).toMatchObject({ line: 5, sourcedId: 'u1', severity: 'error' })
    expect(of(issues, 'row_extra_values')).toMatchObject({ line: 6, severity: 'error', value: 'surprise' })
    expect(roster.users.map((u) => [u.sourcedId, u.status, u.givenName])).toEqual([
      ['u1', 'tobedeleted', 'A'],
      ['u2', 'tobedeleted', 'C'],
      ['u3', 'active', 'E'],
      ['u5', 'active', 'I'],
    ])
    expect(roster.completeness.users).toMatchObject({ complete: false, received: 4 })
    expect(roster.complete).toBe(false)
  })

  it('flags an ambiguous date instead of guessing, and drops a record that cannot stand without it', async () => {
    const sessions = [
      'sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear',
      'y1,active,,2024,schoolYear,1/09/2024,2/06/2025,,2025',
      't1,active,,Fall,term,2024-09-01,2024-12-20,y1,2025',
    ].join('\r\n')
    const manifest = 'propertyName,value\nmanifest.version,1.0\noneroster.version,1.1\nfile.academicSessions,bulk\n'
    const { roster, issues } = await readOneRosterCsv({ 'manifest.csv': manifest, 'academicSessions.csv': sessions })
    expect(issues.filter((i) => i.code === 'date_ambiguous').map((i) => [i.line, i.column, i.value])).toEqual([
      [2, 'startDate', '1/09/2024'],
      [2, 'endDate', '2/06/2025'],
    ])
    expect(of(issues, 'record_skipped')).toMatchObject({ line: 2, sourcedId: 'y1' })
    expect(roster.academicSessions.map((s) => s.sourcedId)).toEqual(['t1'])
    expect(of(issues, 'reference_missing')).toBeUndefined()
    expect(of(issues, 'reference_target_skipped')).toMatchObject({ line: 3, value: 'y1' })
    expect(of(issues, 'reference_target_skipped')?.message).toMatch(/academicSessions\.csv:2.*ambiguous/)
  })

  it('reports delta rows without status or dateLastModified, and files declared but missing or absent but present', async () => {
    const enr = `${ENR_HEAD}\r\ne1,,,c1,sch1,u1,student,,,\r\ne2,active,2024-01-02T03:04:05Z,c1,sch1,u1,student,,,\r\n`
    const classes = 'sourcedId,status\r\n'
    const { roster, issues } = await readOneRosterCsv({
      'manifest.csv': MANIFEST_11,
      'orgs.csv': ORGS,
      'enrollments.csv': enr,
      'classes.csv': classes,
    })
    expect(of(issues, 'delta_status_missing')).toMatchObject({ file: 'enrollments.csv', line: 2, sourcedId: 'e1' })
    expect(of(issues, 'delta_date_missing')).toMatchObject({ file: 'enrollments.csv', line: 2 })
    expect(issues.filter((i) => i.code === 'delta_date_missing')).toHaveLength(1)
    expect(of(issues, 'file_declared_missing')).toMatchObject({ file: 'users.csv', severity: 'error' })
    expect(of(issues, 'file_present_but_absent')).toMatchObject({ file: 'classes.csv' })
    expect(roster.mode).toBe('delta')
    expect(roster.completeness.classes).toBeUndefined()
    expect(roster.completeness.users).toBeUndefined()
    expect(roster.enrollments).toHaveLength(2)
  })

  it('reports a broken quote as CsvFormatError naming file and line', async () => {
    const users = `${USERS_HEAD}\r\nu1,active,,true,sch1,student,s1,,A,B\r\nu2,active,,true,"sch1,student,s2,,C,D\r\n`
    const err = await readOneRosterCsv({ 'manifest.csv': MANIFEST_11, 'orgs.csv': ORGS, 'users.csv': users }).catch(
      (e: unknown) => e,
    )
    expect(isCsvFormatError(err)).toBe(true)
    expect(err).toMatchObject({ file: 'users.csv' })
    expect((err as { line: number }).line).toBeGreaterThanOrEqual(3)
  })

  it('gives the start line of a record that spans lines', async () => {
    const orgs =
      'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\n"o1",active,,"Two\nLines",school,,\no2,active,,X,bogus,,\n'
    const { issues } = await readOneRosterCsv({ 'manifest.csv': MANIFEST_11, 'orgs.csv': orgs })
    expect(of(issues, 'enum_invalid')).toMatchObject({ line: 4, sourcedId: 'o2', column: 'type' })
  })

  it('refuses a Clever CSV export by name', async () => {
    const err = await readOneRosterCsv({
      'schools.csv': 'School_id,School_name\n1,A\n',
      'students.csv': 'School_id,Student_id\n1,2\n',
    }).catch((e: unknown) => e)
    expect(isNotOneRosterError(err)).toBe(true)
    expect((err as Error).message).toMatch(/Clever/)
  })

  it('strict mode turns every normalisation into an error', async () => {
    const users = `${USERS_HEAD}\r\nu1,active,2024-01-01,TRUE,sch1,Student,s1,,A,B,,,,,,,,\r\n`
    const files = {
      'manifest.csv': MANIFEST_11.replace('file.enrollments,delta', 'file.enrollments,absent'),
      'orgs.csv': ORGS,
      'users.csv': users,
    }
    const tolerant = await readOneRosterCsv(files)
    expect(tolerant.ok).toBe(true)
    const strict = await readOneRosterCsv(files, { strict: true })
    expect(strict.ok).toBe(false)
    expect(strict.issues.filter((i) => i.severity === 'error').map((i) => i.code)).toEqual(
      expect.arrayContaining(['datetime_bare_date', 'boolean_form', 'enum_case']),
    )
    expect(codes(strict.issues)).not.toContain('record_skipped')
  })
})
