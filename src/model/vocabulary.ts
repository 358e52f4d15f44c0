import { z } from 'zod'

/**
 * Controlled vocabularies of the canonical model: OneRoster 1.2 semantics, with the 1.1 values kept
 * so nothing a 1.1 source sends is lost. Every enumeration also accepts OneRoster 1.2 extension values
 * (`ext:` followed by letters, digits, `.`, `-` or `_`).
 *
 * @module
 */

/** Matches a OneRoster 1.2 extension value such as `ext:staff`. */
export const EXTENSION_VALUE_PATTERN: RegExp = /^ext:[a-zA-Z0-9.\-_]+$/

/** A OneRoster 1.2 extension value, e.g. `ext:staff`. */
export type ExtensionValue = `ext:${string}`

/** zod schema for a OneRoster 1.2 extension value. */
export const ExtensionValueSchema: z.ZodType<ExtensionValue> = z
  .string()
  .regex(
    EXTENSION_VALUE_PATTERN,
    'Expected an extension value such as "ext:custom"',
  ) as unknown as z.ZodType<ExtensionValue>

function extensible<const T extends readonly [string, ...string[]]>(values: T): z.ZodType<T[number] | ExtensionValue> {
  return z.union([z.enum(values), ExtensionValueSchema])
}

/** Record status. `tobedeleted` marks a deletion (OneRoster 1.0's `inactive` is read as `tobedeleted`). */
export const STATUSES = ['active', 'tobedeleted'] as const
/** Record status. */
export type Status = (typeof STATUSES)[number]
/** zod schema for {@link Status}. */
export const StatusSchema: z.ZodType<Status> = z.enum(STATUSES)

/** Organisation types (OneRoster 1.1 and 1.2; `local` is 1.0's name for a district). */
export const ORG_TYPES = ['department', 'district', 'local', 'national', 'school', 'state'] as const
/** Organisation type. */
export type OrgType = (typeof ORG_TYPES)[number] | ExtensionValue
/** zod schema for {@link OrgType}. */
export const OrgTypeSchema: z.ZodType<OrgType> = extensible(ORG_TYPES)

/** Academic session types. */
export const SESSION_TYPES = ['gradingPeriod', 'semester', 'schoolYear', 'term'] as const
/** Academic session type. */
export type SessionType = (typeof SESSION_TYPES)[number] | ExtensionValue
/** zod schema for {@link SessionType}. */
export const SessionTypeSchema: z.ZodType<SessionType> = extensible(SESSION_TYPES)

/** Class types. */
export const CLASS_TYPES = ['homeroom', 'scheduled'] as const
/** Class type. */
export type ClassType = (typeof CLASS_TYPES)[number] | ExtensionValue
/** zod schema for {@link ClassType}. */
export const ClassTypeSchema: z.ZodType<ClassType> = extensible(CLASS_TYPES)

/** Roles a user holds in an enrollment (unchanged between 1.1 and 1.2). */
export const ENROLLMENT_ROLES = ['administrator', 'proctor', 'student', 'teacher'] as const
/** Enrollment role. */
export type EnrollmentRole = (typeof ENROLLMENT_ROLES)[number] | ExtensionValue
/** zod schema for {@link EnrollmentRole}. */
export const EnrollmentRoleSchema: z.ZodType<EnrollmentRole> = extensible(ENROLLMENT_ROLES)

/** OneRoster 1.1 user roles. */
export const ROLES_V1P1 = [
  'administrator',
  'aide',
  'guardian',
  'parent',
  'proctor',
  'relative',
  'student',
  'teacher',
] as const
/** OneRoster 1.2 user roles. */
export const ROLES_V1P2 = [
  'aide',
  'counselor',
  'districtAdministrator',
  'guardian',
  'parent',
  'principal',
  'proctor',
  'relative',
  'siteAdministrator',
  'student',
  'systemAdministrator',
  'teacher',
] as const
/** Every user role the canonical model knows: the union of the 1.1 and 1.2 vocabularies. */
export const ROLES = [...new Set([...ROLES_V1P1, ...ROLES_V1P2])] as unknown as readonly [
  (typeof ROLES_V1P1)[number] | (typeof ROLES_V1P2)[number],
  ...((typeof ROLES_V1P1)[number] | (typeof ROLES_V1P2)[number])[],
]
/** A user role (1.1 or 1.2 vocabulary, or an extension). */
export type Role = (typeof ROLES_V1P1)[number] | (typeof ROLES_V1P2)[number] | ExtensionValue
/** zod schema for {@link Role}. */
export const RoleSchema: z.ZodType<Role> = extensible(ROLES)

