import { describe, expect, it } from 'vitest'
import { type CsvIssue, readOneRosterCsv } from '../../src/providers/csv/index.js'

const MANIFEST = [
  'propertyName,value',
  'manifest.version,1.0',
  'oneroster.version,1.1',
  'file.orgs,bulk',
  'file.users,bulk',
].join('\r\n')
const ORGS = 'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\ns1,active,,School,school,,\r\n'
const HEAD =
  'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password'
const full = (id: string): string => `${id},active,,true,s1,student,${id}.name,,Ann,Lee,,,${id}@d.example,,,,05,`
const read = (users: string) => readOneRosterCsv({ 'manifest.csv': MANIFEST, 'orgs.csv': ORGS, 'users.csv': users })
const find = (issues: CsvIssue[], code: string) => issues.filter((i) => i.code === code)

describe('rows the reader could not read completely are left out', () => {
  it('a row cut before a required column, in the middle of the file, is left out and the collection is incomplete', async () => {
    const users = `${HEAD}\r\n${full('u1')}\r\nu2,active,,true,s1,student,u2.na\r\n${full('u3')}\r\n`
    const { roster, issues } = await read(users)
    expect(roster.users.map((u) => u.sourcedId)).toEqual(['u1', 'u3'])
    expect(find(issues, 'row_incomplete')).toEqual([
      expect.objectContaining({ severity: 'error', file: 'users.csv', line: 3, sourcedId: 'u2', column: 'givenName' }),
    ])
    expect(find(issues, 'value_required_missing')).toEqual([])
    expect(roster.completeness.users).toEqual({
      complete: false,
      received: 2,
      reason:
        '1 row(s) of users.csv could not be read and were left out (first: line 3, the row ends before required "givenName")',
    })
  })

  it('a row lacking only optional trailing cells, followed by more rows, is kept (exporters trim empty cells)', async () => {
    const users = `${HEAD}\r\n${full('u1')}\r\nu2,active,,true,s1,student,u2.name,,Bo,Ng\r\n${full('u3')}\r\n`
    const { roster, issues } = await read(users)
    expect(roster.users.map((u) => u.sourcedId)).toEqual(['u1', 'u2', 'u3'])
    expect(find(issues, 'row_too_short')).toEqual([expect.objectContaining({ line: 3, sourcedId: 'u2' })])
    expect(roster.completeness.users).toEqual({ complete: true, received: 3 })
  })

  it('a short last row with no line break after it is a cut upload, whatever column it stops in', async () => {
    const users = `${HEAD}\r\n${full('u1')}\r\nu2,active,,true,s1,student,u2.name,,Bo,Ng,,,bo@d.ex`
    const { roster, issues } = await read(users)
    expect(roster.users.map((u) => u.sourcedId)).toEqual(['u1'])
    expect(find(issues, 'file_truncated')).toEqual([
      expect.objectContaining({ severity: 'error', file: 'users.csv', line: 3, sourcedId: 'u2' }),
    ])
    expect(find(issues, 'row_too_short')).toEqual([])
    expect(roster.completeness.users?.complete).toBe(false)
    expect(roster.completeness.users?.reason).toMatch(/users\.csv ends in the middle of line 3/)
    expect(roster.complete).toBe(false)
  })

  it('the same short last row followed by a line break is only short', async () => {
    const users = `${HEAD}\r\n${full('u1')}\r\nu2,active,,true,s1,student,u2.name,,Bo,Ng,,,bo@d.ex\r\n`
    const { roster, issues } = await read(users)
    expect(roster.users.map((u) => u.sourcedId)).toEqual(['u1', 'u2'])
    expect(find(issues, 'file_truncated')).toEqual([])
    expect(roster.completeness.users?.complete).toBe(true)
  })

  it('a full-width last row without a final line break is read (many exporters omit it)', async () => {
    const { roster, issues } = await read(`${HEAD}\r\n${full('u1')}\r\n${full('u2')}`)
    expect(roster.users).toHaveLength(2)
    expect(find(issues, 'file_truncated')).toEqual([])
    expect(roster.completeness.users?.complete).toBe(true)
  })

  it('a header cut short with no row after it is not an empty collection', async () => {
    const { roster, issues } = await read(HEAD.slice(0, 60))
    expect(find(issues, 'file_truncated')).toEqual([expect.objectContaining({ file: 'users.csv', line: 1 })])
    expect(roster.completeness.users?.complete).toBe(false)
  })
})
