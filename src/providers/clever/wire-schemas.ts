import { z } from 'zod'

/**
 * zod schemas of Clever v3.0 / v3.1 wire records and envelopes, after Clever's Swagger definitions
 * and real responses. Objects are loose: fields a schema does not name are kept, so mappers can
 * carry them into `metadata` rather than drop them. Enumerations are read as plain strings because
 * Clever adds values over time and a vendor's payload wins over its definition.
 *
 * @module
 */

/** A string Clever may send as `null`, leave out, or send empty. */
const optText = z.string().nullish()
/** An id list Clever may leave out. */
const idList = z.array(z.string()).nullish()

/** A person's name as Clever sends it (every part optional). */
export const CleverNameSchema = z.looseObject({ first: optText, middle: optText, last: optText })
/** A person's name as Clever sends it. */
export type CleverName = z.infer<typeof CleverNameSchema>

/** A postal location of a school or student. */
export const CleverLocationSchema = z.looseObject({
  address: optText,
  city: optText,
  state: optText,
  zip: optText,
  lat: optText,
  lon: optText,
})

/** Login credentials of a user role. */
export const CleverCredentialsSchema = z.looseObject({ district_username: optText })

/** A district (`/districts`). */
export const CleverDistrictSchema = z.looseObject({
  id: z.string().min(1),
  name: optText,
  nces_id: optText,
  mdr_number: optText,
  sis_type: optText,
  state: optText,
  last_sync: optText,
  launch_date: optText,
  last_modified: optText,
})
/** A district (`/districts`). */
export type CleverDistrict = z.infer<typeof CleverDistrictSchema>

/** A school (`/schools`). */
export const CleverSchoolSchema = z.looseObject({
  id: z.string().min(1),
  district: optText,
  name: optText,
  sis_id: optText,
  school_number: optText,
  state_id: optText,
  nces_id: optText,
  mdr_number: optText,
  low_grade: optText,
  high_grade: optText,
  phone: optText,
  created: optText,
  last_modified: optText,
  location: CleverLocationSchema.nullish(),
  principal: z.looseObject({ name: optText, email: optText }).nullish(),
})
/** A school (`/schools`). */
export type CleverSchool = z.infer<typeof CleverSchoolSchema>

/** A term (`/terms`); Clever often synthesises terms from section data. */
export const CleverTermSchema = z.looseObject({
  id: z.string().min(1),
  district: optText,
  name: optText,
  start_date: optText,
  end_date: optText,
})
/** A term (`/terms`). */
export type CleverTerm = z.infer<typeof CleverTermSchema>

/** A course (`/courses`). */
export const CleverCourseSchema = z.looseObject({
  id: z.string().min(1),
  district: optText,
  name: optText,
  number: optText,
})
/** A course (`/courses`). */
export type CleverCourse = z.infer<typeof CleverCourseSchema>

/** A section (`/sections`): a class with its teachers and students. */
export const CleverSectionSchema = z.looseObject({
  id: z.string().min(1),
  district: optText,
  school: optText,
  name: optText,
  sis_id: optText,
  section_number: optText,
  period: optText,
  subject: optText,
  grade: optText,
  course: optText,
  term_id: optText,
  teacher: optText,
  teachers: idList,
  students: idList,
  created: optText,
  last_modified: optText,
})
/** A section (`/sections`). */
export type CleverSection = z.infer<typeof CleverSectionSchema>

/** A digital resource (`/resources`). */
export const CleverResourceSchema = z.looseObject({
  id: z.string().min(1),
  district: optText,
  resource_id: optText,
  title: optText,
  roles: idList,
  created: optText,
  updated: optText,
})
/** A digital resource (`/resources`). */
export type CleverResource = z.infer<typeof CleverResourceSchema>

/** A student's enrollment in a school (dates of attendance). */
export const CleverSchoolEnrollmentSchema = z.looseObject({ school: optText, start_date: optText, end_date: optText })

/** The `roles.student` part of a user. */
export const CleverStudentRoleSchema = z.looseObject({
  sis_id: optText,
  student_number: optText,
  state_id: optText,
  legacy_id: optText,
  school: optText,
  schools: idList,
  grade: optText,
  graduation_year: optText,
  dob: optText,
  gender: optText,
  race: optText,
  hispanic_ethnicity: optText,
  ell_status: optText,
  enrollments: z.array(CleverSchoolEnrollmentSchema).nullish(),
  credentials: CleverCredentialsSchema.nullish(),
  preferred_name: CleverNameSchema.nullish(),
})
/** The `roles.student` part of a user. */
export type CleverStudentRole = z.infer<typeof CleverStudentRoleSchema>

/** The `roles.teacher` part of a user. */
export const CleverTeacherRoleSchema = z.looseObject({
  sis_id: optText,
  teacher_number: optText,
  state_id: optText,
  legacy_id: optText,
  school: optText,
  schools: idList,
  title: optText,
  credentials: CleverCredentialsSchema.nullish(),
})
/** The `roles.teacher` part of a user. */
export type CleverTeacherRole = z.infer<typeof CleverTeacherRoleSchema>

