import { afterEach, describe, expect, it } from 'vitest'
import type { Roster, User } from '../../src/model/index.js'
import { readOneRosterCsv, writeOneRosterCsv } from '../../src/providers/csv/index.js'
import { generateDistrict, type MockOneRosterServer, startMockOneRosterServer } from '../../src/testing/index.js'
import { validateRoster } from '../../src/validate/index.js'
import { clientFor, serverAuth } from '../oneroster/helpers.js'

const district = (): Roster =>
  generateDistrict({ seed: 'primary-roles', students: 200, schools: { elementary: 2, middle: 1, high: 2 } })

const multiOrg = (roster: Roster): User[] =>
  roster.users.filter((u) => new Set(u.roles.map((r) => r.orgSourcedId)).size > 1)

const validatorFinds = (roster: Roster): string[] =>
  validateRoster(roster)
    .issues.filter((i) => i.code === 'role_primary_count')
    .map((i) => `${i.sourcedId} ${i.path.join('.')}`)
    .sort()

const readerFinds = async (roster: Roster): Promise<string[]> => {
  const { files } = writeOneRosterCsv(roster, { version: '1.2' })
  const read = await readOneRosterCsv(files)
  return read.issues
    .filter((i) => i.code === 'role_primary_count')
    .map((i) => `${i.sourcedId} ${i.value}`)
    .sort()
}

let server: MockOneRosterServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe('exactly one primary role per org', () => {
  it('a generated district gives every user one primary role at each org they hold a role at', async () => {
    const roster = district()
    // Teachers at two schools and guardians of students at two schools: the case the rule is about.
    expect(multiOrg(roster).length).toBeGreaterThan(0)
    expect(validatorFinds(roster)).toEqual([])
    expect(await readerFinds(roster)).toEqual([])
  })

  it('a generated district pulled over OneRoster REST 1.2 raises no role_primary_count', async () => {
    const roster = district()
    server = await startMockOneRosterServer({ version: '1.2', auth: serverAuth('bearer'), roster })
    const pulled = await clientFor(server, '1.2', 'bearer').pull()
    expect(multiOrg(pulled).length).toBeGreaterThan(0)
    expect(validatorFinds(pulled)).toEqual([])
    expect(await readerFinds(pulled)).toEqual([])
  })

  it('a generated district read over OneRoster 1.1, where each org carries one role, raises none either', async () => {
    const roster = district()
    server = await startMockOneRosterServer({ version: '1.1', auth: serverAuth('bearer'), roster })
    const pulled = await clientFor(server, '1.1', 'bearer').pull()
    expect(multiOrg(pulled).length).toBeGreaterThan(0)
    expect(validatorFinds(pulled)).toEqual([])
    const written = writeOneRosterCsv(roster, { version: '1.1' })
    expect(written.issues.filter((i) => i.code === 'writer_lossy' && i.column === 'role')).toEqual([])
    const read = await readOneRosterCsv(written.files)
    expect(validatorFinds(read.roster)).toEqual([])
  })

  it('finds a planted second primary and a planted org with only a secondary role, as the CSV reader does', async () => {
    const roster = district()
    const [twoAtOne, noneAtSecond] = multiOrg(roster)
    if (!twoAtOne || !noneAtSecond) throw new Error('generator gave too few users with roles at two orgs')
    const home = twoAtOne.roles[0]!
    twoAtOne.roles.push({ roleType: 'primary', role: 'aide', orgSourcedId: home.orgSourcedId })
    const second = noneAtSecond.roles[1]!
    second.roleType = 'secondary'

    expect(validatorFinds(roster)).toEqual(
      [`${twoAtOne.sourcedId} roles.0.roleType`, `${noneAtSecond.sourcedId} roles.1.roleType`].sort(),
    )
    expect(await readerFinds(roster)).toEqual(
      [`${twoAtOne.sourcedId} ${home.orgSourcedId}`, `${noneAtSecond.sourcedId} ${second.orgSourcedId}`].sort(),
    )
    const issue = validateRoster(roster).issues.find((i) => i.sourcedId === noneAtSecond.sourcedId)
    expect(issue).toMatchObject({ code: 'role_primary_count', severity: 'warning', entity: 'users' })
    expect(issue?.message).toContain(`0 primary roles at org ${second.orgSourcedId}`)
  })
})
