import type { Demographics, Role, User } from '../../model/index.js'
import { CITIES, FAMILY_NAMES, GIVEN_NAMES } from './names.js'
import type { Prng } from './prng.js'

/**
 * Builders for generated people (students, teachers, staff, guardians) and their demographics,
 * shared by the district generator and the district evolver so both make the same shapes.
 *
 * @module
 */

/** What every person builder needs from the district being generated. */
export interface PeopleContext {
  /** The generator's random source. */
  rng: Prng
  /** Staff e-mail domain, e.g. `maplevalley.example.org`. */
  domain: string
  /** The state's FIPS code, the first two digits of state ids. */
  stateFips: string
  /** Returns a `dateLastModified` stamp for a new record. */
  stamp: () => string
}

/** A family: the shared family name and guardians of siblings. */
export interface Family {
  /** Index into {@link FAMILY_NAMES}. */
  familyIndex: number
  /** The family's guardians. */
  guardians: User[]
}

function slug(name: string): string {
  return name
    .normalize('NFD')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
}

// Slugs are computed once: normalising per person would dominate the generator's time.
const GIVEN_SLUGS = GIVEN_NAMES.map(slug)
const FAMILY_SLUGS = FAMILY_NAMES.map(slug)

const HOME_LANGUAGES = ['Spanish', 'Vietnamese', 'Mandarin', 'Arabic', 'Somali', 'Korean', 'Tagalog', 'Russian']

/** A random given-name index. */
export function pickGiven(rng: Prng): number {
  return rng.int(GIVEN_NAMES.length)
}

/** A random family-name index. */
export function pickFamily(rng: Prng): number {
  return rng.int(FAMILY_NAMES.length)
}

function baseUser(
  ctx: PeopleContext,
  sourcedId: string,
  given: number,
  family: number,
  role: Role,
  orgSourcedId: string,
): User {
  return {
    sourcedId,
    status: 'active',
    dateLastModified: ctx.stamp(),
    userIds: [],
    enabledUser: true,
    givenName: GIVEN_NAMES[given] as string,
    familyName: FAMILY_NAMES[family] as string,
    roles: [{ roleType: 'primary', role, orgSourcedId }],
    primaryOrgSourcedId: orgSourcedId,
    agentSourcedIds: [],
    grades: [],
  }
}

/**
 * A student at a school in a grade. `number` is unique per district and drives the local id,
 * state id, username and e-mail.
 */
export function makeStudent(
  ctx: PeopleContext,
  sourcedId: string,
  number: number,
  schoolSourcedId: string,
  grade: string,
  familyIndex: number,
): User {
  const { rng } = ctx
  const given = pickGiven(rng)
  const user = baseUser(ctx, sourcedId, given, familyIndex, 'student', schoolSourcedId)
  const localId = String(100000 + number)
  const username = `${GIVEN_SLUGS[given]?.[0] ?? 's'}${FAMILY_SLUGS[familyIndex]}${localId}`
  user.username = username
  user.identifier = localId
  user.stateId = `${ctx.stateFips}${String(number).padStart(8, '0')}`
  user.email = `${username}@students.${ctx.domain}`
  user.userIds = [{ type: 'SIS', identifier: localId }]
  user.grades = [grade]
  if (rng.chance(0.4)) user.middleName = GIVEN_NAMES[pickGiven(rng)] as string
  if (rng.chance(0.04)) user.preferredFirstName = GIVEN_NAMES[pickGiven(rng)] as string
  if (rng.chance(0.1)) user.metadata = { homeLanguage: rng.pick(HOME_LANGUAGES) }
  return user
}

