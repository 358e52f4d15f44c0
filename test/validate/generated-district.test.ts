import { describe, expect, it } from 'vitest'
import type { Class, Roster, User } from '../../src/model/index.js'
import { generateDistrict } from '../../src/testing/generate-district.js'
import { type DistrictParameters, validateRoster } from '../../src/validate/index.js'

const ELEMENTARY = ['KG', '01', '02', '03', '04', '05']
const PARAMETERS: DistrictParameters = {
  testDistribution: 'class',
  testingMeasures: [
    { id: 'reading', grades: ELEMENTARY },
    {
      id: 'math',
      subjects: ['Mathematics'],
      grades: [...ELEMENTARY, '06', '07', '08'],
      screeningClass: { subjects: ['Mathematics'] },
    },
  ],
  screeningClass: { classType: 'homeroom' },
  requiredIdentifiers: { student: ['grades'] },
  quarantine: { enabled: true, maxShare: 0.05 },
}

function district(): Roster {
  return generateDistrict({ seed: 'validator', students: 1_200 })
}

const isStudent = (u: User): boolean => u.roles.some((r) => r.role === 'student')
const studentsOf = (roster: Roster, grade: string): User[] =>
  roster.users.filter((u) => isStudent(u) && u.status === 'active' && u.grades.includes(grade))
const classOf = (roster: Roster, id: string): Class => roster.classes.find((c) => c.sourcedId === id)!
const enrolledClasses = (roster: Roster, user: User): Class[] =>
  roster.enrollments.filter((e) => e.userSourcedId === user.sourcedId).map((e) => classOf(roster, e.classSourcedId))
const screeningIssues = (roster: Roster) =>
  validateRoster(roster, PARAMETERS)
    .issues.filter((i) => i.code.startsWith('screening_class'))
    .map((i) => `${i.code} ${i.sourcedId} ${i.path.join('.')}`)
    .sort()

describe('screening classes and testing measures on a generated district', () => {
  it('a freshly generated district has every in-scope student in exactly one screening class per measure', () => {
    const roster = district()
    const report = validateRoster(roster, PARAMETERS)
    expect(screeningIssues(roster)).toEqual([])
    const highSchool = roster.users.filter(
      (u) => isStudent(u) && u.status === 'active' && u.grades.some((g) => ['09', '10', '11', '12'].includes(g)),
    )
    expect(highSchool.length).toBeGreaterThan(0)
    const outside = report.issues.filter((i) => i.code === 'outside_testing_measures').map((i) => i.sourcedId)
    expect(outside.sort()).toEqual(highSchool.map((u) => u.sourcedId).sort())
    expect(report.blocked).toBe(false)
  })

  it('finds exactly the planted defects', () => {
    const roster = district()
    const [a, b] = studentsOf(roster, '02')
    const [c] = studentsOf(roster, '04')
    const [d] = studentsOf(roster, '07')
    const [e] = studentsOf(roster, '03')
    if (!a || !b || !c || !d || !e) throw new Error('generator gave too few students')
    const homeroomOf = (u: User) => enrolledClasses(roster, u).find((k) => k.classType === 'homeroom')!
    const mathOf = (u: User) => enrolledClasses(roster, u).find((k) => k.subjects.includes('Mathematics'))!

    // a: no homeroom (reading screening class missing).
    const aHomeroom = homeroomOf(a).sourcedId
    roster.enrollments = roster.enrollments.filter(
      (x) => !(x.userSourcedId === a.sourcedId && x.classSourcedId === aHomeroom),
    )
    // b: a second homeroom (reading ambiguous).
    const otherHomeroom = roster.classes.find(
      (k) => k.classType === 'homeroom' && k.sourcedId !== homeroomOf(b).sourcedId,
    )!
    roster.enrollments.push({
      sourcedId: 'planted-b',
      status: 'active',
      userSourcedId: b.sourcedId,
      classSourcedId: otherHomeroom.sourcedId,
      schoolSourcedId: otherHomeroom.schoolSourcedId,
      role: 'student',
    })
    // c: a second math class (math ambiguous).
    const otherMath = roster.classes.find(
      (k) => k.subjects.includes('Mathematics') && k.sourcedId !== mathOf(c).sourcedId,
    )!
    roster.enrollments.push({
      sourcedId: 'planted-c',
      status: 'active',
      userSourcedId: c.sourcedId,
      classSourcedId: otherMath.sourcedId,
      schoolSourcedId: otherMath.schoolSourcedId,
      role: 'student',
    })
    // d: its math enrollment marked tobedeleted (math missing; a deleted enrollment is no screening class).
    const dMath = mathOf(d).sourcedId
    const dEnrollment = roster.enrollments.find((x) => x.userSourcedId === d.sourcedId && x.classSourcedId === dMath)!
    dEnrollment.status = 'tobedeleted'
    // e: no grade at all (required identifier; covered by no measure).
    e.grades = []

    expect(screeningIssues(roster)).toEqual(
      [
        `screening_class_missing ${a.sourcedId} screeningClass.reading`,
        `screening_class_ambiguous ${b.sourcedId} screeningClass.reading`,
        `screening_class_ambiguous ${c.sourcedId} screeningClass.math`,
        `screening_class_missing ${d.sourcedId} screeningClass.math`,
      ].sort(),
    )
    const report = validateRoster(roster, PARAMETERS)
    expect(report.issues.filter((i) => i.sourcedId === e.sourcedId).map((i) => i.code)).toEqual([
      'missing_required_identifier',
      'outside_testing_measures',
    ])
    expect(report.quarantined.map((q) => q.sourcedId).sort()).toEqual([a, b, c, d, e].map((u) => u.sourcedId).sort())
    expect(report.ok).toBe(true)
  })
})
