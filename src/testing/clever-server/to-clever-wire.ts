import type { Demographics, Enrollment, Org, Role, Roster, User } from '../../model/index.js'
import { toCleverGrade } from '../../providers/clever/grades.js'
import { CLEVER_HOMEROOM_SUBJECT } from '../../providers/clever/map-section.js'
import { isoDateToCleverDate } from '../../providers/clever/wire-values.js'

/**
 * Canonical roster → Clever v3 wire records: the inverse of the `rosterkit/clever` mappers, so a
 * roster served by the loopback server and pulled back equals the source except for what Clever
 * cannot carry (see {@link CLEVER_LOSSY_FIELDS}).
 *
 * @module
 */

/**
 * What does not survive a trip through Clever's data model, for test authors comparing a pulled
 * roster with its source.
 */
export const CLEVER_LOSSY_FIELDS: readonly string[] = [
  'every record: metadata, provenance; status is always active',
  'orgs: only the district and schools; district identifier becomes its NCES id, district stateId dropped',
  'academicSessions: schoolYear sessions are not served; the rest become terms (type term, no parentSourcedId, orgSourcedId the district, no dateLastModified, schoolYear the year of endDate)',
  'courses: grades, subjects, subjectCodes, schoolYearSourcedId, dateLastModified dropped; orgSourcedId becomes the district',
  'classes: only the first grade, subject, period and term; subjects of homeroom classes; location; subjectCodes',
  'users: enabledUser, sms, pronouns, userIds other than type SIS (which comes back as `SIS`), role dates and role types; staff stateId; district admins keep only names and email; contacts hold their role at the district (Clever gives them no school) and lose their identifier and username',
  'enrollments: sourcedId becomes <classId>-<userId>; dates; roles other than teacher and student; primary of students',
  'demographics: only students; false race flags; birthplace and residence fields; several races become two-or-more',
]

/** Clever wire records by resource, each a plain JSON object. */
export interface CleverWireRecords {
  /** District records. */
  districts: Record<string, unknown>[]
  /** School records. */
  schools: Record<string, unknown>[]
  /** Term records. */
  terms: Record<string, unknown>[]
  /** Course records. */
  courses: Record<string, unknown>[]
  /** Section records. */
  sections: Record<string, unknown>[]
  /** User records, every role. */
  users: Record<string, unknown>[]
  /** Resource records (the model has none; always empty unless seeded). */
  resources: Record<string, unknown>[]
}

/** How to shape the wire records. */
export interface ToCleverWireOptions {
  /** Id of the district when the roster has no district org. */
  districtId: string
  /** API version: 3.1 adds `preferred_name`. */
  version: '3.0' | '3.1'
  /** Send contacts' whole name in `name.last`, as Clever's demo district does. */
  contactsWholeNameInLast?: boolean
}

const STAFF_ROLES: ReadonlySet<string> = new Set([
  'aide',
  'counselor',
  'principal',
  'siteAdministrator',
  'administrator',
  'proctor',
  'systemAdministrator',
])
const CONTACT_ROLES: ReadonlySet<string> = new Set(['parent', 'guardian', 'relative'])

const RACE_NAMES: ReadonlyArray<readonly [keyof Demographics, string]> = [
  ['white', 'Caucasian'],
  ['asian', 'Asian'],
  ['blackOrAfricanAmerican', 'Black or African American'],
  ['americanIndianOrAlaskaNative', 'American Indian'],
  ['nativeHawaiianOrOtherPacificIslander', 'Hawaiian or Other Pacific Islander'],
]

function isDistrict(org: Org): boolean {
  return org.type === 'district' || org.type === 'local'
}

function stamp(record: { dateLastModified?: string | undefined }): Record<string, string> {
  return record.dateLastModified === undefined ? {} : { last_modified: record.dateLastModified }
}

function orgsOf(user: User, roles: (role: Role) => boolean): string[] {
  const out: string[] = []
  for (const r of user.roles) if (roles(r.role) && !out.includes(r.orgSourcedId)) out.push(r.orgSourcedId)
  const primary = user.primaryOrgSourcedId
  if (primary !== undefined && out.includes(primary)) return [primary, ...out.filter((o) => o !== primary)]
  return out
}

function race(demo: Demographics): string {
  if (demo.demographicRaceTwoOrMoreRaces === true) return 'Two or More Races'
  const named = RACE_NAMES.filter(([flag]) => demo[flag] === true).map(([, name]) => name)
  if (named.length > 1) return 'Two or More Races'
  return named[0] ?? ''
}

function studentDemographics(demo: Demographics | undefined): Record<string, string> {
  if (demo === undefined) return {}
  const sex = demo.sex === 'male' ? 'M' : demo.sex === 'female' ? 'F' : demo.sex === undefined ? '' : 'X'
  const hispanic = demo.hispanicOrLatinoEthnicity === undefined ? '' : demo.hispanicOrLatinoEthnicity ? 'Y' : 'N'
  return {
    dob: demo.birthDate === undefined ? '' : isoDateToCleverDate(demo.birthDate),
    gender: sex,
    race: race(demo),
    hispanic_ethnicity: hispanic,
  }
}

function relationship(role: Role): string {
  if (role === 'parent') return 'Parent'
  if (role === 'relative') return 'Grandparent'
  return 'Other'
}

