import { z } from 'zod'
import {
  ClassTypeSchema,
  EnrollmentRoleSchema,
  OrgTypeSchema,
  RoleSchema,
  RoleTypeSchema,
  SessionTypeSchema,
  SexSchema,
  SourceKindSchema,
  StatusSchema,
} from './vocabulary.js'

/**
 * zod schemas and types of the canonical roster records. References between records are plain
 * sourcedIds (`schoolSourcedId`, `termSourcedIds`), never wire GUIDRefs: every provider resolves its
 * own reference shape while mapping.
 *
 * @module
 */

/** A calendar date, `YYYY-MM-DD`. */
export const DateStringSchema: z.ZodString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected a date as YYYY-MM-DD')

/** An ISO 8601 date-time with a zone, e.g. `2024-08-01T12:00:00.000Z`. */
export const DateTimeStringSchema: z.ZodString = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/,
    'Expected an ISO 8601 date-time with a time zone',
  )

/** A non-empty identifier. */
const IdSchema = z.string().min(1, 'Expected a non-empty sourcedId')

/** Free-form extension data: every field a source sent that the model has no field for. */
export const MetadataSchema: z.ZodRecord<z.ZodString, z.ZodUnknown> = z.record(z.string(), z.unknown())

/** Where a record came from. */
export const ProvenanceSchema = z.object({
  /** The kind of source that sent the record. */
  source: SourceKindSchema,
  /** The source's version, e.g. `1.1`, `1.2`, `3.0`. */
  version: z.string().optional(),
  /** The id the source used, when rosterkit had to synthesise the sourcedId (e.g. Clever enrollments). */
  originalId: z.string().optional(),
})
/** Where a record came from. */
export type Provenance = z.infer<typeof ProvenanceSchema>

const base = {
  /** Globally unique id chosen by the source system. Never contains personal data. */
  sourcedId: IdSchema,
  /** `active`, or `tobedeleted` for a record the source has deleted. */
  status: StatusSchema,
  /** When the source last changed the record (ISO 8601 date-time), when the source says. */
  dateLastModified: DateTimeStringSchema.optional(),
  /** Fields the source sent that the model has no field for, kept rather than dropped. */
  metadata: MetadataSchema.optional(),
  /** Which source, version and original id the record came from. */
  provenance: ProvenanceSchema.optional(),
}

/** An organisation: a district, a school, a department… */
export const OrgSchema = z.object({
  ...base,
  /** Display name. */
  name: z.string().min(1),
  /** Kind of org. */
  type: OrgTypeSchema,
  /** Human-readable identifier; often the NCES id for schools. */
  identifier: z.string().optional(),
  /** NCES id, when the source gives it separately from `identifier`. */
  ncesId: z.string().optional(),
  /** State id of the org, when known. */
  stateId: z.string().optional(),
  /** sourcedId of the parent org (a school's district). */
  parentSourcedId: z.string().optional(),
})
/** An organisation: a district, a school, a department… */
export type Org = z.infer<typeof OrgSchema>

/** A school year, semester, term or grading period. */
export const AcademicSessionSchema = z.object({
  ...base,
  /** Display title, e.g. `Fall 2024`. */
  title: z.string().min(1),
  /** Kind of session. */
  type: SessionTypeSchema,
  /** First day (inclusive). */
  startDate: DateStringSchema,
  /** Last day (exclusive, per OneRoster). */
  endDate: DateStringSchema,
  /** The calendar year in which the school year ends, `YYYY`. */
  schoolYear: z.string().regex(/^\d{4}$/, 'Expected a four-digit school year'),
  /** sourcedId of the enclosing session (a term's school year). */
  parentSourcedId: z.string().optional(),
  /** sourcedId of the org the session belongs to (OneRoster 1.2). */
  orgSourcedId: z.string().optional(),
})
/** A school year, semester, term or grading period. */
export type AcademicSession = z.infer<typeof AcademicSessionSchema>

/** A course: what is taught, independent of who teaches it when. */
export const CourseSchema = z.object({
  ...base,
  /** Display title. */
  title: z.string().min(1),
  /** The course code, e.g. `MATH-7`. */
  courseCode: z.string().optional(),
  /** sourcedId of the school year session the course belongs to. */
  schoolYearSourcedId: z.string().optional(),
  /** Grades the course is for (CEDS codes where the source follows them). */
  grades: z.array(z.string()),
  /** Human-readable subjects. */
  subjects: z.array(z.string()),
  /** Machine subject codes (e.g. SCED), parallel to `subjects` where given. */
  subjectCodes: z.array(z.string()),
  /** sourcedId of the org that owns the course. */
  orgSourcedId: z.string().optional(),
})
/** A course. */
export type Course = z.infer<typeof CourseSchema>

/** A class (a Clever section): a course taught to a group of students in some terms. */
export const ClassSchema = z.object({
  ...base,
  /** Display title. */
  title: z.string().min(1),
  /** The class code (section number). */
  classCode: z.string().optional(),
  /** `homeroom` or `scheduled`. */
  classType: ClassTypeSchema.optional(),
  /** Room or place. */
  location: z.string().optional(),
  /** Grades of the class. */
  grades: z.array(z.string()),
  /** Human-readable subjects. */
  subjects: z.array(z.string()),
  /** Machine subject codes. */
  subjectCodes: z.array(z.string()),
  /** Periods the class meets, e.g. `["1", "3"]`. */
  periods: z.array(z.string()),
  /** sourcedId of the course. */
  courseSourcedId: IdSchema,
  /** sourcedId of the school. */
  schoolSourcedId: IdSchema,
  /** sourcedIds of the terms the class runs in (at least one per the spec). */
  termSourcedIds: z.array(z.string()),
})
/** A class (a Clever section). */
export type Class = z.infer<typeof ClassSchema>

