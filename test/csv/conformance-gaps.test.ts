import { describe, expect, it } from 'vitest'
import { isCsvFormatError } from '../../src/errors.js'
import {
  type CsvIssue,
  readOneRosterCsv,
  validateOneRosterCsv,
  writeOneRosterCsv,
} from '../../src/providers/csv/index.js'

const manifest = (version: '1.1' | '1.2', files: Record<string, string>): string =>
  ['propertyName,value', 'manifest.version,1.0', `oneroster.version,${version}`]
    .concat(Object.entries(files).map(([f, m]) => `file.${f},${m}`))
    .join('\r\n')
const ORGS = 'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\ns1,,,School,school,,\r\n'
const USERS_11 =
  'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password'
const USERS_12 =
  'sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,resourceSourcedIds,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns'
const ROLES_HEAD =
  'sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId'
const PROFILES_HEAD =
  'sourcedId,status,dateLastModified,userSourcedId,profileType,vendorId,applicationId,description,credentialType,username,password'
const of = (issues: CsvIssue[], code: string) => issues.filter((i) => i.code === code)

describe('roles.userProfileSourcedId (1.2)', () => {
  const bundle = {
    'manifest.csv': manifest('1.2', { orgs: 'bulk', users: 'bulk', roles: 'bulk', userProfiles: 'bulk' }),
    'orgs.csv': ORGS,
    'users.csv': `${USERS_12}\r\nu1,,,true,u1,,Ann,Lee,,,,,,,,,,,,,,,\r\nu2,,,true,u2,,Bo,Ng,,,,,,,,,,,,,,,\r\n`,
    'roles.csv': `${ROLES_HEAD}\r\nr1,,,u1,primary,student,,,s1,p1\r\nr2,,,u2,primary,student,,,s1,p9\r\n`,
    'userProfiles.csv': `${PROFILES_HEAD}\r\np1,,,u1,app,v1,,,password,ann,\r\n`,
  }

  it('is checked against userProfiles.csv and carried into the canonical role', async () => {
    const { roster, issues } = await readOneRosterCsv(bundle)
    expect(of(issues, 'reference_missing')).toEqual([
      expect.objectContaining({ file: 'roles.csv', line: 3, column: 'userProfileSourcedId', value: 'p9' }),
    ])
    const ann = roster.users.find((u) => u.sourcedId === 'u1')
    expect(ann?.roles).toEqual([
      { roleType: 'primary', role: 'student', orgSourcedId: 's1', userProfileSourcedId: 'p1' },
    ])
  })

  it('is written back to roles.csv', async () => {
    const { roster } = await readOneRosterCsv(bundle)
    const { files } = writeOneRosterCsv(roster, { version: '1.2' })
    const again = await readOneRosterCsv(files)
    expect(again.roster.users.find((u) => u.sourcedId === 'u1')?.roles[0]?.userProfileSourcedId).toBe('p1')
  })
})

describe('a bare quote inside an unquoted field', () => {
  const users = [
    USERS_11,
    'u0,,,true,s1,student,u0,,"Ann\r\nMarie",Lee,,,,,,,,',
    'u1,,,true,s1,student,u1,,Giv"en,Lee,,,,,,,,',
    'u2,,,true,s1,student,u2,,"Quo""ted",Lee,,,,,,,,',
  ].join('\r\n')
  const bundle = {
    'manifest.csv': manifest('1.1', { orgs: 'bulk', users: 'bulk' }),
    'orgs.csv': ORGS,
    'users.csv': `${users}\r\n`,
  }

  it('is read as written, with a warning naming file, line and column (tolerant)', async () => {
    const { roster, issues } = await readOneRosterCsv(bundle)
    expect(roster.users.find((u) => u.sourcedId === 'u1')?.givenName).toBe('Giv"en')
    expect(of(issues, 'quote_in_unquoted_field')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        file: 'users.csv',
        line: 4,
        column: 'givenName',
        sourcedId: 'u1',
        value: 'Giv"en',
      }),
    ])
    expect(roster.sourceIssues?.samples).toContainEqual(
      expect.objectContaining({ code: 'quote_in_unquoted_field', location: 'users.csv:4:givenName' }),
    )
  })

  it('is refused in strict mode', async () => {
    const err = await readOneRosterCsv(bundle, { strict: true }).catch((e: unknown) => e)
    expect(isCsvFormatError(err)).toBe(true)
  })

  it('is found in a zip read as a stream of chunks too', async () => {
    const { zip } = writeOneRosterCsv((await readOneRosterCsv(bundle)).roster, { version: '1.1' })
    const { issues } = await readOneRosterCsv(zip)
    // The writer quotes the value properly: nothing to report.
    expect(of(issues, 'quote_in_unquoted_field')).toEqual([])
  })
})

