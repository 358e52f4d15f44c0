import type { Roster } from '../../src/model/index.js'

/**
 * Reduces a roster to what survives a trip through Clever's data model (see CLEVER_LOSSY_FIELDS),
 * so a pulled roster can be compared with its source.
 */
export function cleverComparable(roster: Roster) {
  const byId = <T extends { sourcedId: string }>(items: readonly T[]) =>
    [...items].sort((a, b) => (a.sourcedId < b.sourcedId ? -1 : 1))
  const district = roster.orgs.find((o) => o.type === 'district')
  return {
    orgs: byId(roster.orgs.filter((o) => o.type === 'district' || o.type === 'school')).map((o) => ({
      sourcedId: o.sourcedId,
      name: o.name,
      type: o.type,
      identifier: o.type === 'district' ? (o.ncesId ?? o.identifier) : o.identifier,
      ncesId: o.ncesId,
      stateId: o.type === 'district' ? undefined : o.stateId,
      parentSourcedId: o.type === 'district' ? undefined : o.parentSourcedId,
      dateLastModified: o.dateLastModified,
    })),
    academicSessions: byId(roster.academicSessions.filter((s) => s.type !== 'schoolYear')).map((s) => ({
      sourcedId: s.sourcedId,
      title: s.title,
      startDate: s.startDate,
      endDate: s.endDate,
    })),
    courses: byId(roster.courses).map((c) => ({ sourcedId: c.sourcedId, title: c.title, courseCode: c.courseCode })),
    classes: byId(roster.classes).map((c) => ({
      sourcedId: c.sourcedId,
      title: c.title,
      classCode: c.classCode,
      classType: c.classType ?? 'scheduled',
      grades: c.grades.slice(0, 1),
      subjects: c.classType === 'homeroom' ? [] : c.subjects.slice(0, 1),
      periods: c.periods.slice(0, 1),
      courseSourcedId: c.courseSourcedId,
      schoolSourcedId: c.schoolSourcedId,
      termSourcedIds: c.termSourcedIds.slice(0, 1),
      dateLastModified: c.dateLastModified,
    })),
    users: byId(roster.users).map((u) => {
      const contact = u.roles.some((r) => ['parent', 'guardian', 'relative'].includes(r.role))
      const adminOnly = u.roles.every((r) => r.role === 'districtAdministrator')
      return {
        sourcedId: u.sourcedId,
        username: adminOnly || contact ? undefined : u.username,
        sis: u.userIds.filter((i) => i.type.toLowerCase() === 'sis').map((i) => i.identifier),
        givenName: u.givenName,
        familyName: u.familyName,
        middleName: u.middleName,
        roles: [...new Set(u.roles.map((r) => `${r.role}@${contact ? district?.sourcedId : r.orgSourcedId}`))].sort(),
        primaryOrgSourcedId: contact ? district?.sourcedId : u.primaryOrgSourcedId,
        identifier: contact || adminOnly ? undefined : u.identifier,
        stateId: u.roles.some((r) => r.role === 'student' || r.role === 'teacher') ? u.stateId : undefined,
        email: u.email,
        phone: u.phone,
        agentSourcedIds: [...u.agentSourcedIds].sort(),
        grades: u.grades.slice(0, 1),
        dateLastModified: u.dateLastModified,
      }
    }),
    enrollments: roster.enrollments
      .filter((e) => e.status === 'active' && (e.role === 'teacher' || e.role === 'student'))
      .map((e) => `${e.classSourcedId}|${e.userSourcedId}|${e.role}|${e.role === 'teacher' ? e.primary === true : ''}`)
      .sort(),
    demographics: byId(
      roster.demographics.filter((d) =>
        roster.users.find((u) => u.sourcedId === d.sourcedId)?.roles.some((r) => r.role === 'student'),
      ),
    ).map((d) => {
      const races = (
        [
          'white',
          'asian',
          'blackOrAfricanAmerican',
          'americanIndianOrAlaskaNative',
          'nativeHawaiianOrOtherPacificIslander',
        ] as const
      ).filter((f) => d[f] === true)
      return {
        sourcedId: d.sourcedId,
        birthDate: d.birthDate,
        sex: d.sex === 'unspecified' ? 'other' : d.sex,
        race: d.demographicRaceTwoOrMoreRaces === true || races.length > 1 ? 'two' : races[0],
        hispanic: d.hispanicOrLatinoEthnicity,
      }
    }),
    districtId: district?.sourcedId,
  }
}
