import { describe, expect, it } from 'vitest'
import { createCsvSource, readOneRosterCsv } from '../../src/providers/csv/index.js'

const MANIFEST = [
  'propertyName,value',
  'manifest.version,1.0',
  'oneroster.version,1.1',
  'file.orgs,bulk',
  'file.users,bulk',
].join('\r\n')
const ORGS = 'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\ns1,active,,School,school,,\r\n'
const HEAD =
  'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,house'
const user = (id: string, enabled = 'true', grades = '05'): string =>
  `${id},active,,${enabled},s1,student,${id}.name,,Ann,Lee,,,,,,,${grades},,Blue`

describe('the CSV source carries every reader issue onto the roster', () => {
  it('pull() returns the issues as roster.sourceIssues, with collection, place and what was done', async () => {
    const users = [
      HEAD,
      user('u1', 'TRUE'),
      user('u2', 'true', 'Year 5'),
      ',active,,true,s1,student,x,,A,B,,,,,,,,,',
    ].join('\r\n')
    const roster = await createCsvSource({
      'manifest.csv': MANIFEST,
      'orgs.csv': ORGS,
      'users.csv': `${users}\r\n`,
    }).pull()
    const s = roster.sourceIssues!
    expect(s.samples).toContainEqual({
      code: 'boolean_form',
      severity: 'warning',
      message: 'Boolean "TRUE" read as true',
      collection: 'users',
      sourcedId: 'u1',
      location: 'users.csv:2:enabledUser',
      action: 'normalised',
    })
    expect(s.samples).toContainEqual(
      expect.objectContaining({
        code: 'grade_not_ceds',
        sourcedId: 'u2',
        location: 'users.csv:3:grades',
        action: 'kept',
      }),
    )
    expect(s.samples).toContainEqual(
      expect.objectContaining({
        code: 'record_skipped',
        severity: 'error',
        collection: 'users',
        location: 'users.csv:4:sourcedId',
        action: 'skipped',
      }),
    )
    const header = s.samples.find((i) => i.code === 'header_unknown_column')
    expect(header).toMatchObject({ collection: 'users', location: 'users.csv:1:house' })
    expect(header?.action).toBeUndefined()
    expect(s.byCode.record_skipped).toEqual({ severity: 'error', count: 1 })
    expect(s.bySeverity.error).toBeGreaterThanOrEqual(1)
    expect(s.total).toBe(s.bySeverity.error + s.bySeverity.warning + s.bySeverity.info)
  })

  it('counts issues past the per-file listing cap', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => user(`u${i}`, 'yes'))
    const { roster, issues } = await readOneRosterCsv(
      { 'manifest.csv': MANIFEST, 'orgs.csv': ORGS, 'users.csv': `${[HEAD, ...rows].join('\r\n')}\r\n` },
      { maxIssuesPerCode: 2 },
    )
    expect(issues.filter((i) => i.code === 'boolean_form')).toHaveLength(2)
    expect(roster.sourceIssues?.byCode.boolean_form).toEqual({ severity: 'warning', count: 7 })
    expect(roster.sourceIssues?.byCode.issues_truncated).toBeUndefined()
  })

  it('a clean bundle has no sourceIssues', async () => {
    const others = ['academicSessions', 'categories', 'classes', 'classResources', 'courses', 'courseResources']
    const rest = ['demographics', 'enrollments', 'lineItems', 'resources', 'results']
    const manifest = [MANIFEST, ...[...others, ...rest].map((f) => `file.${f},absent`)].join('\r\n')
    // Bulk rows leave status and dateLastModified empty, as many receivers require.
    const users = `${HEAD.replace(',house', '')}\r\n${user('u1').replace(',Blue', '').replace(',active,', ',,')}\r\n`
    const { roster, issues } = await readOneRosterCsv({
      'manifest.csv': manifest,
      'orgs.csv': ORGS.replace(',active,', ',,'),
      'users.csv': users,
    })
    expect(issues).toEqual([])
    expect(roster.sourceIssues).toBeUndefined()
  })
})