/** A role a user holds at an org. */
export const UserRoleSchema = z.object({
  /** Primary or secondary; exactly one primary per org. */
  roleType: RoleTypeSchema,
  /** The role. */
  role: RoleSchema,
  /** sourcedId of the org where the role is held. */
  orgSourcedId: IdSchema,
  /** First day of the role (inclusive). */
  beginDate: DateStringSchema.optional(),
  /** Last day of the role (exclusive). */
  endDate: DateStringSchema.optional(),
  /** sourcedId of the user profile (1.2) the role is exercised through, when the source names one. */
  userProfileSourcedId: IdSchema.optional(),
})
/** A role a user holds at an org. */
export type UserRole = z.infer<typeof UserRoleSchema>

/** An identifier a user has in another system (LDAP, SIS, LTI…). */
export const UserIdSchema = z.object({
  /** The system or kind of id, e.g. `LDAP`. */
  type: z.string(),
  /** The id in that system. */
  identifier: z.string(),
})
/** An identifier a user has in another system. */
export type UserId = z.infer<typeof UserIdSchema>

/** A person: student, teacher, staff, administrator or contact (guardian, parent, relative). */
export const UserSchema = z.object({
  ...base,
  /** Login name. */
  username: z.string().optional(),
  /** Ids in other systems. */
  userIds: z.array(UserIdSchema),
  /** False when the record is active but logging in is curtailed. */
  enabledUser: z.boolean(),
  /** Given (first) name. */
  givenName: z.string(),
  /** Family (last) name. */
  familyName: z.string(),
  /** Middle name(s). */
  middleName: z.string().optional(),
  /** Preferred first name (OneRoster 1.2). */
  preferredFirstName: z.string().optional(),
  /** Preferred middle name (OneRoster 1.2). */
  preferredMiddleName: z.string().optional(),
  /** Preferred last name (OneRoster 1.2). */
  preferredLastName: z.string().optional(),
  /** Pronouns, e.g. `she/her`. */
  pronouns: z.string().optional(),
  /** Roles per org; a 1.1 `role` + `orgs[]` becomes one primary entry per org, the first org the primary org. */
  roles: z.array(UserRoleSchema),
  /** sourcedId of the user's primary org. */
  primaryOrgSourcedId: z.string().optional(),
  /** Cross-system master id (OneRoster 1.2 `userMasterIdentifier`). */
  userMasterIdentifier: z.string().optional(),
  /** Human-readable local id, usually the SIS id / student number. */
  identifier: z.string().optional(),
  /** State id (state student or educator id), when the source gives it. */
  stateId: z.string().optional(),
  /** Email address. */
  email: z.string().optional(),
  /** SMS number. */
  sms: z.string().optional(),
  /** Phone number. */
  phone: z.string().optional(),
  /** sourcedIds of related users: a student's contacts, a contact's students. */
  agentSourcedIds: z.array(z.string()),
  /** Grades (students), CEDS codes where the source follows them. */
  grades: z.array(z.string()),
})
/** A person. */
export type User = z.infer<typeof UserSchema>

/** A user's membership of a class. */
export const EnrollmentSchema = z.object({
  ...base,
  /** sourcedId of the user. */
  userSourcedId: IdSchema,
  /** sourcedId of the class. */
  classSourcedId: IdSchema,
  /** sourcedId of the school. */
  schoolSourcedId: IdSchema,
  /** Role in the class. */
  role: EnrollmentRoleSchema,
  /** True for the class's primary teacher. */
  primary: z.boolean().optional(),
  /** First day (inclusive). */
  beginDate: DateStringSchema.optional(),
  /** Last day (exclusive). */
  endDate: DateStringSchema.optional(),
})
/** A user's membership of a class. */
export type Enrollment = z.infer<typeof EnrollmentSchema>

/** Demographic data of a user; `sourcedId` equals the user's sourcedId. */
export const DemographicsSchema = z.object({
  ...base,
  /** Date of birth. */
  birthDate: DateStringSchema.optional(),
  /** Sex. */
  sex: SexSchema.optional(),
  /** Race: American Indian or Alaska Native. */
  americanIndianOrAlaskaNative: z.boolean().optional(),
  /** Race: Asian. */
  asian: z.boolean().optional(),
  /** Race: Black or African American. */
  blackOrAfricanAmerican: z.boolean().optional(),
  /** Race: Native Hawaiian or Other Pacific Islander. */
  nativeHawaiianOrOtherPacificIslander: z.boolean().optional(),
  /** Race: White. */
  white: z.boolean().optional(),
  /** Two or more races. */
  demographicRaceTwoOrMoreRaces: z.boolean().optional(),
  /** Hispanic or Latino ethnicity. */
  hispanicOrLatinoEthnicity: z.boolean().optional(),
  /** CEDS country code of birth. */
  countryOfBirthCode: z.string().optional(),
  /** State or jurisdiction of birth. */
  stateOfBirthAbbreviation: z.string().optional(),
  /** City of birth. */
  cityOfBirth: z.string().optional(),
  /** CEDS public school residence status code (see `RESIDENCE_STATUSES`). */
  publicSchoolResidenceStatus: z.string().optional(),
})
/** Demographic data of a user. */
export type Demographics = z.infer<typeof DemographicsSchema>
