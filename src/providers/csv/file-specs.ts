import {
  CLASS_TYPES,
  ENROLLMENT_ROLES,
  ORG_TYPES,
  ROLE_TYPES,
  ROLES,
  ROLES_V1P1,
  ROLES_V1P2,
  ROSTER_COLLECTIONS,
  type RosterCollection,
  SESSION_TYPES,
  SEXES,
} from '../../model/index.js'

/**
 * The rostering files of OneRoster CSV 1.1 and 1.2: columns in spec order, which values are
 * required, and how each column is parsed.
 *
 * @module
 */

/** OneRoster CSV versions rosterkit reads and writes. */
export type OneRosterCsvVersion = '1.1' | '1.2'

/** How a column's cells are parsed. */
export type ColumnKind =
  | 'id'
  | 'text'
  | 'status'
  | 'datetime'
  | 'date'
  | 'schoolYear'
  | 'boolean'
  | 'enum'
  | 'list'
  | 'grades'
  | 'userIds'

/** One column of a file. */
export interface ColumnSpec {
  /** Column name as the spec spells it. */
  name: string
  /** How cells are parsed. */
  kind: ColumnKind
  /** Canonical field the value goes to; defaults to `name`. `-` means not mapped. */
  field?: string
  /** Every row must have a value (spec). */
  required?: boolean
  /** The canonical record cannot exist without the value: the row is skipped when it is missing. */
  essential?: boolean
  /** Allowed values of an `enum` column. */
  values?: readonly string[]
  /** Values of an `enum` column accepted but belonging to another version. */
  otherVersionValues?: readonly string[]
  /** The column may be missing from the header without an issue (the spec lists disagree). */
  optionalColumn?: boolean
}

/** Names of the rostering files rosterkit reads (without `.csv`). */
export type RosteringFile =
  | 'orgs'
  | 'academicSessions'
  | 'courses'
  | 'classes'
  | 'users'
  | 'enrollments'
  | 'demographics'
  | 'roles'
  | 'userProfiles'

/**
 * Each canonical collection and the bundle file that carries it. They share their names, which the
 * type checks; reader and writer both walk this list so the pairing is stated once.
 */
export const COLLECTION_FILES: ReadonlyArray<readonly [RosterCollection, RosteringFile]> = ROSTER_COLLECTIONS.map(
  (collection) => [collection, collection] as const,
)

/** One file's definition. */
export interface FileSpec {
  /** File name without `.csv`. */
  name: RosteringFile
  /** Columns in spec order. */
  columns: readonly ColumnSpec[]
}

const head: readonly ColumnSpec[] = [
  { name: 'sourcedId', kind: 'id', required: true, essential: true },
  { name: 'status', kind: 'status' },
  { name: 'dateLastModified', kind: 'datetime' },
]

const orgs: FileSpec = {
  name: 'orgs',
  columns: [
    ...head,
    { name: 'name', kind: 'text', required: true, essential: true },
    { name: 'type', kind: 'enum', values: ORG_TYPES, required: true, essential: true },
    { name: 'identifier', kind: 'text' },
    { name: 'parentSourcedId', kind: 'id' },
  ],
}

const academicSessions: FileSpec = {
  name: 'academicSessions',
  columns: [
    ...head,
    { name: 'title', kind: 'text', required: true, essential: true },
    { name: 'type', kind: 'enum', values: SESSION_TYPES, required: true, essential: true },
    { name: 'startDate', kind: 'date', required: true, essential: true },
    { name: 'endDate', kind: 'date', required: true, essential: true },
    { name: 'parentSourcedId', kind: 'id' },
    { name: 'schoolYear', kind: 'schoolYear', required: true, essential: true },
  ],
}

const courses: FileSpec = {
  name: 'courses',
  columns: [
    ...head,
    { name: 'schoolYearSourcedId', kind: 'id' },
    { name: 'title', kind: 'text', required: true, essential: true },
    { name: 'courseCode', kind: 'text' },
    { name: 'grades', kind: 'grades' },
    { name: 'orgSourcedId', kind: 'id', required: true },
    { name: 'subjects', kind: 'list' },
    { name: 'subjectCodes', kind: 'list' },
  ],
}

