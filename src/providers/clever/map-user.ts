import type { Demographics, Role, User, UserId, UserRole } from '../../model/index.js'
import { toCedsGrade } from './grades.js'
import { type CleverMappingContext, cleverProvenance } from './mapping-context.js'
import type { CleverContactRole, CleverStaffRole, CleverStudentRole, CleverUser } from './wire-schemas.js'
import { cleverDateToIsoDate, leftovers, present, toDateTime } from './wire-values.js'

/**
 * Clever users (students, teachers, staff, district admins, contacts) → canonical users and
 * student demographics.
 *
 * @module
 */

/** What one Clever user maps to. */
export interface CleverUserMapping {
  /** The user. */
  user: User
  /** The student's demographics, when Clever sent any. */
  demographics?: Demographics
}

const STAFF_ROLE_WORDS: ReadonlyArray<readonly [RegExp, Role]> = [
  [/^siteadministrator$/i, 'siteAdministrator'],
  [/^districtadministrator$/i, 'districtAdministrator'],
  [/^systemadministrator$/i, 'systemAdministrator'],
  [/^administrator$/i, 'administrator'],
  [/^proctor$/i, 'proctor'],
  [/principal/i, 'principal'],
  [/counsel/i, 'counselor'],
  [/\baide\b|paraprofessional/i, 'aide'],
]

/**
 * The canonical role of a Clever staff member. Staff roles are district-defined, so the words in
 * `staff.roles` and then `title` are matched against aide, counselor and principal (and the
 * canonical role names themselves); everyone else is a `siteAdministrator`, as the usual
 * Clever → OneRoster 1.2 crosswalk says.
 * @param staff - the `roles.staff` part of a user
 */
export function cleverStaffRole(staff: CleverStaffRole): Role {
  const words = [...(staff.roles ?? []), present(staff.title) ?? '']
  for (const word of words) {
    for (const [pattern, role] of STAFF_ROLE_WORDS) if (pattern.test(word.trim())) return role
  }
  return 'siteAdministrator'
}

/**
 * The canonical role of a contact, from its first relationship: `Parent` → `parent`;
 * `Grandparent`, `Aunt/Uncle`, `Sibling` → `relative`; anything else → `guardian`.
 * @param contact - the `roles.contact` part of a user
 */
export function cleverContactRole(contact: CleverContactRole): Role {
  const relationships = (contact.student_relationships ?? []).map((r) => present(r.relationship))
  if (relationships.includes('Parent')) return 'parent'
  if (relationships.some((r) => r === 'Grandparent' || r === 'Aunt/Uncle' || r === 'Sibling')) return 'relative'
  return 'guardian'
}

const RACE_FLAGS: Readonly<Record<string, keyof Demographics>> = {
  Caucasian: 'white',
  Asian: 'asian',
  'Black or African American': 'blackOrAfricanAmerican',
  'American Indian': 'americanIndianOrAlaskaNative',
  'Hawaiian or Other Pacific Islander': 'nativeHawaiianOrOtherPacificIslander',
  'Two or More Races': 'demographicRaceTwoOrMoreRaces',
}

const SEX_BY_GENDER = { M: 'male', F: 'female', X: 'other' } as const

function schoolsOf(primary: string | null | undefined, schools: readonly string[] | null | undefined): string[] {
  const out: string[] = []
  const first = present(primary)
  if (first !== undefined) out.push(first)
  for (const id of schools ?? []) if (present(id) !== undefined && !out.includes(id)) out.push(id)
  return out
}

function toDemographics(
  user: CleverUser,
  student: CleverStudentRole,
  dated: { dateLastModified?: string },
  ctx: CleverMappingContext,
): Demographics | undefined {
  const demo: Demographics = { sourcedId: user.id, status: 'active', ...dated }
  const birthDate = cleverDateToIsoDate(student.dob)
  if (birthDate !== undefined) demo.birthDate = birthDate
  const gender = present(student.gender)
  if (gender === 'M' || gender === 'F' || gender === 'X') demo.sex = SEX_BY_GENDER[gender]
  const race = present(student.race)
  const flag = race === undefined ? undefined : RACE_FLAGS[race]
  if (flag !== undefined) (demo as Record<string, unknown>)[flag] = true
  const hispanic = present(student.hispanic_ethnicity)
  if (hispanic === 'Y') demo.hispanicOrLatinoEthnicity = true
  if (hispanic === 'N') demo.hispanicOrLatinoEthnicity = false
  if (Object.keys(demo).length === 2 + Object.keys(dated).length) return undefined
  demo.provenance = cleverProvenance(ctx)
  return demo
}

