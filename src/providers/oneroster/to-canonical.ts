/**
 * Pure mappers from OneRoster wire records (as the tolerant reader hands them out) to the canonical
 * roster model. No I/O: each takes one record and returns one record.
 *
 * @module
 */
import {
  type AcademicSession,
  type Class,
  type Course,
  type Demographics,
  type Enrollment,
  EXTENSION_VALUE_PATTERN,
  type Org,
  type Provenance,
  ROLES,
  type Status,
  type User,
  type UserRole,
} from '../../model/index.js'
import type { OneRosterVersion } from './wire/field-spec.js'
import type {
  OneRosterAcademicSession,
  OneRosterBase,
  OneRosterClass,
  OneRosterCourse,
  OneRosterDemographics,
  OneRosterEnrollment,
  OneRosterOrg,
  OneRosterRef,
  OneRosterUser,
  OneRosterV1p1User,
  OneRosterV1p2User,
} from './wire/wire-types.js'

/** What every mapper needs to know besides the record. */
export interface CanonicalContext {
  /** The OneRoster version the record came from; recorded as provenance. */
  version: OneRosterVersion
  /**
   * One frozen provenance shared by every record mapped with this context, as a pull sets it;
   * without it each record gets its own object.
   */
  provenance?: Readonly<Provenance> | undefined
}

/**
 * A frozen provenance for records of one OneRoster version. A pull stamps it on every record
 * rather than allocating one per record: a million records then hold one object, not a million,
 * which keeps the heap (and its garbage collection) smaller. It is frozen because it is shared.
 * @param version - the OneRoster version the records came from
 */
export function sharedProvenance(version: OneRosterVersion): Readonly<Provenance> {
  return SHARED_PROVENANCE[version]
}

const SHARED_PROVENANCE: Readonly<Record<OneRosterVersion, Readonly<Provenance>>> = {
  '1.1': Object.freeze({ source: 'oneroster-rest', version: '1.1' }),
  '1.2': Object.freeze({ source: 'oneroster-rest', version: '1.2' }),
}

const KNOWN = {
  org: new Set(['department', 'district', 'local', 'national', 'school', 'state']),
  session: new Set(['gradingPeriod', 'semester', 'schoolYear', 'term']),
  classType: new Set(['homeroom', 'scheduled']),
  enrollmentRole: new Set(['administrator', 'proctor', 'student', 'teacher']),
  role: new Set<string>(ROLES),
  sex: new Set(['male', 'female', 'unspecified', 'other']),
}

/**
 * Keeps a value of a controlled vocabulary; a value outside it becomes an extension value
 * (`ext:<value>`) so the canonical model can hold what a provider really sent.
 */
function vocabulary<T extends string>(value: unknown, known: ReadonlySet<string>): T {
  // The wire reader leaves out records whose essential values are unreadable; this guard keeps a
  // mapper called on a record that did not pass through it from throwing a bare TypeError.
  if (typeof value !== 'string') return 'ext:unknown' as T
  if (known.has(value) || EXTENSION_VALUE_PATTERN.test(value)) return value as T
  return `ext:${value.replace(/[^a-zA-Z0-9.\-_]/g, '_') || 'unknown'}` as T
}

type BaseFields = Pick<Org, 'sourcedId' | 'status' | 'dateLastModified' | 'metadata' | 'provenance'>

function baseFields(wire: OneRosterBase, ctx: CanonicalContext): BaseFields {
  const out: BaseFields = {
    sourcedId: wire.sourcedId,
    status: (wire.status === 'tobedeleted' ? 'tobedeleted' : 'active') satisfies Status,
    provenance: provenance(ctx),
  }
  if (wire.dateLastModified !== undefined) out.dateLastModified = wire.dateLastModified
  if (wire.metadata !== undefined) out.metadata = wire.metadata
  return out
}

/**
 * The base fields, to be completed with a kind's own fields by plain assignments. Object spread
 * (`{ ...base, more }`) and `Object.assign(base, { more })` build a second object per record and
 * cost several times what assignments do in V8, which showed in the CPU of large pulls; assigning
 * keeps the same key order. The caller sets every required field of `T`.
 */
function startRecord<T extends BaseFields>(wire: OneRosterBase, ctx: CanonicalContext): T {
  return baseFields(wire, ctx) as T
}

function provenance(ctx: CanonicalContext): Provenance {
  return ctx.provenance ?? { source: 'oneroster-rest', version: ctx.version }
}

const id = (ref: OneRosterRef | undefined): string => ref?.sourcedId ?? ''
const ids = (refs: readonly OneRosterRef[] | undefined): string[] => {
  const out: string[] = []
  if (refs !== undefined) for (const ref of refs) out.push(ref.sourcedId)
  return out
}

/**
 * Maps a wire org to a canonical {@link Org}.
 * @param wire - an org as read from `/orgs` or `/schools`
 * @param ctx - the version it came from
 */