const classes: FileSpec = {
  name: 'classes',
  columns: [
    ...head,
    { name: 'title', kind: 'text', required: true, essential: true },
    { name: 'grades', kind: 'grades' },
    { name: 'courseSourcedId', kind: 'id', required: true, essential: true },
    { name: 'classCode', kind: 'text' },
    { name: 'classType', kind: 'enum', values: CLASS_TYPES, required: true },
    { name: 'location', kind: 'text' },
    { name: 'schoolSourcedId', kind: 'id', required: true, essential: true },
    { name: 'termSourcedIds', kind: 'list', required: true },
    { name: 'subjects', kind: 'list' },
    { name: 'subjectCodes', kind: 'list' },
    { name: 'periods', kind: 'list' },
  ],
}

const v1p2Only = ROLES_V1P2.filter((r) => !(ROLES_V1P1 as readonly string[]).includes(r))
const v1p1Only = ROLES_V1P1.filter((r) => !(ROLES_V1P2 as readonly string[]).includes(r))

const usersV1p1: FileSpec = {
  name: 'users',
  columns: [
    ...head,
    { name: 'enabledUser', kind: 'boolean', required: true },
    { name: 'orgSourcedIds', kind: 'list', required: true, field: '-' },
    { name: 'role', kind: 'enum', values: ROLES_V1P1, otherVersionValues: v1p2Only, required: true, field: '-' },
    { name: 'username', kind: 'text', required: true },
    { name: 'userIds', kind: 'userIds' },
    { name: 'givenName', kind: 'text', required: true },
    { name: 'familyName', kind: 'text', required: true },
    { name: 'middleName', kind: 'text' },
    { name: 'identifier', kind: 'text' },
    { name: 'email', kind: 'text' },
    { name: 'sms', kind: 'text' },
    { name: 'phone', kind: 'text' },
    { name: 'agentSourcedIds', kind: 'list' },
    { name: 'grades', kind: 'grades' },
    { name: 'password', kind: 'text', field: '-' },
  ],
}

const usersV1p2: FileSpec = {
  name: 'users',
  columns: [
    ...head,
    { name: 'enabledUser', kind: 'boolean', required: true },
    { name: 'username', kind: 'text', required: true },
    { name: 'userIds', kind: 'userIds' },
    { name: 'givenName', kind: 'text', required: true },
    { name: 'familyName', kind: 'text', required: true },
    { name: 'middleName', kind: 'text' },
    { name: 'identifier', kind: 'text' },
    { name: 'email', kind: 'text' },
    { name: 'sms', kind: 'text' },
    { name: 'phone', kind: 'text' },
    { name: 'agentSourcedIds', kind: 'list' },
    { name: 'grades', kind: 'grades' },
    { name: 'password', kind: 'text', field: '-' },
    { name: 'userMasterIdentifier', kind: 'text' },
    { name: 'resourceSourcedIds', kind: 'list', field: '-', optionalColumn: true },
    { name: 'preferredGivenName', kind: 'text', field: 'preferredFirstName' },
    { name: 'preferredMiddleName', kind: 'text' },
    { name: 'preferredFamilyName', kind: 'text', field: 'preferredLastName' },
    { name: 'primaryOrgSourcedId', kind: 'id' },
    { name: 'pronouns', kind: 'text' },
  ],
}

const enrollments: FileSpec = {
  name: 'enrollments',
  columns: [
    ...head,
    { name: 'classSourcedId', kind: 'id', required: true, essential: true },
    { name: 'schoolSourcedId', kind: 'id', required: true, essential: true },
    { name: 'userSourcedId', kind: 'id', required: true, essential: true },
    { name: 'role', kind: 'enum', values: ENROLLMENT_ROLES, required: true, essential: true },
    { name: 'primary', kind: 'boolean' },
    { name: 'beginDate', kind: 'date' },
    { name: 'endDate', kind: 'date' },
  ],
}

const demographicsColumns = (sexes: readonly string[], other: readonly string[]): FileSpec => ({
  name: 'demographics',
  columns: [
    ...head,
    { name: 'birthDate', kind: 'date' },
    { name: 'sex', kind: 'enum', values: sexes, otherVersionValues: other },
    { name: 'americanIndianOrAlaskaNative', kind: 'boolean' },
    { name: 'asian', kind: 'boolean' },
    { name: 'blackOrAfricanAmerican', kind: 'boolean' },
    { name: 'nativeHawaiianOrOtherPacificIslander', kind: 'boolean' },
    { name: 'white', kind: 'boolean' },
    { name: 'demographicRaceTwoOrMoreRaces', kind: 'boolean' },
    { name: 'hispanicOrLatinoEthnicity', kind: 'boolean' },
    { name: 'countryOfBirthCode', kind: 'text' },
    { name: 'stateOfBirthAbbreviation', kind: 'text' },
    { name: 'cityOfBirth', kind: 'text' },
    { name: 'publicSchoolResidenceStatus', kind: 'text' },
  ],
})