/** Primary or secondary role of a user at an org (exactly one primary per org). */
export const ROLE_TYPES = ['primary', 'secondary'] as const
/** Role type. */
export type RoleType = (typeof ROLE_TYPES)[number]
/** zod schema for {@link RoleType}. */
export const RoleTypeSchema: z.ZodType<RoleType> = z.enum(ROLE_TYPES)

/**
 * The groups districts toggle in a sync's settings: each user role belongs to exactly one.
 * `contact` covers parents, guardians and relatives.
 */
export const ROLE_CATEGORIES = ['student', 'teacher', 'staff', 'schoolAdmin', 'districtAdmin', 'contact'] as const
/** Role category used by merge policies and reports. */
export type RoleCategory = (typeof ROLE_CATEGORIES)[number]

const CATEGORY_BY_ROLE: Readonly<Record<string, RoleCategory>> = {
  student: 'student',
  teacher: 'teacher',
  aide: 'staff',
  counselor: 'staff',
  proctor: 'staff',
  administrator: 'schoolAdmin',
  principal: 'schoolAdmin',
  siteAdministrator: 'schoolAdmin',
  districtAdministrator: 'districtAdmin',
  systemAdministrator: 'districtAdmin',
  guardian: 'contact',
  parent: 'contact',
  relative: 'contact',
}

/**
 * The category a role belongs to. Extension roles (`ext:*`) count as staff: they are people the
 * district employs in a role OneRoster has no word for.
 * @param role - a canonical role
 */
export function roleCategory(role: Role): RoleCategory {
  return CATEGORY_BY_ROLE[role] ?? 'staff'
}

/**
 * CEDS Entry Grade Level codes, the grade vocabulary OneRoster points to.
 * @see https://ceds.ed.gov/element/000100
 */
export const CEDS_GRADES = [
  'IT',
  'PR',
  'PK',
  'TK',
  'KG',
  '01',
  '02',
  '03',
  '04',
  '05',
  '06',
  '07',
  '08',
  '09',
  '10',
  '11',
  '12',
  '13',
  'PS',
  'UG',
  'Other',
] as const
/** A CEDS grade code. */
export type CedsGrade = (typeof CEDS_GRADES)[number]
/** zod schema for a CEDS grade code. */
export const CedsGradeSchema: z.ZodType<CedsGrade> = z.enum(CEDS_GRADES)
const CEDS_GRADE_SET: ReadonlySet<string> = new Set(CEDS_GRADES)
/**
 * True when `value` is a CEDS grade code. Grades in the model are plain strings (1.2 leaves the
 * vocabulary to each deployment); the validator uses this to flag non-CEDS grades.
 * @param value - a grade as found in a record
 */
export function isCedsGrade(value: string): value is CedsGrade {
  return CEDS_GRADE_SET.has(value)
}

/** Demographics `sex` values (1.2 adds `unspecified` and `other`). */
export const SEXES = ['male', 'female', 'unspecified', 'other'] as const
/** Demographics sex. */
export type Sex = (typeof SEXES)[number] | ExtensionValue
/** zod schema for {@link Sex}. */
export const SexSchema: z.ZodType<Sex> = extensible(SEXES)

/**
 * CEDS public school residence status codes used by OneRoster demographics:
 * 01652 usual attendance area, 01653 other attendance area, 01654 state resident not in the
 * administrative unit, 01655 crosses state boundaries, 01656 other-state resident.
 */
export const RESIDENCE_STATUSES = ['01652', '01653', '01654', '01655', '01656'] as const

/** Where a roster came from. */
export const SOURCE_KINDS = ['oneroster-rest', 'oneroster-csv', 'clever', 'generated', 'host'] as const
/** Kind of source a record or roster came from. */
export type SourceKind = (typeof SOURCE_KINDS)[number]
/** zod schema for {@link SourceKind}. */
export const SourceKindSchema: z.ZodType<SourceKind> = z.enum(SOURCE_KINDS)