export function toCanonicalOrg(wire: OneRosterOrg, ctx: CanonicalContext): Org {
  const out = startRecord<Org>(wire, ctx)
  out.name = wire.name
  out.type = vocabulary(wire.type ?? 'school', KNOWN.org)
  // Vendors put NCES and state ids in metadata (the wire org has no field for them).
  const { ncesId, stateId, ...rest } = wire.metadata ?? {}
  if (typeof ncesId === 'string' || typeof stateId === 'string') {
    if (typeof ncesId === 'string') out.ncesId = ncesId
    if (typeof stateId === 'string') out.stateId = stateId
    if (Object.keys(rest).length > 0) out.metadata = rest
    else delete out.metadata
  }
  if (wire.identifier !== undefined) out.identifier = wire.identifier
  if (wire.parent !== undefined) out.parentSourcedId = wire.parent.sourcedId
  return out
}

/**
 * Maps a wire academic session (also a term or grading period) to a canonical {@link AcademicSession}.
 * @param wire - a session as read from `/academicSessions`, `/terms` or `/gradingPeriods`
 * @param ctx - the version it came from
 */
export function toCanonicalAcademicSession(wire: OneRosterAcademicSession, ctx: CanonicalContext): AcademicSession {
  const out = startRecord<AcademicSession>(wire, ctx)
  out.title = wire.title
  out.type = vocabulary(wire.type ?? 'term', KNOWN.session)
  out.startDate = wire.startDate ?? ''
  out.endDate = wire.endDate ?? ''
  out.schoolYear = wire.schoolYear
  if (wire.parent !== undefined) out.parentSourcedId = wire.parent.sourcedId
  if (wire.org !== undefined) out.orgSourcedId = wire.org.sourcedId
  return out
}

/**
 * Maps a wire course to a canonical {@link Course}.
 * @param wire - a course as read from `/courses`
 * @param ctx - the version it came from
 */
export function toCanonicalCourse(wire: OneRosterCourse, ctx: CanonicalContext): Course {
  const out = startRecord<Course>(wire, ctx)
  out.title = wire.title
  out.grades = wire.grades ?? []
  out.subjects = wire.subjects ?? []
  out.subjectCodes = wire.subjectCodes ?? []
  if (wire.courseCode !== undefined) out.courseCode = wire.courseCode
  if (wire.schoolYear !== undefined) out.schoolYearSourcedId = wire.schoolYear.sourcedId
  if (wire.org !== undefined) out.orgSourcedId = wire.org.sourcedId
  return out
}

/**
 * Maps a wire class to a canonical {@link Class}.
 * @param wire - a class as read from `/classes`
 * @param ctx - the version it came from
 */
export function toCanonicalClass(wire: OneRosterClass, ctx: CanonicalContext): Class {
  const out = startRecord<Class>(wire, ctx)
  out.title = wire.title
  out.grades = wire.grades ?? []
  out.subjects = wire.subjects ?? []
  out.subjectCodes = wire.subjectCodes ?? []
  out.periods = wire.periods ?? []
  out.courseSourcedId = id(wire.course)
  out.schoolSourcedId = id(wire.school)
  out.termSourcedIds = ids(wire.terms)
  if (wire.classCode !== undefined) out.classCode = wire.classCode
  if (wire.classType !== undefined)
    out.classType = vocabulary<NonNullable<Class['classType']>>(wire.classType, KNOWN.classType)
  if (wire.location !== undefined) out.location = wire.location
  return out
}

/**
 * Maps a wire enrollment to a canonical {@link Enrollment}.
 * @param wire - an enrollment as read from `/enrollments`
 * @param ctx - the version it came from
 */
export function toCanonicalEnrollment(wire: OneRosterEnrollment, ctx: CanonicalContext): Enrollment {
  const out = startRecord<Enrollment>(wire, ctx)
  out.userSourcedId = id(wire.user)
  out.classSourcedId = id(wire.class)
  out.schoolSourcedId = id(wire.school)
  out.role = vocabulary(wire.role, KNOWN.enrollmentRole)
  if (wire.primary !== undefined) out.primary = wire.primary
  if (wire.beginDate !== undefined) out.beginDate = wire.beginDate
  if (wire.endDate !== undefined) out.endDate = wire.endDate
  return out
}

const STATE_ID_TYPE = /^state[ _-]?(id)?$/i

type UserId = User['userIds'][number]

/** Index of the userId that holds a state id (the wire has no field for it, providers send it as a userId), or -1. */
function stateIdIndex(ids: readonly UserId[]): number {
  for (let i = 0; i < ids.length; i++) if (STATE_ID_TYPE.test((ids[i] as UserId).type)) return i
  return -1
}

/** The userIds without the one at `skip`, as a new array. */
function userIdsWithout(ids: readonly UserId[], skip: number): UserId[] {
  const out: UserId[] = []
  for (let i = 0; i < ids.length; i++) if (i !== skip) out.push(ids[i] as UserId)
  return out
}

