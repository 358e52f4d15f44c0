import { afterEach, describe, expect, it, vi } from 'vitest'
import { indexRoster, isCedsGrade, parseRoster, type Roster, type User } from '../../src/model/index.js'
import { evolveDistrict, generateDistrict } from '../../src/testing/generate-district.js'

const small = (): Roster => generateDistrict({ seed: 7, students: 600, schools: { elementary: 2, middle: 1, high: 2 } })

function roleOf(user: User): string | undefined {
  return user.roles[0]?.role
}

describe('generateDistrict', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('makes a roster the canonical schema accepts', () => {
    const roster = small()
    expect(() => parseRoster(roster)).not.toThrow()
    expect(roster.source.kind).toBe('generated')
    expect(roster.complete).toBe(true)
    expect(roster.mode).toBe('bulk')
  })

  it('is deterministic for a seed and independent of the clock', () => {
    const a = JSON.stringify(small())
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2031-02-03T04:05:06Z'))
    const b = JSON.stringify(small())
    expect(b).toBe(a)
    const other = JSON.stringify(
      generateDistrict({ seed: 8, students: 600, schools: { elementary: 2, middle: 1, high: 2 } }),
    )
    expect(other).not.toBe(a)
  })

  it('builds a district with the requested schools, students and a school year with terms', () => {
    const roster = small()
    const district = roster.orgs.filter((o) => o.type === 'district')
    const schools = roster.orgs.filter((o) => o.type === 'school')
    expect(district).toHaveLength(1)
    expect(schools.map((s) => s.name.split(' ').slice(-2).join(' ')).sort()).toEqual([
      'Elementary School',
      'Elementary School',
      'High School',
      'High School',
      'Middle School',
    ])
    for (const s of schools) {
      expect(s.parentSourcedId).toBe(district[0]?.sourcedId)
      expect(s.ncesId).toMatch(/^\d{12}$/)
      expect(s.stateId).toBeTruthy()
      expect(s.identifier).toBeTruthy()
    }
    expect(roster.users.filter((u) => roleOf(u) === 'student')).toHaveLength(600)
    const types = roster.academicSessions.map((s) => s.type).sort()
    expect(types).toEqual([
      'gradingPeriod',
      'gradingPeriod',
      'gradingPeriod',
      'gradingPeriod',
      'schoolYear',
      'semester',
      'semester',
    ])
    expect(new Set(roster.academicSessions.map((s) => s.schoolYear))).toEqual(new Set(['2025']))
  })

  it('keeps every sourcedId unique and every reference resolvable', () => {
    const roster = small()
    const index = indexRoster(roster)
    for (const name of ['orgs', 'academicSessions', 'courses', 'classes', 'users', 'enrollments'] as const) {
      expect(index[name].size, name).toBe(roster[name].length)
    }
    for (const cls of roster.classes) {
      expect(index.courses.has(cls.courseSourcedId)).toBe(true)
      expect(index.orgs.get(cls.schoolSourcedId)?.type).toBe('school')
      expect(cls.termSourcedIds.length).toBeGreaterThan(0)
      for (const t of cls.termSourcedIds) expect(index.academicSessions.has(t)).toBe(true)
      expect(cls.periods.length).toBeGreaterThan(0)
    }
    for (const e of roster.enrollments) {
      expect(index.users.has(e.userSourcedId)).toBe(true)
      expect(index.classes.get(e.classSourcedId)?.schoolSourcedId).toBe(e.schoolSourcedId)
    }
    for (const u of roster.users) for (const r of u.roles) expect(index.orgs.has(r.orgSourcedId)).toBe(true)
  })

  it('gives students one CEDS grade, a unique state id, local id and e-mail', () => {
    const students = small().users.filter((u) => roleOf(u) === 'student')
    for (const s of students) {
      expect(s.grades).toHaveLength(1)
      expect(isCedsGrade(s.grades[0] ?? '')).toBe(true)
    }
    for (const field of ['stateId', 'identifier', 'email', 'username'] as const) {
      const values = students.map((s) => s[field])
      expect(values.every((v) => typeof v === 'string' && v.length > 0)).toBe(true)
      expect(new Set(values).size, field).toBe(students.length)
    }
    expect(new Set(students.map((s) => s.grades[0]))).toEqual(
      new Set(['KG', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12']),
    )
  })

  it('links guardians and students both ways, with sibling families sharing guardians', () => {
    const roster = small()
    const index = indexRoster(roster)
    const contacts = roster.users.filter((u) => ['parent', 'guardian', 'relative'].includes(roleOf(u) ?? ''))
    expect(contacts.length).toBeGreaterThan(0)
    for (const g of contacts) {
      expect(g.agentSourcedIds.length).toBeGreaterThan(0)
      for (const id of g.agentSourcedIds) expect(index.users.get(id)?.agentSourcedIds).toContain(g.sourcedId)
      // A contact holds a role at every school where one of its students is.
      for (const id of g.agentSourcedIds) {
        const school = index.users.get(id)?.primaryOrgSourcedId
        expect(g.roles.some((r) => r.orgSourcedId === school)).toBe(true)
      }
    }
    expect(contacts.some((g) => g.agentSourcedIds.length > 1)).toBe(true)
  })

  it('gives each elementary student exactly one homeroom and each class one primary teacher, some a co-teacher', () => {
    const roster = small()
    const index = indexRoster(roster)
    const elementary = roster.users.filter(
      (u) => roleOf(u) === 'student' && ['KG', '03', '05'].includes(u.grades[0] ?? ''),
    )
    for (const s of elementary) {
      const homerooms = (index.enrollmentsByUser.get(s.sourcedId) ?? []).filter(
        (e) => index.classes.get(e.classSourcedId)?.classType === 'homeroom',
      )
      expect(homerooms).toHaveLength(1)
    }
    let coTaught = 0
    for (const cls of roster.classes) {
      const teachers = (index.enrollmentsByClass.get(cls.sourcedId) ?? []).filter((e) => e.role === 'teacher')
      expect(teachers.filter((e) => e.primary === true)).toHaveLength(1)
      if (teachers.some((e) => e.primary === false)) coTaught++
    }
    expect(coTaught).toBeGreaterThan(0)
    const highStudent = roster.users.find((u) => roleOf(u) === 'student' && u.grades[0] === '10') as User
    expect(index.enrollmentsByUser.get(highStudent.sourcedId)).toHaveLength(7)
  })

  it('includes school and district administrators, staff and demographics for students', () => {
    const roster = small()
    const roles = new Set(roster.users.map(roleOf))
    expect(roles).toEqual(
      new Set([
        'districtAdministrator',
        'principal',
        'counselor',
        'teacher',
        'student',
        'parent',
        'guardian',
        'relative',
      ]),
    )
    const studentIds = roster.users.filter((u) => roleOf(u) === 'student').map((u) => u.sourcedId)
    expect(roster.demographics.map((d) => d.sourcedId).sort()).toEqual([...studentIds].sort())
    expect(generateDistrict({ seed: 7, students: 50, withDemographics: false }).demographics).toEqual([])
  })

  it('prefixes every sourcedId and dates every record before pulledAt', () => {
    const roster = generateDistrict({ seed: 3, students: 120, idPrefix: 'x-' })
    for (const name of [
      'orgs',
      'academicSessions',
      'courses',
      'classes',
      'users',
      'enrollments',
      'demographics',
    ] as const) {
      for (const record of roster[name]) {
        expect(record.sourcedId.startsWith('x-')).toBe(true)
        expect((record.dateLastModified ?? '') < roster.pulledAt).toBe(true)
      }
    }
  })

  it('honours classSize', () => {
    const roster = generateDistrict({ seed: 2, students: 400, classSize: 10 })
    const index = indexRoster(roster)
    for (const cls of roster.classes) {
      const count = (index.enrollmentsByClass.get(cls.sourcedId) ?? []).filter((e) => e.role === 'student').length
      expect(count).toBeLessThanOrEqual(10)
    }
  })
})

describe('evolveDistrict', () => {
  const options = { newStudents: 4, transfers: 3, withdrawals: 3, newTeachers: 2, renamedClasses: 2 }

  it('does not modify its input and returns rosters the schema accepts', () => {
    const before = small()
    const json = JSON.stringify(before)
    const { roster, delta } = evolveDistrict(before, options)
    expect(JSON.stringify(before)).toBe(json)
    expect(() => parseRoster(roster)).not.toThrow()
    expect(() => parseRoster(delta)).not.toThrow()
    expect(delta.mode).toBe('delta')
    expect(roster.pulledAt > before.pulledAt).toBe(true)
  })

  it('is deterministic', () => {
    expect(JSON.stringify(evolveDistrict(small(), options))).toBe(JSON.stringify(evolveDistrict(small(), options)))
  })

  it('describes exactly the changes it made, all stamped after the previous pull', () => {
    const before = small()
    const { roster, delta, changes } = evolveDistrict(before, options)
    expect(changes.newStudents).toHaveLength(4)
    expect(changes.withdrawals).toHaveLength(3)
    expect(changes.transfers).toHaveLength(3)
    expect(changes.newTeachers).toHaveLength(2)
    expect(changes.renamedClasses).toHaveLength(2)
    const index = indexRoster(roster)
    for (const id of changes.withdrawals) expect(index.users.get(id)?.status).toBe('tobedeleted')
    for (const t of changes.transfers) {
      const user = index.users.get(t.userSourcedId) as User
      expect(user.primaryOrgSourcedId).toBe(t.toSchoolSourcedId)
      const active = (index.enrollmentsByUser.get(t.userSourcedId) ?? []).filter((e) => e.status === 'active')
      expect(active.length).toBeGreaterThan(0)
      for (const e of active) expect(e.schoolSourcedId).toBe(t.toSchoolSourcedId)
    }
    for (const r of changes.renamedClasses) expect(index.classes.get(r.classSourcedId)?.title).toBe(r.to)
    for (const id of changes.newStudents) {
      const student = index.users.get(id) as User
      expect((index.enrollmentsByUser.get(id) ?? []).length).toBeGreaterThan(0)
      for (const g of student.agentSourcedIds) expect(index.users.get(g)?.agentSourcedIds).toContain(id)
    }
    // The delta holds exactly the records whose stamp moved past the old pulledAt.
    for (const name of ['classes', 'users', 'enrollments', 'demographics'] as const) {
      const changed = roster[name].filter((r) => (r.dateLastModified ?? '') > before.pulledAt).map((r) => r.sourcedId)
      expect(delta[name].map((r) => r.sourcedId).sort(), name).toEqual(changed.sort())
      const described = [...changes.created[name], ...changes.updated[name], ...changes.deleted[name]]
      expect(described.sort(), name).toEqual(changed.sort())
    }
    expect(new Set(roster.users.map((u) => u.sourcedId)).size).toBe(roster.users.length)
  })

  it('leaves deleted records out of the bulk roster when asked, but keeps them in the delta', () => {
    const { roster, delta, changes } = evolveDistrict(small(), { withdrawals: 2, deletions: 'absent' })
    const ids = new Set(roster.users.map((u) => u.sourcedId))
    for (const id of changes.withdrawals) expect(ids.has(id)).toBe(false)
    expect(roster.enrollments.every((e) => e.status === 'active')).toBe(true)
    expect(delta.users.filter((u) => u.status === 'tobedeleted').length).toBeGreaterThanOrEqual(2)
  })

  it('can evolve an evolved district again without id clashes', () => {
    const first = evolveDistrict(small(), options).roster
    const second = evolveDistrict(first, options)
    expect(() => parseRoster(second.roster)).not.toThrow()
    const index = indexRoster(second.roster)
    expect(index.users.size).toBe(second.roster.users.length)
    expect(index.enrollments.size).toBe(second.roster.enrollments.length)
    expect(second.changes.newStudents.every((id) => !indexRoster(first).users.has(id))).toBe(true)
  })
})