/**
 * Maps a Clever user to a canonical user, and a student's demographic fields to demographics.
 * Roles: a student or teacher holds the role at each of its schools (the `school` one is the
 * primary org); staff at each of its schools (or the district), per {@link cleverStaffRole};
 * district admins hold `districtAdministrator` and contacts `parent`/`relative`/`guardian` at the
 * district. A contact's students become its `agentSourcedIds`; the students' side is filled in by
 * {@link linkContacts}. A name sent whole in `name.last` (as Clever does for contacts) is split at
 * its last space, the original kept in `metadata.name`. Unused fields go to `metadata`, per role.
 * @param user - a user as read from `/users`
 * @param ctx - the mapping context
 */
export function toCanonicalUser(user: CleverUser, ctx: CleverMappingContext): CleverUserMapping {
  const { student, teacher, staff, district_admin: districtAdmin, contact } = user.roles
  const district = present(user.district)
  const modified = toDateTime(user.last_modified)
  const dated = modified === undefined ? {} : { dateLastModified: modified }
  const roles: UserRole[] = []
  const addRole = (role: Role, org: string | undefined): void => {
    if (org === undefined) return
    const roleType = roles.some((r) => r.orgSourcedId === org) ? 'secondary' : 'primary'
    roles.push({ roleType, role, orgSourcedId: org })
  }
  const metadata: Record<string, unknown> = {}
  const keep = (key: string, part: object | null | undefined, used: readonly string[]): void => {
    if (part === null || part === undefined) return
    const rest = leftovers(part, used)
    if (rest !== undefined) metadata[key] = rest
  }

  let primaryOrg: string | undefined
  let identifier: string | undefined
  let stateId: string | undefined
  let username: string | undefined
  const sisIds: string[] = []
  const grades: string[] = []
  const agents: string[] = []
  let phone: string | undefined
  let demographics: Demographics | undefined
  const preferred: Partial<Record<'preferredFirstName' | 'preferredMiddleName' | 'preferredLastName', string>> = {}

  if (student) {
    const schools = schoolsOf(student.school, student.schools)
    for (const school of schools) addRole('student', school)
    primaryOrg ??= schools[0]
    identifier ??= present(student.student_number) ?? present(student.sis_id)
    stateId ??= present(student.state_id)
    username ??= present(student.credentials?.district_username)
    const sis = present(student.sis_id)
    if (sis !== undefined) sisIds.push(sis)
    const grade = toCedsGrade(student.grade)
    if (grade !== undefined) grades.push(grade)
    const first = present(student.preferred_name?.first)
    const middle = present(student.preferred_name?.middle)
    const last = present(student.preferred_name?.last)
    if (first !== undefined) preferred.preferredFirstName = first
    if (middle !== undefined) preferred.preferredMiddleName = middle
    if (last !== undefined) preferred.preferredLastName = last
    demographics = toDemographics(user, student, dated, ctx)
    const used = ['school', 'schools', 'state_id', 'credentials', 'sis_id', 'grade', 'preferred_name']
    used.push('dob', 'gender', 'race', 'hispanic_ethnicity')
    if (identifier === present(student.student_number)) used.push('student_number')
    keep('student', student, used)
    if (present(student.dob) !== undefined && demographics?.birthDate === undefined) {
      // A birth date that is not a date is kept as sent rather than lost.
      metadata.student = { ...((metadata.student as object | undefined) ?? {}), dob: student.dob }
    }
  }
  if (teacher) {
    const schools = schoolsOf(teacher.school, teacher.schools)
    for (const school of schools) addRole('teacher', school)
    primaryOrg ??= schools[0]
    const number = present(teacher.teacher_number)
    identifier ??= number ?? present(teacher.sis_id)
    stateId ??= present(teacher.state_id)
    username ??= present(teacher.credentials?.district_username)
    const sis = present(teacher.sis_id)
    if (sis !== undefined && !sisIds.includes(sis)) sisIds.push(sis)
    keep('teacher', teacher, ['school', 'schools', 'state_id', 'credentials', 'sis_id', 'teacher_number'])
  }
  if (staff) {
    const role = cleverStaffRole(staff)
    const schools = schoolsOf(undefined, staff.schools)
    if (schools.length === 0) addRole(role, district)
    for (const school of schools) addRole(role, school)
    primaryOrg ??= schools[0] ?? district
    identifier ??= present(staff.staff_id)
    username ??= present(staff.credentials?.district_username)
    keep('staff', staff, ['schools', 'credentials', 'staff_id'])
  }
  if (districtAdmin) {
    addRole('districtAdministrator', district)
    primaryOrg ??= district
    keep('district_admin', districtAdmin, [])
  }
  if (contact) {
    addRole(cleverContactRole(contact), district)
    primaryOrg ??= district
    const sis = present(contact.sis_id)
    if (sis !== undefined) sisIds.push(sis)
    phone = present(contact.phone)
    for (const rel of contact.student_relationships ?? []) {
      if (present(rel.student) !== undefined && !agents.includes(rel.student)) agents.push(rel.student)
    }
    keep('contact', contact, ['sis_id', 'phone'])
  }

  let givenName = present(user.name?.first)
  let familyName = present(user.name?.last)
  if (givenName === undefined && familyName !== undefined && familyName.trim().includes(' ')) {
    const whole = familyName.trim()
    const at = whole.lastIndexOf(' ')
    givenName = whole.slice(0, at).trim()
    familyName = whole.slice(at + 1)
    metadata.name = user.name
  }
  const middleName = present(user.name?.middle)
  const email = present(user.email)
  const rest = leftovers(user, ['id', 'district', 'email', 'name', 'last_modified', 'roles'])
  if (rest !== undefined) Object.assign(metadata, rest)
  const otherRoles = leftovers(user.roles, ['student', 'teacher', 'staff', 'district_admin', 'contact'])
  if (otherRoles !== undefined) metadata.roles = otherRoles
  const userIds: UserId[] = sisIds.map((identifier) => ({ type: 'SIS', identifier }))

  const canonical: User = {
    sourcedId: user.id,
    status: 'active',
    ...dated,
    ...(username === undefined ? {} : { username }),
    userIds,
    enabledUser: true,
    givenName: givenName ?? '',
    familyName: familyName ?? '',
    ...(middleName === undefined ? {} : { middleName }),
    ...preferred,
    roles,
    ...(primaryOrg === undefined ? {} : { primaryOrgSourcedId: primaryOrg }),
    ...(identifier === undefined ? {} : { identifier }),
    ...(stateId === undefined ? {} : { stateId }),
    ...(email === undefined ? {} : { email }),
    ...(phone === undefined ? {} : { phone }),
    agentSourcedIds: agents,
    grades,
    ...(Object.keys(metadata).length === 0 ? {} : { metadata }),
    provenance: cleverProvenance(ctx),
  }
  return demographics === undefined ? { user: canonical } : { user: canonical, demographics }
}

/**
 * Completes the two-way link between contacts and students: every student named by a contact
 * gets the contact in its `agentSourcedIds`. Returns new user objects where anything changed.
 * @param users - canonical users mapped from Clever, contacts included
 */
export function linkContacts(users: readonly User[]): User[] {
  const contactsByStudent = new Map<string, string[]>()
  for (const user of users) {
    if (!user.roles.some((r) => r.role === 'parent' || r.role === 'guardian' || r.role === 'relative')) continue
    for (const studentId of user.agentSourcedIds) {
      const list = contactsByStudent.get(studentId)
      if (list) list.push(user.sourcedId)
      else contactsByStudent.set(studentId, [user.sourcedId])
    }
  }
  return users.map((user) => {
    const contacts = contactsByStudent.get(user.sourcedId)
    if (contacts === undefined) return user
    const agents = [...user.agentSourcedIds]
    for (const id of contacts) if (!agents.includes(id)) agents.push(id)
    return { ...user, agentSourcedIds: agents }
  })
}
