/**
 * Canonical → OneRoster wire records, the inverse of the client's wire → canonical mappers
 * (`toCanonical*` in `rosterkit/oneroster`): a record served here and read back by the client
 * comes out equal to what went in.
 *
 * @module
 */
import type { AcademicSession, Class, Course, Demographics, Enrollment, Org, User } from '../../model/index.js'
import type { OneRosterVersion } from '../../providers/oneroster/wire/field-spec.js'

/** How the server writes records. */
export interface WireWriteOptions {
  /** OneRoster version of the wire shape. */
  version: OneRosterVersion
  /** Absolute URL of the versioned base, for hrefs. */
  baseUrl: string
  /** Write booleans as `"true"`/`"false"` strings (the 1.2 default) rather than JSON booleans. */
  booleansAsStrings: boolean
}

type Wire = Record<string, unknown>

/** userId type under which the state id travels. */
export const STATE_ID_TYPE = 'stateId'

const ADMIN_ROLES_V1P2 = new Set(['districtAdministrator', 'siteAdministrator', 'systemAdministrator', 'principal'])

function ref(path: string, type: string, sourcedId: string, o: WireWriteOptions): Wire {
  return { href: `${o.baseUrl}/${path}/${encodeURIComponent(sourcedId)}`, sourcedId, type }
}

function bool(value: boolean, o: WireWriteOptions): boolean | string {
  return o.booleansAsStrings ? String(value) : value
}

function base(r: Org | AcademicSession | Course | Class | User | Enrollment | Demographics): Wire {
  const w: Wire = { sourcedId: r.sourcedId, status: r.status }
  // The spec requires dateLastModified; records without one get a fixed instant so output stays stable.
  w.dateLastModified = r.dateLastModified ?? '2000-01-01T00:00:00.000Z'
  if (r.metadata !== undefined) w.metadata = r.metadata
  return w
}

function set(w: Wire, key: string, value: unknown): void {
  if (value !== undefined) w[key] = value
}

/** Writes a canonical org as a wire org. */
export function toWireOrg(org: Org, o: WireWriteOptions): Wire {
  const w = base(org)
  // The wire org has no NCES or state id field; they travel in metadata, where vendors put them.
  if (org.ncesId !== undefined || org.stateId !== undefined) {
    const metadata: Record<string, unknown> = { ...org.metadata }
    if (org.ncesId !== undefined) metadata.ncesId = org.ncesId
    if (org.stateId !== undefined) metadata.stateId = org.stateId
    w.metadata = metadata
  }
  w.name = org.name
  w.type = org.type
  set(w, 'identifier', org.identifier ?? (o.version === '1.2' ? '' : undefined))
  if (org.parentSourcedId !== undefined) w.parent = ref('orgs', 'org', org.parentSourcedId, o)
  return w
}

/** Writes a canonical academic session as a wire academic session. */
export function toWireAcademicSession(s: AcademicSession, o: WireWriteOptions): Wire {
  const w = base(s)
  w.title = s.title
  w.startDate = s.startDate
  w.endDate = s.endDate
  w.type = s.type
  if (s.parentSourcedId !== undefined) w.parent = ref('academicSessions', 'academicSession', s.parentSourcedId, o)
  w.schoolYear = s.schoolYear
  if (o.version === '1.2' && s.orgSourcedId !== undefined) w.org = ref('orgs', 'org', s.orgSourcedId, o)
  return w
}

/** Writes a canonical course as a wire course. */
export function toWireCourse(c: Course, o: WireWriteOptions): Wire {
  const w = base(c)
  w.title = c.title
  if (c.schoolYearSourcedId !== undefined)
    w.schoolYear = ref('academicSessions', 'academicSession', c.schoolYearSourcedId, o)
  set(w, 'courseCode', c.courseCode ?? (o.version === '1.2' ? '' : undefined))
  w.grades = c.grades
  w.subjects = c.subjects
  if (c.orgSourcedId !== undefined) w.org = ref('orgs', 'org', c.orgSourcedId, o)
  w.subjectCodes = c.subjectCodes
  return w
}

/** Writes a canonical class as a wire class. */
export function toWireClass(c: Class, o: WireWriteOptions): Wire {
  const w = base(c)
  w.title = c.title
  set(w, 'classCode', c.classCode)
  set(w, 'classType', c.classType)
  set(w, 'location', c.location)
  w.grades = c.grades
  w.subjects = c.subjects
  w.course = ref('courses', 'course', c.courseSourcedId, o)
  w.school = ref('orgs', 'org', c.schoolSourcedId, o)
  w.terms = c.termSourcedIds.map((t) => ref('academicSessions', 'academicSession', t, o))
  w.subjectCodes = c.subjectCodes
  w.periods = c.periods
  return w
}