describe('lifecycle fields in bulk rows', () => {
  const users = (status: string) =>
    `${USERS_11}\r\nu1,${status},2025-01-01T00:00:00Z,true,s1,student,u1,,Ann,Lee,,,,,,,,\r\n`

  it('are warned about once per bulk file (tolerant) and are an error in strict, with a hint', async () => {
    const files = {
      'manifest.csv': manifest('1.1', { orgs: 'bulk', users: 'bulk' }),
      'orgs.csv': ORGS,
      'users.csv': users('active'),
    }
    const tolerant = await readOneRosterCsv(files)
    expect(of(tolerant.issues, 'bulk_lifecycle_fields')).toEqual([
      expect.objectContaining({ severity: 'warning', file: 'users.csv', line: 2, column: 'status' }),
    ])
    expect(of(tolerant.issues, 'bulk_lifecycle_fields')[0]?.message).toMatch(
      /leave them empty, or declare the file delta/,
    )
    const strict = await validateOneRosterCsv(files)
    expect(of(strict.issues, 'bulk_lifecycle_fields')[0]?.severity).toBe('error')
  })

  it('are expected in a delta file', async () => {
    const { issues } = await readOneRosterCsv({
      'manifest.csv': manifest('1.1', { orgs: 'bulk', users: 'delta' }),
      'orgs.csv': ORGS,
      'users.csv': users('active'),
    })
    expect(of(issues, 'bulk_lifecycle_fields')).toEqual([])
  })
})

describe('extension columns among the spec columns', () => {
  it('are warned about; after the spec columns they are not', async () => {
    const early =
      'sourcedId,metadata.local,status,dateLastModified,name,type,identifier,parentSourcedId\r\ns1,x,,,School,school,,\r\n'
    const files = { 'manifest.csv': manifest('1.1', { orgs: 'bulk' }), 'orgs.csv': early }
    const { roster, issues } = await readOneRosterCsv(files)
    expect(of(issues, 'header_extension_order')).toEqual([
      expect.objectContaining({ file: 'orgs.csv', line: 1, column: 'metadata.local', severity: 'warning' }),
    ])
    expect(roster.orgs[0]?.metadata).toEqual({ local: 'x' })
    const late =
      'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId,metadata.local\r\ns1,,,School,school,,,x\r\n'
    const ok = await readOneRosterCsv({ ...files, 'orgs.csv': late })
    expect(of(ok.issues, 'header_extension_order')).toEqual([])
  })
})

describe('references into collections the bundle does not carry', () => {
  it('are noted once per target collection, never called missing', async () => {
    const classes = [
      'sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods',
      'k1,,,Math A,,c1,,scheduled,,s1,t1,,,',
      'k2,,,Math B,,c2,,scheduled,,s1,"t1,t2",,,',
    ].join('\r\n')
    const { issues } = await readOneRosterCsv({
      'manifest.csv': manifest('1.1', { classes: 'bulk' }),
      'classes.csv': `${classes}\r\n`,
    })
    expect(of(issues, 'reference_missing')).toEqual([])
    const absent = of(issues, 'reference_target_absent')
    expect(absent.map((i) => [i.value, i.severity])).toEqual([
      ['courses', 'info'],
      ['orgs', 'info'],
      ['academicSessions', 'info'],
    ])
    expect(absent.find((i) => i.value === 'academicSessions')?.message).toMatch(
      /^3 reference\(s\) point into academicSessions/,
    )
    expect(absent[0]).toMatchObject({ file: 'classes.csv', line: 2, column: 'courseSourcedId' })
  })
})

describe('a file the manifest declares absent', () => {
  it('is ignored and its problems do not fail the bundle', async () => {
    const { ok, issues, roster } = await readOneRosterCsv({
      'manifest.csv': manifest('1.1', { orgs: 'bulk', users: 'absent' }),
      'orgs.csv': ORGS,
      'users.csv': 'sourcedId,status,givenName\r\nu1,bogus,Ann\r\n',
    })
    expect(ok).toBe(true)
    expect(roster.users).toEqual([])
    expect(of(issues, 'file_present_but_absent')).toHaveLength(1)
    const inside = issues.filter((i) => i.file === 'users.csv' && i.code !== 'file_present_but_absent')
    expect(inside.length).toBeGreaterThan(0)
    expect(inside.every((i) => i.severity !== 'error')).toBe(true)
    expect(roster.sourceIssues?.bySeverity.error).toBe(0)
  })
})

describe('a bad datetime in a delta row', () => {
  it('is reported once, as invalid, not also as missing', async () => {
    const { issues } = await readOneRosterCsv({
      'manifest.csv': manifest('1.1', { orgs: 'delta' }),
      'orgs.csv':
        'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\ns1,active,yesterday,School,school,,\r\n',
    })
    expect(of(issues, 'datetime_invalid')).toEqual([expect.objectContaining({ line: 2, column: 'dateLastModified' })])
    expect(of(issues, 'delta_date_missing')).toEqual([])
  })
})