function rolesV1p1(wire: OneRosterV1p1User): UserRole[] {
  const role = vocabulary<UserRole['role']>(wire.role, KNOWN.role)
  const out: UserRole[] = []
  // 1.1 has one role for every org, so it is the primary role there (1.2: exactly one primary per
  // org); the first org is the user's primary org.
  if (wire.orgs !== undefined)
    for (const org of wire.orgs) out.push({ roleType: 'primary', role, orgSourcedId: org.sourcedId })
  return out
}

function rolesV1p2(wire: OneRosterV1p2User): UserRole[] {
  const out: UserRole[] = []
  if (wire.roles === undefined) return out
  for (const r of wire.roles) {
    const role: UserRole = {
      roleType: r.roleType === 'secondary' ? 'secondary' : 'primary',
      role: vocabulary(r.role, KNOWN.role),
      orgSourcedId: id(r.org),
    }
    if (r.beginDate !== undefined) role.beginDate = r.beginDate
    if (r.endDate !== undefined) role.endDate = r.endDate
    out.push(role)
  }
  return out
}

function firstPrimaryOrg(roles: readonly UserRole[]): string | undefined {
  for (const r of roles) if (r.roleType === 'primary') return r.orgSourcedId
  return undefined
}

/**
 * Maps a wire user of either version to a canonical {@link User}: a 1.1 `role` + `orgs[]` becomes
 * one role per org (the first primary), a 1.2 `roles[]` is kept as is.
 * @param wire - a user as read from `/users`, `/students` or `/teachers`
 * @param ctx - the version it came from
 */
export function toCanonicalUser(wire: OneRosterUser, ctx: CanonicalContext): User {
  const v1p2 = 'roles' in wire
  const roles = v1p2 ? rolesV1p2(wire) : rolesV1p1(wire as OneRosterV1p1User)
  const wireIds = wire.userIds ?? []
  const stateAt = stateIdIndex(wireIds)
  const out = startRecord<User>(wire, ctx)
  out.userIds = userIdsWithout(wireIds, stateAt)
  out.enabledUser = wire.enabledUser ?? true
  out.givenName = wire.givenName
  out.familyName = wire.familyName
  out.roles = roles
  out.agentSourcedIds = ids(wire.agents)
  out.grades = wire.grades ?? []
  if (stateAt >= 0) out.stateId = (wireIds[stateAt] as UserId).identifier
  if (wire.username !== undefined && wire.username !== '') out.username = wire.username
  if (wire.middleName !== undefined) out.middleName = wire.middleName
  if (wire.identifier !== undefined) out.identifier = wire.identifier
  if (wire.email !== undefined) out.email = wire.email
  if (wire.sms !== undefined) out.sms = wire.sms
  if (wire.phone !== undefined) out.phone = wire.phone
  if (v1p2) {
    const u = wire as OneRosterV1p2User
    if (u.userMasterIdentifier !== undefined) out.userMasterIdentifier = u.userMasterIdentifier
    if (u.preferredFirstName !== undefined) out.preferredFirstName = u.preferredFirstName
    if (u.preferredMiddleName !== undefined) out.preferredMiddleName = u.preferredMiddleName
    if (u.preferredLastName !== undefined) out.preferredLastName = u.preferredLastName
    if (u.pronouns !== undefined) out.pronouns = u.pronouns
    const primaryOrg = u.primaryOrg?.sourcedId ?? firstPrimaryOrg(roles)
    if (primaryOrg !== undefined) out.primaryOrgSourcedId = primaryOrg
  } else if (roles[0] !== undefined) {
    out.primaryOrgSourcedId = roles[0].orgSourcedId
  }
  return out
}

/**
 * Maps a wire demographics record to canonical {@link Demographics}.
 * @param wire - a record as read from `/demographics`
 * @param ctx - the version it came from
 */
export function toCanonicalDemographics(wire: OneRosterDemographics, ctx: CanonicalContext): Demographics {
  const out: Demographics = baseFields(wire, ctx)
  if (wire.birthDate !== undefined) out.birthDate = wire.birthDate
  if (wire.sex !== undefined) out.sex = vocabulary<NonNullable<Demographics['sex']>>(wire.sex, KNOWN.sex)
  for (const flag of RACE_FLAGS) {
    const value = wire[flag]
    if (value !== undefined) out[flag] = value
  }
  if (wire.countryOfBirthCode !== undefined) out.countryOfBirthCode = wire.countryOfBirthCode
  if (wire.stateOfBirthAbbreviation !== undefined) out.stateOfBirthAbbreviation = wire.stateOfBirthAbbreviation
  if (wire.cityOfBirth !== undefined) out.cityOfBirth = wire.cityOfBirth
  if (wire.publicSchoolResidenceStatus !== undefined) out.publicSchoolResidenceStatus = wire.publicSchoolResidenceStatus
  return out
}

/** The boolean race and ethnicity fields of demographics. */
export const RACE_FLAGS = [
  'americanIndianOrAlaskaNative',
  'asian',
  'blackOrAfricanAmerican',
  'nativeHawaiianOrOtherPacificIslander',
  'white',
  'demographicRaceTwoOrMoreRaces',
  'hispanicOrLatinoEthnicity',
] as const
