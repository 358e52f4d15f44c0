import { describe, expect, it } from 'vitest'
import { validateRoster } from '../../src/index.js'
import { type CsvIssue, readOneRosterCsv } from '../../src/providers/csv/index.js'

const MANIFEST = [
  'propertyName,value',
  'manifest.version,1.0',
  'oneroster.version,1.1',
  ...['categories', 'classResources', 'courseResources', 'demographics', 'lineItems', 'resources', 'results'].map(
    (f) => `file.${f},absent`,
  ),
  ...['academicSessions', 'classes', 'courses', 'enrollments', 'orgs', 'users'].map((f) => `file.${f},bulk`),
].join('\r\n')
const ORGS = 'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\ns1,active,,School,school,,\r\n'
const SESSIONS =
  'sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear\r\ny1,active,,2025,schoolYear,2024-08-01,2025-06-30,,2025\r\n'
const COURSES =
  'sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes\r\nc1,active,,y1,Math,M,05,s1,,\r\n'
const CLASSES = [
  'sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods',
  'k1,active,,Math A,05,c1,,scheduled,,s1,y1,,,',
  'k2,active,,Math B,05,,,scheduled,,s1,y1,,,',
].join('\r\n')
const USERS = [
  'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password',
  'u1,active,,true,s1,student,u1,,Ann,Lee,,,,,,,05,',
  'u2,active,,true,s1,student,u2,,Bo,Ng,,,,,,,05,',
].join('\r\n')
const ENROLLMENTS = [
  'sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate',
  'e1,active,,k1,s1,u1,student,,,',
  'e2,active,,k2,s1,u2,student,,,',
].join('\r\n')
const bundle = {
  'manifest.csv': MANIFEST,
  'orgs.csv': ORGS,
  'academicSessions.csv': SESSIONS,
  'courses.csv': COURSES,
  'classes.csv': `${CLASSES}\r\n`,
  'users.csv': `${USERS}\r\n`,
  'enrollments.csv': `${ENROLLMENTS}\r\n`,
}
const of = (issues: CsvIssue[], code: string) => issues.filter((i) => i.code === code)

describe('a reference to a row the reader left out blames that row', () => {
  it('the reader names the dropped class, where it is and why, instead of calling it missing', async () => {
    const { roster, issues } = await readOneRosterCsv(bundle)
    expect(roster.classes.map((c) => c.sourcedId)).toEqual(['k1'])
    expect(of(issues, 'reference_missing')).toEqual([])
    const blamed = of(issues, 'reference_target_skipped')
    expect(blamed).toEqual([
      expect.objectContaining({
        file: 'enrollments.csv',
        line: 3,
        column: 'classSourcedId',
        sourcedId: 'e2',
        value: 'k2',
      }),
    ])
    expect(blamed[0]?.message).toMatch(/classes\.csv:3/)
    expect(blamed[0]?.message).toMatch(/courseSourcedId/)
    expect(roster.completeness.classes).toMatchObject({ complete: false })
    expect(roster.completeness.classes?.reason).toMatch(/line 3.*courseSourcedId/)
    expect(roster.sourceIssues?.samples).toContainEqual(
      expect.objectContaining({
        code: 'record_skipped',
        collection: 'classes',
        sourcedId: 'k2',
        location: 'classes.csv:3:courseSourcedId',
        action: 'skipped',
      }),
    )
  })

  it('the roster validator says the class was left out by the reader, with file:line and why', async () => {
    const { roster } = await readOneRosterCsv(bundle)
    const report = validateRoster(roster)
    const dangling = report.issues.filter((i) => i.code === 'dangling_reference')
    expect(dangling.map((i) => i.sourcedId)).toEqual(['e2'])
    expect(dangling[0]?.message).toMatch(/left out at classes\.csv:3:courseSourcedId/)
    expect(dangling[0]?.message).toMatch(/courseSourcedId.*missing or invalid/)
    expect(dangling[0]?.message).not.toMatch(/not in the roster/)
  })

  it('a role naming a user whose row was left out blames that row (1.2)', async () => {
    const manifest = [
      'propertyName,value',
      'manifest.version,1.0',
      'oneroster.version,1.2',
      'file.orgs,bulk',
      'file.users,bulk',
      'file.roles,bulk',
    ].join('\r\n')
    const users = [
      'sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,resourceSourcedIds,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns',
      'u1,active,,true,u1,,Ann,Lee,,,,,,,,,,,,,,,',
      'u2,active,,true,u2,,Bo',
      'u3,active,,true,u3,,Cy,Ro,,,,,,,,,,,,,,,',
    ].join('\r\n')
    const roles = [
      'sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId',
      'r1,active,,u1,primary,student,,,s1,',
      'r2,active,,u2,primary,student,,,s1,',
      'r3,active,,u3,primary,student,,,s1,',
    ].join('\r\n')
    const { roster, issues } = await readOneRosterCsv({
      'manifest.csv': manifest,
      'orgs.csv': ORGS,
      'users.csv': `${users}\r\n`,
      'roles.csv': `${roles}\r\n`,
    })
    expect(roster.users.map((u) => u.sourcedId)).toEqual(['u1', 'u3'])
    expect(of(issues, 'reference_missing')).toEqual([])
    expect(of(issues, 'reference_target_skipped')).toEqual([
      expect.objectContaining({ file: 'roles.csv', line: 3, sourcedId: 'r2', value: 'u2' }),
    ])
    expect(of(issues, 'reference_target_skipped')[0]?.message).toMatch(/users\.csv:3.*familyName/)
  })
})