/** An employee (teacher, administrator, counselor…) primary at one org. */
export function makeEmployee(
  ctx: PeopleContext,
  sourcedId: string,
  number: number,
  orgSourcedId: string,
  role: Role,
): User {
  const { rng } = ctx
  const given = pickGiven(rng)
  const family = pickFamily(rng)
  const user = baseUser(ctx, sourcedId, given, family, role, orgSourcedId)
  const username = `${GIVEN_SLUGS[given]}.${FAMILY_SLUGS[family]}${number}`
  const employeeId = `E${String(number).padStart(6, '0')}`
  user.username = username
  user.identifier = employeeId
  user.email = `${username}@${ctx.domain}`
  user.userIds = [{ type: 'HR', identifier: employeeId }]
  if (role === 'teacher') user.stateId = `T${ctx.stateFips}${String(number).padStart(7, '0')}`
  if (rng.chance(0.3)) user.middleName = GIVEN_NAMES[pickGiven(rng)] as string
  if (rng.chance(0.5)) user.pronouns = rng.pick(['she/her', 'he/him', 'they/them'])
  return user
}

/** A guardian, parent or relative of a student, with a personal e-mail and a phone number. */
export function makeGuardian(
  ctx: PeopleContext,
  sourcedId: string,
  number: number,
  schoolSourcedId: string,
  familyIndex: number,
): User {
  const { rng } = ctx
  const roll = rng.next()
  const role: Role = roll < 0.8 ? 'parent' : roll < 0.95 ? 'guardian' : 'relative'
  // A quarter of guardians carry a different family name from the student.
  const family = rng.chance(0.25) ? pickFamily(rng) : familyIndex
  const given = pickGiven(rng)
  const user = baseUser(ctx, sourcedId, given, family, role, schoolSourcedId)
  user.email = `${GIVEN_SLUGS[given]}.${FAMILY_SLUGS[family]}${number}@mail.example.com`
  // OneRoster 1.1 requires a username on every user; parent portals log in with the e-mail address.
  user.username = user.email
  const phone = `+1555${String(1000000 + (number % 9000000)).slice(-7)}`
  user.phone = phone
  if (rng.chance(0.6)) user.sms = phone
  // Contacts rarely log in to rostered apps.
  user.enabledUser = rng.chance(0.3)
  return user
}

/**
 * Gives the user their role at one more org, unless they already hold a role there. It is the user's
 * only role at that org, so it is the primary one there: OneRoster requires exactly one primary role
 * per org. The user's main org stays `primaryOrgSourcedId`.
 */
export function addOrgRole(user: User, orgSourcedId: string): void {
  const first = user.roles[0]
  if (!first) return
  for (const r of user.roles) if (r.orgSourcedId === orgSourcedId) return
  user.roles.push({ roleType: 'primary', role: first.role, orgSourcedId })
}

/** Demographics of a student in a grade, with a birth date that fits the grade and school year. */
export function makeDemographics(ctx: PeopleContext, user: User, grade: string, startYear: number): Demographics {
  const { rng } = ctx
  const gradeNumber = grade === 'KG' ? 0 : Number(grade)
  const birthYear = startYear - 6 - gradeNumber + (rng.chance(0.7) ? 1 : 0)
  const month = String(rng.between(1, 12)).padStart(2, '0')
  const day = String(rng.between(1, 28)).padStart(2, '0')
  const roll = rng.next()
  const demographics: Demographics = {
    sourcedId: user.sourcedId,
    status: 'active',
    dateLastModified: ctx.stamp(),
    birthDate: `${birthYear}-${month}-${day}`,
    sex: roll < 0.49 ? 'male' : roll < 0.98 ? 'female' : 'unspecified',
    americanIndianOrAlaskaNative: rng.chance(0.02),
    asian: rng.chance(0.08),
    blackOrAfricanAmerican: rng.chance(0.14),
    nativeHawaiianOrOtherPacificIslander: rng.chance(0.01),
    white: rng.chance(0.55),
    hispanicOrLatinoEthnicity: rng.chance(0.27),
    publicSchoolResidenceStatus: rng.chance(0.93) ? '01652' : '01653',
  }
  const races =
    Number(demographics.americanIndianOrAlaskaNative) +
    Number(demographics.asian) +
    Number(demographics.blackOrAfricanAmerican) +
    Number(demographics.nativeHawaiianOrOtherPacificIslander) +
    Number(demographics.white)
  demographics.demographicRaceTwoOrMoreRaces = races > 1
  if (rng.chance(0.9)) {
    demographics.countryOfBirthCode = 'US'
    demographics.cityOfBirth = rng.pick(CITIES)
  }
  return demographics
}