function toWireUser(
  user: User,
  districtId: string,
  demographics: Demographics | undefined,
  options: ToCleverWireOptions,
): Record<string, unknown> {
  const roles: Record<string, unknown> = {}
  const sis = user.userIds.find((u) => u.type.toLowerCase() === 'sis')?.identifier ?? ''
  const credentials = { district_username: user.username ?? '' }
  const studentSchools = orgsOf(user, (r) => r === 'student')
  if (studentSchools.length > 0) {
    roles.student = {
      school: studentSchools[0],
      schools: studentSchools,
      sis_id: sis,
      student_number: user.identifier ?? '',
      state_id: user.stateId ?? '',
      grade: user.grades[0] === undefined ? '' : toCleverGrade(user.grades[0]),
      credentials,
      ...studentDemographics(demographics),
      ...(options.version === '3.1'
        ? {
            preferred_name: {
              first: user.preferredFirstName ?? '',
              middle: user.preferredMiddleName ?? '',
              last: user.preferredLastName ?? '',
            },
          }
        : {}),
    }
  }
  const teacherSchools = orgsOf(user, (r) => r === 'teacher')
  if (teacherSchools.length > 0) {
    roles.teacher = {
      school: teacherSchools[0],
      schools: teacherSchools,
      sis_id: sis,
      teacher_number: user.identifier ?? '',
      state_id: user.stateId ?? '',
      credentials,
    }
  }
  const staffRole = user.roles.find((r) => STAFF_ROLES.has(r.role) || r.role.startsWith('ext:'))
  if (staffRole !== undefined) {
    const orgs = orgsOf(user, (r) => r === staffRole.role).filter((o) => o !== districtId)
    roles.staff = { schools: orgs, roles: [staffRole.role], staff_id: user.identifier ?? '', credentials }
  }
  if (user.roles.some((r) => r.role === 'districtAdministrator')) roles.district_admin = { title: '' }
  const contactRole = user.roles.find((r) => CONTACT_ROLES.has(r.role))
  if (contactRole !== undefined) {
    roles.contact = {
      sis_id: sis,
      phone: user.phone ?? '',
      phone_type: user.phone === undefined ? '' : 'Cell',
      student_relationships: user.agentSourcedIds.map((student) => ({
        student,
        relationship: relationship(contactRole.role),
        type: 'Parent/Guardian',
      })),
    }
  }
  const name =
    contactRole !== undefined && options.contactsWholeNameInLast === true
      ? { last: [user.givenName, user.familyName].filter((p) => p !== '').join(' ') }
      : { first: user.givenName, middle: user.middleName ?? '', last: user.familyName }
  return {
    id: user.sourcedId,
    district: districtId,
    email: user.email ?? '',
    name,
    ...stamp(user),
    roles,
  }
}

/**
 * Converts a canonical roster to Clever wire records. Sections carry their teachers (the primary
 * enrollment's user as `teacher`) and students from the roster's active enrollments.
 * @param roster - the canonical roster to serve
 * @param options - district id and shape options
 */
export function toCleverWire(roster: Roster, options: ToCleverWireOptions): CleverWireRecords {
  const district = roster.orgs.find(isDistrict)
  const districtId = district?.sourcedId ?? options.districtId
  const districts = [
    {
      id: districtId,
      name: district?.name ?? 'District',
      nces_id: district?.ncesId ?? district?.identifier ?? '',
      ...(district === undefined ? {} : stamp(district)),
    },
  ]
  const schools = roster.orgs
    .filter((o) => o.type === 'school')
    .map((o) => ({
      id: o.sourcedId,
      district: districtId,
      name: o.name,
      school_number: o.identifier ?? '',
      sis_id: '',
      nces_id: o.ncesId ?? '',
      state_id: o.stateId ?? '',
      ...stamp(o),
    }))
  const terms = roster.academicSessions
    .filter((s) => s.type !== 'schoolYear')
    .map((s) => ({
      id: s.sourcedId,
      district: districtId,
      name: s.title,
      start_date: s.startDate,
      end_date: s.endDate,
    }))
  const courses = roster.courses.map((c) => ({
    id: c.sourcedId,
    district: districtId,
    name: c.title,
    number: c.courseCode ?? '',
  }))
  const byClass = new Map<string, Enrollment[]>()
  for (const e of roster.enrollments) {
    if (e.status !== 'active') continue
    const list = byClass.get(e.classSourcedId)
    if (list) list.push(e)
    else byClass.set(e.classSourcedId, [e])
  }
  const sections = roster.classes.map((c) => {
    const members = byClass.get(c.sourcedId) ?? []
    const teachers = members.filter((e) => e.role === 'teacher')
    const primary = teachers.find((e) => e.primary === true)
    const subject = c.classType === 'homeroom' ? CLEVER_HOMEROOM_SUBJECT : (c.subjects[0] ?? '')
    return {
      id: c.sourcedId,
      district: districtId,
      school: c.schoolSourcedId,
      name: c.title,
      section_number: c.classCode ?? '',
      sis_id: '',
      period: c.periods[0] ?? '',
      subject,
      grade: c.grades[0] === undefined ? '' : toCleverGrade(c.grades[0]),
      course: c.courseSourcedId,
      term_id: c.termSourcedIds[0] ?? null,
      teacher: primary?.userSourcedId ?? null,
      teachers: [...new Set(teachers.map((e) => e.userSourcedId))],
      students: [...new Set(members.filter((e) => e.role === 'student').map((e) => e.userSourcedId))],
      ...stamp(c),
    }
  })
  const demographics = new Map(roster.demographics.map((d) => [d.sourcedId, d]))
  const users = roster.users.map((u) => toWireUser(u, districtId, demographics.get(u.sourcedId), options))
  return { districts, schools, terms, courses, sections, users, resources: [] }
}