/** Writes a canonical enrollment as a wire enrollment. */
export function toWireEnrollment(e: Enrollment, o: WireWriteOptions): Wire {
  const w = base(e)
  w.user = ref('users', 'user', e.userSourcedId, o)
  w.class = ref('classes', 'class', e.classSourcedId, o)
  w.school = ref('orgs', 'org', e.schoolSourcedId, o)
  w.role = e.role
  if (e.primary !== undefined) w.primary = bool(e.primary, o)
  set(w, 'beginDate', e.beginDate)
  set(w, 'endDate', e.endDate)
  return w
}

function v1p1Role(user: User): string {
  const primary = user.roles.find((r) => r.orgSourcedId === user.primaryOrgSourcedId) ?? user.roles[0]
  const role = primary?.role ?? 'student'
  // 1.1 has one `administrator` where 1.2 has four kinds of administrator.
  return ADMIN_ROLES_V1P2.has(role) ? 'administrator' : role === 'counselor' ? 'aide' : role
}

/** Writes a canonical user as a 1.1 (`role` + `orgs`) or 1.2 (`roles[]` + `primaryOrg`) wire user. */
export function toWireUser(u: User, o: WireWriteOptions): Wire {
  const w = base(u)
  set(w, 'username', u.username ?? (o.version === '1.1' ? '' : undefined))
  // The wire has no state id field; providers carry it as a userId, which the reader lifts back out.
  w.userIds = u.stateId === undefined ? u.userIds : [...u.userIds, { type: STATE_ID_TYPE, identifier: u.stateId }]
  w.enabledUser = bool(u.enabledUser, o)
  w.givenName = u.givenName
  w.familyName = u.familyName
  set(w, 'middleName', u.middleName)
  if (o.version === '1.1') {
    w.role = v1p1Role(u)
    // The primary org goes first: the reader makes the first org the primary one.
    const orgs = [...new Set(u.roles.filter((r) => r.roleType === 'primary').map((r) => r.orgSourcedId))]
    for (const r of u.roles) if (!orgs.includes(r.orgSourcedId)) orgs.push(r.orgSourcedId)
    w.orgs = orgs.map((id) => ref('orgs', 'org', id, o))
  } else {
    set(w, 'userMasterIdentifier', u.userMasterIdentifier)
    set(w, 'preferredFirstName', u.preferredFirstName)
    set(w, 'preferredMiddleName', u.preferredMiddleName)
    set(w, 'preferredLastName', u.preferredLastName)
    set(w, 'pronouns', u.pronouns)
    w.roles = u.roles.map((r) => {
      const role: Wire = { roleType: r.roleType, role: r.role, org: ref('orgs', 'org', r.orgSourcedId, o) }
      set(role, 'beginDate', r.beginDate)
      set(role, 'endDate', r.endDate)
      return role
    })
    if (u.primaryOrgSourcedId !== undefined) w.primaryOrg = ref('orgs', 'org', u.primaryOrgSourcedId, o)
  }
  set(w, 'identifier', u.identifier)
  set(w, 'email', u.email)
  set(w, 'sms', u.sms)
  set(w, 'phone', u.phone)
  w.agents = u.agentSourcedIds.map((id) => ref('users', 'user', id, o))
  w.grades = u.grades
  return w
}

const RACE_FLAGS = [
  'americanIndianOrAlaskaNative',
  'asian',
  'blackOrAfricanAmerican',
  'nativeHawaiianOrOtherPacificIslander',
  'white',
  'demographicRaceTwoOrMoreRaces',
  'hispanicOrLatinoEthnicity',
] as const

/** Writes canonical demographics as a wire demographics record. */
export function toWireDemographics(d: Demographics, o: WireWriteOptions): Wire {
  const w = base(d)
  set(w, 'birthDate', d.birthDate)
  set(w, 'sex', d.sex)
  for (const flag of RACE_FLAGS) {
    const value = d[flag]
    if (value !== undefined) w[flag] = bool(value, o)
  }
  set(w, 'countryOfBirthCode', d.countryOfBirthCode)
  set(w, 'stateOfBirthAbbreviation', d.stateOfBirthAbbreviation)
  set(w, 'cityOfBirth', d.cityOfBirth)
  set(w, 'publicSchoolResidenceStatus', d.publicSchoolResidenceStatus)
  return w
}