/** The `roles.staff` part of a user. */
export const CleverStaffRoleSchema = z.looseObject({
  staff_id: optText,
  legacy_id: optText,
  schools: idList,
  title: optText,
  department: optText,
  roles: idList,
  credentials: CleverCredentialsSchema.nullish(),
})
/** The `roles.staff` part of a user. */
export type CleverStaffRole = z.infer<typeof CleverStaffRoleSchema>

/** The `roles.district_admin` part of a user. */
export const CleverDistrictAdminRoleSchema = z.looseObject({ legacy_id: optText, title: optText })
/** The `roles.district_admin` part of a user. */
export type CleverDistrictAdminRole = z.infer<typeof CleverDistrictAdminRoleSchema>

/** A contact's link to one student. */
export const CleverStudentRelationshipSchema = z.looseObject({
  student: z.string(),
  relationship: optText,
  type: optText,
})
/** A contact's link to one student. */
export type CleverStudentRelationship = z.infer<typeof CleverStudentRelationshipSchema>

/** The `roles.contact` part of a user: a parent, guardian or emergency contact. */
export const CleverContactRoleSchema = z.looseObject({
  legacy_id: optText,
  sis_id: optText,
  phone: optText,
  phone_type: optText,
  student_relationships: z.array(CleverStudentRelationshipSchema).nullish(),
})
/** The `roles.contact` part of a user. */
export type CleverContactRole = z.infer<typeof CleverContactRoleSchema>

/** The roles a user holds; `student` and `contact` are never combined with another role. */
export const CleverRolesSchema = z.looseObject({
  student: CleverStudentRoleSchema.nullish(),
  teacher: CleverTeacherRoleSchema.nullish(),
  staff: CleverStaffRoleSchema.nullish(),
  district_admin: CleverDistrictAdminRoleSchema.nullish(),
  contact: CleverContactRoleSchema.nullish(),
})

/** A user (`/users`): student, teacher, staff, district admin or contact. */
export const CleverUserSchema = z.looseObject({
  id: z.string().min(1),
  district: optText,
  email: optText,
  name: CleverNameSchema.nullish(),
  created: optText,
  last_modified: optText,
  roles: CleverRolesSchema,
})
/** A user (`/users`). */
export type CleverUser = z.infer<typeof CleverUserSchema>

/** The user roles Clever's `/users?role=` filter accepts. */
export const CLEVER_USER_ROLES = ['student', 'teacher', 'staff', 'district_admin', 'contact'] as const
/** A user role Clever's `/users?role=` filter accepts. */
export type CleverUserRole = (typeof CLEVER_USER_ROLES)[number]

/** A pagination or self link in a Clever envelope. */
export const CleverLinkSchema = z.looseObject({ rel: z.string(), uri: z.string() })
/** A pagination or self link. */
export type CleverLink = z.infer<typeof CleverLinkSchema>

/**
 * Builds the schema of a Clever collection response: `{ data: [{ data: record, uri? }], links? }`.
 * @param record - the schema of one record
 */
export function cleverListSchema<T extends z.ZodType>(record: T) {
  return z.looseObject({
    data: z.array(z.looseObject({ data: record, uri: z.string().nullish() })),
    links: z.array(CleverLinkSchema).nullish(),
  })
}

/**
 * Builds the schema of a single-record Clever response: `{ data: record }`.
 * @param record - the schema of the record
 */
export function cleverItemSchema<T extends z.ZodType>(record: T) {
  return z.looseObject({ data: record, links: z.array(CleverLinkSchema).nullish() })
}

/** One district token from `GET https://clever.com/oauth/tokens?owner_type=district`. */
export const CleverDistrictTokenSchema = z.looseObject({
  id: z.string().nullish(),
  created: optText,
  owner: z.looseObject({ type: z.string(), id: z.string() }),
  access_token: z.string().min(1),
  scopes: z.array(z.string()).nullish(),
})
/** One district token. */
export type CleverDistrictToken = z.infer<typeof CleverDistrictTokenSchema>

/** The district tokens listing. */
export const CleverDistrictTokensResponseSchema = z.looseObject({
  data: z.array(CleverDistrictTokenSchema),
  links: z.array(CleverLinkSchema).nullish(),
})

/** The record types the events stream reports on. */
export const CLEVER_RECORD_TYPES = [
  'districts',
  'schools',
  'terms',
  'courses',
  'sections',
  'resources',
  'users',
] as const
/** A record type the events stream reports on. */
export type CleverRecordType = (typeof CLEVER_RECORD_TYPES)[number]

/**
 * One event as sent (`/events`). Live responses put `previous_attributes` inside `data`; the
 * Swagger puts it beside `data`: both are accepted.
 */
export const CleverEventWireSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string().min(1),
  created: optText,
  // Only the id and type are read before the type is known: an event of a type rosterkit does not
  // know may carry any body (Clever adds products over time) and is passed over, never refused.
  data: z
    .looseObject({
      object: z.unknown().optional(),
      previous_attributes: z.record(z.string(), z.unknown()).nullish(),
    })
    .nullish(),
  previous_attributes: z.record(z.string(), z.unknown()).nullish(),
})
/** One event as sent. */
export type CleverEventWire = z.infer<typeof CleverEventWireSchema>