const roles: FileSpec = {
  name: 'roles',
  columns: [
    ...head,
    { name: 'userSourcedId', kind: 'id', required: true, essential: true },
    { name: 'roleType', kind: 'enum', values: ROLE_TYPES, required: true, essential: true },
    { name: 'role', kind: 'enum', values: ROLES_V1P2, otherVersionValues: v1p1Only, required: true, essential: true },
    { name: 'beginDate', kind: 'date' },
    { name: 'endDate', kind: 'date' },
    { name: 'orgSourcedId', kind: 'id', required: true, essential: true },
    { name: 'userProfileSourcedId', kind: 'id' },
  ],
}

const userProfiles: FileSpec = {
  name: 'userProfiles',
  columns: [
    ...head,
    { name: 'userSourcedId', kind: 'id', required: true, essential: true },
    { name: 'profileType', kind: 'text', required: true },
    { name: 'vendorId', kind: 'text', required: true },
    { name: 'applicationId', kind: 'text' },
    { name: 'description', kind: 'text' },
    { name: 'credentialType', kind: 'text', required: true },
    { name: 'username', kind: 'text', required: true },
    { name: 'password', kind: 'text', field: '-' },
  ],
}

const V1P1: Readonly<Partial<Record<RosteringFile, FileSpec>>> = {
  orgs,
  academicSessions,
  courses,
  classes,
  users: usersV1p1,
  enrollments,
  demographics: demographicsColumns(['male', 'female'], ['unspecified', 'other']),
}

const V1P2: Readonly<Partial<Record<RosteringFile, FileSpec>>> = {
  orgs,
  academicSessions,
  courses,
  classes,
  users: usersV1p2,
  enrollments,
  demographics: demographicsColumns(SEXES, []),
  roles,
  userProfiles,
}

/**
 * The spec of one rostering file in one version, or undefined when the version has no such file.
 * @param version - OneRoster CSV version
 * @param file - file name without `.csv`
 */
export function fileSpec(version: OneRosterCsvVersion, file: RosteringFile): FileSpec | undefined {
  return (version === '1.1' ? V1P1 : V1P2)[file]
}

/** Every file name (without `.csv`) a manifest of the version lists, in spec order. */
export const MANIFEST_FILES: Readonly<Record<OneRosterCsvVersion, readonly string[]>> = {
  '1.1': [
    'academicSessions',
    'categories',
    'classes',
    'classResources',
    'courses',
    'courseResources',
    'demographics',
    'enrollments',
    'lineItems',
    'orgs',
    'resources',
    'results',
    'users',
  ],
  '1.2': [
    'academicSessions',
    'categories',
    'classes',
    'classResources',
    'courses',
    'courseResources',
    'demographics',
    'enrollments',
    'lineItemLearningObjectiveIds',
    'lineItems',
    'lineItemScoreScales',
    'orgs',
    'resources',
    'resultLearningObjectiveIds',
    'results',
    'resultScoreScales',
    'roles',
    'scoreScales',
    'userProfiles',
    'userResources',
    'users',
  ],
}

/** Rostering files in the order their records depend on each other. */
export const ROSTERING_FILES: readonly RosteringFile[] = [
  'orgs',
  'academicSessions',
  'courses',
  'classes',
  'users',
  'roles',
  'userProfiles',
  'demographics',
  'enrollments',
]

/** Known misspellings of spec column names seen in real bundles, mapped to the spec name. */
export const COLUMN_MISSPELLINGS: Readonly<Record<string, string>> = {
  datalastmodified: 'dateLastModified',
  prefferedgivenname: 'preferredGivenName',
  prefferedmiddlename: 'preferredMiddleName',
  prefferedfamilyname: 'preferredFamilyName',
  preferredfirstname: 'preferredGivenName',
  preferredlastname: 'preferredFamilyName',
  sourceid: 'sourcedId',
}

/**
 * OneRoster 1.0 column names that 1.1 renamed, mapped to the 1.1 name. Exporters upgraded to a 1.1
 * manifest still write them; their values are the same data.
 */
export const COLUMNS_V1P0: Readonly<Record<string, string>> = {
  schoolyearid: 'schoolYearSourcedId',
  grade: 'grades',
  userid: 'userIds',
  agents: 'agentSourcedIds',
}

/** Every user role any version allows, for the tolerant reader. */
export const ANY_ROLE: readonly string[] = ROLES
