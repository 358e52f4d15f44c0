import { describe, expect, it } from 'vitest'
import { isNotOneRosterError } from '../../src/errors.js'
import { type CsvIssue, readOneRosterCsv } from '../../src/providers/csv/index.js'

const ORGS = 'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\ns1,active,,School,school,,\r\n'
const USERS =
  'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\r\n' +
  'u1,active,,true,s1,teacher,ann,,Ann,Lee,,,,,,,,\r\n'
const MANIFEST_11 = (extra: string[] = []) =>
  [
    'propertyName,value',
    'manifest.version,1.0',
    'oneroster.version,1.1',
    ...['academicSessions', 'categories', 'classes', 'classResources', 'courses', 'courseResources'].map(
      (f) => `file.${f},${f === 'courses' ? 'bulk' : 'absent'}`,
    ),
    ...['demographics', 'enrollments', 'lineItems', 'resources', 'results'].map((f) => `file.${f},absent`),
    'file.orgs,bulk',
    'file.users,bulk',
    ...extra,
  ].join('\r\n')
const find = (issues: CsvIssue[], code: string) => issues.filter((i) => i.code === code)

describe('the format of a bundle is decided by its columns, not its file names', () => {
  it('a OneRoster bundle with a stray teachers.csv is read as OneRoster and the stray file reported', async () => {
    for (const teachers of ['Teacher_id,School_id,First_name\r\n1,1,Ann\r\n', 'name,room\r\nAnn,12\r\n']) {
      const { roster, issues } = await readOneRosterCsv({
        'orgs.csv': ORGS,
        'users.csv': USERS,
        'teachers.csv': teachers,
      })
      expect(roster.users).toHaveLength(1)
      expect(find(issues, 'file_unknown')).toEqual([expect.objectContaining({ file: 'teachers.csv' })])
    }
    const { issues } = await readOneRosterCsv({
      'orgs.csv': ORGS,
      'users.csv': USERS,
      'teachers.csv': 'Teacher_id,School_id\r\n1,1\r\n',
    })
    expect(find(issues, 'file_unknown')[0]?.message).toMatch(/Clever/)
  })

  it('Schools.csv without Clever columns next to OneRoster files is a stray file, not Clever', async () => {
    const { roster, issues } = await readOneRosterCsv({
      'orgs.csv': ORGS,
      'users.csv': USERS,
      'Schools.csv': 'id,label\r\n1,North\r\n',
    })
    expect(roster.orgs).toHaveLength(1)
    expect(find(issues, 'file_unknown')[0]).toMatchObject({ file: 'Schools.csv' })
    expect(find(issues, 'file_unknown')[0]?.message).not.toMatch(/Clever/)
  })

  it('a bundle whose files carry Clever columns and nothing of OneRoster is refused as Clever', async () => {
    const err = await readOneRosterCsv({
      'schools.csv': 'School_id,School_name\r\n1,A\r\n',
      'teachers.csv': 'Teacher_id,School_id\r\n1,1\r\n',
    }).catch((e: unknown) => e)
    expect(isNotOneRosterError(err)).toBe(true)
    expect((err as { looksLike: string }).looksLike).toBe("Clever's own CSV format")
    expect((err as Error).message).toMatch(/schools\.csv, teachers\.csv have Clever's columns/)
  })

  it('Schools.csv alone without Clever columns is refused without being called Clever', async () => {
    const err = await readOneRosterCsv({ 'Schools.csv': 'id,label\r\n1,North\r\n' }).catch((e: unknown) => e)
    expect(isNotOneRosterError(err)).toBe(true)
    expect((err as { looksLike: string }).looksLike).not.toMatch(/Clever/)
  })

  it('SDS file names are still refused as SDS when no file has OneRoster columns', async () => {
    const err = await readOneRosterCsv({
      'users.csv': 'sourcedId,username,givenName\r\nu1,a,A\r\n',
      'relationships.csv': 'userSourcedId,relationshipUserSourcedId,relationshipRole\r\nu1,u2,parent\r\n',
    }).catch((e: unknown) => e)
    expect((err as { looksLike: string }).looksLike).toMatch(/School Data Sync/)
  })
})

describe('manifest keys', () => {
  it('names every unknown manifest key, with the line and the key it most likely meant', async () => {
    const manifest = MANIFEST_11(['fiel.demographics,bulk', 'source.systemName,SIS', 'exporter,X']).replace(
      'file.courses,bulk',
      'file.courses,absent',
    )
    const { issues } = await readOneRosterCsv({ 'manifest.csv': manifest, 'orgs.csv': ORGS, 'users.csv': USERS })
    const unknown = find(issues, 'manifest_property_unknown')
    expect(unknown.map((i) => i.value)).toEqual(['fiel.demographics', 'exporter'])
    expect(unknown[0]).toMatchObject({ file: 'manifest.csv', line: 17, severity: 'warning' })
    expect(unknown[0]?.message).toMatch(/did you mean file\.demographics/)
  })
})

describe('OneRoster 1.0 column names under a 1.1 manifest', () => {
  it('are read as the 1.1 columns they became, with a warning naming the 1.0 heritage', async () => {
    const courses =
      'sourcedId,status,dateLastModified,schoolYearId,title,courseCode,grade,orgSourcedId,subjects,subjectCodes\r\n' +
      'c1,active,,y1,Math,M1,05,s1,,\r\n'
    const users = USERS.replace('userIds', 'userId')
      .replace('agentSourcedIds', 'agents')
      .replace(',grades,', ',grade,')
      .replace(
        'u1,active,,true,s1,teacher,ann,,Ann,Lee,,,,,,,,',
        'u1,active,,true,s1,student,ann,{LDAP:ann},Ann,Lee,,,,,,p1,07,',
      )
    const { roster, issues } = await readOneRosterCsv({
      'manifest.csv': MANIFEST_11(),
      'orgs.csv': ORGS,
      'users.csv': users,
      'courses.csv': courses,
    })
    expect(roster.courses[0]).toMatchObject({ schoolYearSourcedId: 'y1', grades: ['05'] })
    expect(roster.users[0]).toMatchObject({
      userIds: [{ type: 'LDAP', identifier: 'ann' }],
      agentSourcedIds: ['p1'],
      grades: ['07'],
    })
    expect(find(issues, 'header_unknown_column')).toEqual([])
    const renamed = find(issues, 'header_legacy_column')
    expect(renamed.map((i) => `${i.file}:${i.value}->${i.column}`).sort()).toEqual([
      'courses.csv:grade->grades',
      'courses.csv:schoolYearId->schoolYearSourcedId',
      'users.csv:agents->agentSourcedIds',
      'users.csv:grade->grades',
      'users.csv:userId->userIds',
    ])
    expect(renamed[0]?.message).toMatch(/OneRoster 1\.0/)
  })
})
