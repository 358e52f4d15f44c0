/**
 * Declarative field tables of the OneRoster wire records, per version. The tolerant reader walks
 * these tables by hand instead of running a schema per record: it is the hot path of every pull.
 *
 * @module
 */
import {
  CLASS_TYPES,
  ENROLLMENT_ROLES,
  ORG_TYPES,
  ROLE_TYPES,
  ROLES_V1P1,
  ROLES_V1P2,
  SESSION_TYPES,
  SEXES,
} from '../../../model/index.js'

/** A OneRoster REST version. */
export type OneRosterVersion = '1.1' | '1.2'

/**
 * What every field spec may say besides its kind. `required`: the spec requires the field; a
 * missing one is reported and filled with an empty value. `essential`: the canonical record cannot
 * exist without it (its id, an org's name, an enrollment's class, a role): a record missing it, or
 * holding an unreadable value in it, is left out — the same fields the CSV reader skips a row for.
 */
export interface FieldFlags {
  /** The spec requires the field. */
  required?: boolean
  /** The canonical record cannot exist without the field. */
  essential?: boolean
}

/** How one wire field is read. */
export type FieldSpec = FieldFlags &
  (
    | { kind: 'string' }
    | { kind: 'bool' }
    | { kind: 'date' }
    | { kind: 'datetime' }
    | {
        kind: 'enum'
        values: readonly string[]
        extensible: boolean
        /** Values the other OneRoster version allows here: read in their own spelling, with a warning. */
        otherVersion?: readonly string[]
      }
    | { kind: 'status' }
    | { kind: 'year' }
    | { kind: 'ref' }
    | { kind: 'refs'; minOne?: boolean }
    | { kind: 'strings'; commaList?: boolean }
    | { kind: 'grades' }
    | { kind: 'object' }
    | { kind: 'list'; item: RecordSpec; minOne?: boolean }
    | { kind: 'raw' }
  )

/** Field table of one record kind. */
export type RecordSpec = Readonly<Record<string, FieldSpec>>

/** The record kinds of the rostering service. */
export type WireRecordKind = 'org' | 'academicSession' | 'course' | 'class' | 'user' | 'enrollment' | 'demographics'

const base = (): RecordSpec => ({
  sourcedId: { kind: 'string', required: true, essential: true },
  status: { kind: 'status', required: true },
  dateLastModified: { kind: 'datetime', required: true },
  metadata: { kind: 'object' },
})

function org(v: OneRosterVersion): RecordSpec {
  return {
    ...base(),
    name: { kind: 'string', required: true, essential: true },
    type: { kind: 'enum', values: ORG_TYPES, extensible: v === '1.2', required: true, essential: true },
    identifier: { kind: 'string', required: v === '1.2' },
    parent: { kind: 'ref' },
    children: { kind: 'refs' },
  }
}

function academicSession(v: OneRosterVersion): RecordSpec {
  return {
    ...base(),
    title: { kind: 'string', required: true, essential: true },
    startDate: { kind: 'date', required: true, essential: true },
    endDate: { kind: 'date', required: true, essential: true },
    type: { kind: 'enum', values: SESSION_TYPES, extensible: v === '1.2', required: true, essential: true },
    parent: { kind: 'ref' },
    children: { kind: 'refs' },
    schoolYear: { kind: 'year', required: true, essential: true },
    ...(v === '1.2' ? { org: { kind: 'ref' } as const } : {}),
  }
}

function course(v: OneRosterVersion): RecordSpec {
  return {
    ...base(),
    title: { kind: 'string', required: true, essential: true },
    schoolYear: { kind: 'ref' },
    courseCode: { kind: 'string', required: v === '1.2' },
    grades: { kind: 'grades' },
    subjects: { kind: 'strings' },
    org: { kind: 'ref', required: v === '1.1' },
    subjectCodes: { kind: 'strings' },
    resources: { kind: 'refs' },
  }
}

function klass(v: OneRosterVersion): RecordSpec {
  return {
    ...base(),
    title: { kind: 'string', required: true, essential: true },
    classCode: { kind: 'string' },
    classType: { kind: 'enum', values: CLASS_TYPES, extensible: v === '1.2', required: v === '1.1' },
    location: { kind: 'string' },
    grades: { kind: 'grades' },
    subjects: { kind: 'strings' },
    course: { kind: 'ref', required: true, essential: true },
    school: { kind: 'ref', required: true, essential: true },
    terms: { kind: 'refs', required: true, minOne: true },
    subjectCodes: { kind: 'strings' },
    // The 1.1 OpenAPI types periods as one string; 1.2 as a list. Both read as a list.
    periods: { kind: 'strings', commaList: v === '1.1' },
    resources: { kind: 'refs' },
  }
}

