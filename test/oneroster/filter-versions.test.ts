import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, filterFieldNames, where } from '../../src/providers/oneroster/index.js'
import { type MockOneRosterServer, startMockOneRosterServer } from '../../src/testing/index.js'
import { clientFor, serverAuth, smallDistrict } from './helpers.js'

const roster = smallDistrict(11)
const students = roster.users.filter((u) => u.roles.some((r) => r.role === 'student')).map((u) => u.sourcedId)
const servers: Partial<Record<'1.1' | '1.2', MockOneRosterServer>> = {}

beforeAll(async () => {
  for (const version of ['1.1', '1.2'] as const) {
    servers[version] = await startMockOneRosterServer({ version, roster, auth: serverAuth('bearer') })
  }
})
afterAll(async () => {
  for (const server of Object.values(servers)) await server?.close()
})

describe('where() on the role of users', () => {
  it('is written per version: role on 1.1, roles.role on 1.2, and only for user collections', () => {
    const filter = where('role').eq('student')
    expect(filter.toString({ fieldNames: filterFieldNames('1.1', 'user') })).toBe("role='student'")
    expect(filter.toString({ fieldNames: filterFieldNames('1.2', 'user') })).toBe("roles.role='student'")
    expect(
      where('roles.role')
        .eq('student')
        .toString({ fieldNames: filterFieldNames('1.1', 'user') }),
    ).toBe("role='student'")
    expect(filter.toString({ fieldNames: filterFieldNames('1.2', 'enrollment') })).toBe("role='student'")
  })

  for (const version of ['1.1', '1.2'] as const) {
    it(`lists exactly the students of a OneRoster ${version} server`, async () => {
      const client = clientFor(servers[version] as MockOneRosterServer, version, 'bearer')
      const ids: string[] = []
      for await (const user of client.users.list({ filter: where('role').eq('student') })) ids.push(user.sourcedId)
      expect(ids.sort()).toEqual([...students].sort())

      const teachers: string[] = []
      const active = and(where('role').eq('teacher'), where('status').eq('active'))
      for await (const user of client.users.list({ filter: active })) teachers.push(user.sourcedId)
      expect(teachers.length).toBeGreaterThan(0)
      expect(teachers.some((id) => students.includes(id))).toBe(false)
    })
  }
})
