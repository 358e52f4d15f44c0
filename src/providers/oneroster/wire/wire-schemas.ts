/**
 * zod schemas of the OneRoster rostering records exactly as the official OpenAPI definitions
 * describe them (1.1: IMS OneRoster 1.1 OpenAPI; 1.2: 1EdTech OneRoster 1.2 Rostering OpenAPI).
 * They are the reference the tolerant reader is checked against: a record these schemas accept
 * reads without a warning. Pulls do not run them per record (see `read-record.ts`).
 *
 * @module
 */
import { z } from 'zod'
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
import type { OneRosterVersion, WireRecordKind } from './field-spec.js'

const DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
const DATE_TIME = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/)
const EXT = z.string().regex(/^ext:[a-zA-Z0-9.\-_]+$/)

function vocabulary(values: readonly [string, ...string[]], extensible: boolean): z.ZodType<string> {
  return extensible ? z.union([z.enum(values), EXT]) : z.enum(values)
}

function schemas(v: OneRosterVersion) {
  const ext = v === '1.2'
  const ref = z.object({ href: z.url(), sourcedId: z.string(), type: z.string() })
  const bool = v === '1.2' ? z.enum(['true', 'false']) : z.union([z.boolean(), z.enum(['true', 'false'])])
  const base = {
    sourcedId: z.string(),
    status: z.enum(['active', 'tobedeleted']),
    dateLastModified: DATE_TIME,
    metadata: z.record(z.string(), z.unknown()).optional(),
  }
  const org = z.object({
    ...base,
    name: z.string(),
    type: vocabulary(ORG_TYPES, ext),
    identifier: v === '1.2' ? z.string() : z.string().optional(),
    parent: ref.optional(),
    children: z.array(ref).optional(),
  })
  const academicSession = z.object({
    ...base,
    title: z.string(),
    startDate: DATE,
    endDate: DATE,
    type: vocabulary(SESSION_TYPES, ext),
    parent: ref.optional(),
    children: z.array(ref).optional(),
    schoolYear: z.string(),
    ...(v === '1.2' ? { org: ref.optional() } : {}),
  })
  const course = z.object({
    ...base,
    title: z.string(),
    schoolYear: ref.optional(),
    courseCode: v === '1.2' ? z.string() : z.string().optional(),
    grades: z.array(z.string()).optional(),
    subjects: z.array(z.string()).optional(),
    org: v === '1.1' ? ref : ref.optional(),
    subjectCodes: z.array(z.string()).optional(),
    resources: z.array(ref).optional(),
  })
  const klass = z.object({
    ...base,
    title: z.string(),
    classCode: z.string().optional(),
    classType: v === '1.1' ? vocabulary(CLASS_TYPES, ext) : vocabulary(CLASS_TYPES, ext).optional(),
    location: z.string().optional(),
    grades: z.array(z.string()).optional(),
    subjects: z.array(z.string()).optional(),
    course: ref,
    school: ref,
    terms: z.array(ref).min(1),
    subjectCodes: z.array(z.string()).optional(),
    periods: v === '1.1' ? z.union([z.string(), z.array(z.string())]).optional() : z.array(z.string()).optional(),
    resources: z.array(ref).optional(),
  })
  const enrollment = z.object({
    ...base,
    user: ref,
    class: ref,
    school: ref,
    role: v === '1.1' ? z.enum(ROLES_V1P1) : vocabulary(ENROLLMENT_ROLES, true),
    primary: bool.optional(),
    beginDate: DATE.optional(),
    endDate: DATE.optional(),
  })
  const userId = z.object({ type: z.string(), identifier: z.string() })
  const userCommon = {
    ...base,
    userIds: z.array(userId).optional(),
    givenName: z.string(),
    familyName: z.string(),
    middleName: z.string().optional(),
    identifier: z.string().optional(),
    email: z.string().optional(),
    sms: z.string().optional(),
    phone: z.string().optional(),
    agents: z.array(ref).optional(),
    grades: z.array(z.string()).optional(),
    password: z.string().optional(),
  }
  const user =
    v === '1.1'
      ? z.object({
          ...userCommon,
          username: z.string(),
          enabledUser: bool.optional(),
          role: z.enum(ROLES_V1P1),
          orgs: z.array(ref).min(1),
        })
      : z.object({
          ...userCommon,
          username: z.string().optional(),
          enabledUser: bool,
          userMasterIdentifier: z.string().optional(),
          preferredFirstName: z.string().optional(),
          preferredMiddleName: z.string().optional(),
          preferredLastName: z.string().optional(),
          pronouns: z.string().optional(),
          roles: z
            .array(
              z.object({
                roleType: z.enum(ROLE_TYPES),
                role: vocabulary(ROLES_V1P2, true),
                org: ref,
                userProfile: z.string().optional(),
                beginDate: DATE.optional(),
                endDate: DATE.optional(),
              }),
            )
            .min(1),
          userProfiles: z.array(z.record(z.string(), z.unknown())).optional(),
          primaryOrg: ref.optional(),
          resources: z.array(ref).optional(),
        })
  const demographics = z.object({
    ...base,
    birthDate: DATE.optional(),
    sex: v === '1.1' ? z.enum(['male', 'female']).optional() : vocabulary(SEXES, true).optional(),
    americanIndianOrAlaskaNative: bool.optional(),
    asian: bool.optional(),
    blackOrAfricanAmerican: bool.optional(),
    nativeHawaiianOrOtherPacificIslander: bool.optional(),
    white: bool.optional(),
    demographicRaceTwoOrMoreRaces: bool.optional(),
    hispanicOrLatinoEthnicity: bool.optional(),
    countryOfBirthCode: z.string().optional(),
    stateOfBirthAbbreviation: z.string().optional(),
    cityOfBirth: z.string().optional(),
    publicSchoolResidenceStatus: z.string().optional(),
  })
  return { org, academicSession, course, class: klass, user, enrollment, demographics }
}

/** zod schemas of the spec's wire records, per version and record kind. */
export const ONEROSTER_WIRE_SCHEMAS: Readonly<
  Record<OneRosterVersion, Readonly<Record<WireRecordKind, z.ZodType<Record<string, unknown>>>>>
> = {
  '1.1': schemas('1.1'),
  '1.2': schemas('1.2'),
}