function enrollment(v: OneRosterVersion): RecordSpec {
  return {
    ...base(),
    user: { kind: 'ref', required: true, essential: true },
    class: { kind: 'ref', required: true, essential: true },
    school: { kind: 'ref', required: true, essential: true },
    // The 1.1 OpenAPI lists the user roles here; the 1.1 information model only the four below.
    role: {
      kind: 'enum',
      values: v === '1.1' ? ROLES_V1P1 : ENROLLMENT_ROLES,
      extensible: v === '1.2',
      required: true,
      essential: true,
    },
    primary: { kind: 'bool' },
    beginDate: { kind: 'date' },
    endDate: { kind: 'date' },
  }
}

const USER_ID: RecordSpec = { type: { kind: 'string', required: true }, identifier: { kind: 'string', required: true } }

const ROLE_V1P2: RecordSpec = {
  roleType: { kind: 'enum', values: ROLE_TYPES, extensible: false, required: true, essential: true },
  role: {
    kind: 'enum',
    values: ROLES_V1P2,
    otherVersion: ROLES_V1P1.filter((r) => !(ROLES_V1P2 as readonly string[]).includes(r)),
    extensible: true,
    required: true,
    essential: true,
  },
  org: { kind: 'ref', required: true, essential: true },
  userProfile: { kind: 'string' },
  beginDate: { kind: 'date' },
  endDate: { kind: 'date' },
}

function user(v: OneRosterVersion): RecordSpec {
  const common: RecordSpec = {
    ...base(),
    username: { kind: 'string', required: v === '1.1' },
    userIds: { kind: 'list', item: USER_ID },
    enabledUser: { kind: 'bool', required: v === '1.2' },
    givenName: { kind: 'string', required: true },
    familyName: { kind: 'string', required: true },
    middleName: { kind: 'string' },
    identifier: { kind: 'string' },
    email: { kind: 'string' },
    sms: { kind: 'string' },
    phone: { kind: 'string' },
    agents: { kind: 'refs' },
    grades: { kind: 'grades' },
    password: { kind: 'string' },
  }
  if (v === '1.1') {
    return {
      ...common,
      role: {
        kind: 'enum',
        values: ROLES_V1P1,
        otherVersion: ROLES_V1P2.filter((r) => !(ROLES_V1P1 as readonly string[]).includes(r)),
        extensible: false,
        required: true,
        essential: true,
      },
      orgs: { kind: 'refs', required: true, minOne: true },
    }
  }
  return {
    ...common,
    userMasterIdentifier: { kind: 'string' },
    preferredFirstName: { kind: 'string' },
    preferredMiddleName: { kind: 'string' },
    preferredLastName: { kind: 'string' },
    pronouns: { kind: 'string' },
    roles: { kind: 'list', item: ROLE_V1P2, required: true, minOne: true },
    userProfiles: { kind: 'raw' },
    primaryOrg: { kind: 'ref' },
    resources: { kind: 'refs' },
  }
}

function demographics(v: OneRosterVersion): RecordSpec {
  return {
    ...base(),
    birthDate: { kind: 'date' },
    sex: {
      kind: 'enum',
      values: v === '1.1' ? ['male', 'female'] : SEXES,
      otherVersion: v === '1.1' ? ['unspecified', 'other'] : [],
      extensible: v === '1.2',
    },
    americanIndianOrAlaskaNative: { kind: 'bool' },
    asian: { kind: 'bool' },
    blackOrAfricanAmerican: { kind: 'bool' },
    nativeHawaiianOrOtherPacificIslander: { kind: 'bool' },
    white: { kind: 'bool' },
    demographicRaceTwoOrMoreRaces: { kind: 'bool' },
    hispanicOrLatinoEthnicity: { kind: 'bool' },
    countryOfBirthCode: { kind: 'string' },
    stateOfBirthAbbreviation: { kind: 'string' },
    cityOfBirth: { kind: 'string' },
    publicSchoolResidenceStatus: { kind: 'string' },
  }
}

function tables(v: OneRosterVersion): Readonly<Record<WireRecordKind, RecordSpec>> {
  return {
    org: org(v),
    academicSession: academicSession(v),
    course: course(v),
    class: klass(v),
    user: user(v),
    enrollment: enrollment(v),
    demographics: demographics(v),
  }
}

/** Field tables of every record kind, per version. */
export const FIELD_SPECS: Readonly<Record<OneRosterVersion, Readonly<Record<WireRecordKind, RecordSpec>>>> = {
  '1.1': tables('1.1'),
  '1.2': tables('1.2'),
}
