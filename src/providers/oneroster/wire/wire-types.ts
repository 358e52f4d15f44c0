/**
 * Types of OneRoster wire records as the tolerant reader hands them out: the spec's shape with
 * booleans as booleans, nulls removed, hrefs absolute, enum casing fixed and unknown fields moved to
 * `metadata`. Enumerations stay `string` because providers send values outside the spec.
 *
 * @module
 */

/** A reference to another record (OneRoster GUIDRef). */
export interface OneRosterRef {
  /** sourcedId of the referenced record. */
  sourcedId: string
  /** Kind of the referenced record (`org`, `class`, …); some providers omit it. */
  type?: string
  /** Absolute URL of the referenced record; some providers omit it. */
  href?: string
}

/** Fields every OneRoster record has. */
export interface OneRosterBase {
  /** Globally unique id chosen by the source system. */
  sourcedId: string
  /** `active` or `tobedeleted` (1.0's `inactive` is read as `tobedeleted`). */
  status: string
  /** Last change, ISO 8601 date-time; absent when the provider sent none or an unreadable one. */
  dateLastModified?: string
  /** Vendor extension data, including unknown fields found beside the spec's. */
  metadata?: Record<string, unknown>
}

/** An org record (`/orgs`, `/schools`). */
export interface OneRosterOrg extends OneRosterBase {
  /** Display name. */
  name: string
  /** `district`, `school`, … */
  type: string
  /** Human id, often the NCES id. */
  identifier?: string
  /** Parent org. */
  parent?: OneRosterRef
  /** Child orgs. */
  children?: OneRosterRef[]
}

/** An academic session record (`/academicSessions`, `/terms`, `/gradingPeriods`). */
export interface OneRosterAcademicSession extends OneRosterBase {
  /** Display title. */
  title: string
  /** First day, `YYYY-MM-DD`. */
  startDate?: string
  /** Last day (exclusive), `YYYY-MM-DD`. */
  endDate?: string
  /** `schoolYear`, `semester`, `term`, `gradingPeriod`. */
  type?: string
  /** Enclosing session. */
  parent?: OneRosterRef
  /** Enclosed sessions. */
  children?: OneRosterRef[]
  /** Calendar year in which the school year ends, `YYYY`. */
  schoolYear: string
  /** Owning org (1.2). */
  org?: OneRosterRef
}

/** A course record. */
export interface OneRosterCourse extends OneRosterBase {
  /** Display title. */
  title: string
  /** School year session. */
  schoolYear?: OneRosterRef
  /** Course code. */
  courseCode?: string
  /** Grades. */
  grades?: string[]
  /** Human-readable subjects. */
  subjects?: string[]
  /** Owning org. */
  org?: OneRosterRef
  /** Machine subject codes. */
  subjectCodes?: string[]
  /** Resources. */
  resources?: OneRosterRef[]
}

/** A class record. */
export interface OneRosterClass extends OneRosterBase {
  /** Display title. */
  title: string
  /** Class code. */
  classCode?: string
  /** `homeroom` or `scheduled`. */
  classType?: string
  /** Room. */
  location?: string
  /** Grades. */
  grades?: string[]
  /** Subjects. */
  subjects?: string[]
  /** The course. */
  course: OneRosterRef
  /** The school. */
  school: OneRosterRef
  /** The terms. */
  terms: OneRosterRef[]
  /** Machine subject codes. */
  subjectCodes?: string[]
  /** Periods (a 1.1 comma-separated string is read as a list). */
  periods?: string[]
  /** Resources. */
  resources?: OneRosterRef[]
}

/** An enrollment record. */
export interface OneRosterEnrollment extends OneRosterBase {
  /** The user. */
  user: OneRosterRef
  /** The class. */
  class: OneRosterRef
  /** The school. */
  school: OneRosterRef
  /** `student`, `teacher`, `administrator`, `proctor`. */
  role: string
  /** Primary teacher of the class. */
  primary?: boolean
  /** First day, `YYYY-MM-DD`. */
  beginDate?: string
  /** Last day (exclusive). */
  endDate?: string
}

/** An id of a user in another system. */
export interface OneRosterUserId {
  /** Kind of id, e.g. `LDAP`. */
  type: string
  /** The id. */
  identifier: string
}

/** Fields users have in both versions. */
export interface OneRosterUserBase extends OneRosterBase {
  /** Login name. */
  username?: string
  /** Ids in other systems. */
  userIds?: OneRosterUserId[]
  /** False when login is curtailed. */
  enabledUser?: boolean
  /** Given name. */
  givenName: string
  /** Family name. */
  familyName: string
  /** Middle names. */
  middleName?: string
  /** Human-readable id (SIS id). */
  identifier?: string
  /** Email. */
  email?: string
  /** SMS number. */
  sms?: string
  /** Phone. */
  phone?: string
  /** Related users (parents of a student, students of a parent). */
  agents?: OneRosterRef[]
  /** Grades. */
  grades?: string[]
  /** Password, when a provider sends one (rosterkit never copies it into the canonical model). */
  password?: string
}

/** A OneRoster 1.1 user: one `role`, several `orgs`. */
export interface OneRosterV1p1User extends OneRosterUserBase {
  /** The user's role. */
  role: string
  /** Orgs the user belongs to. */
  orgs: OneRosterRef[]
}

/** A OneRoster 1.2 role entry. */
export interface OneRosterV1p2Role {
  /** `primary` or `secondary`. */
  roleType: string
  /** The role. */
  role: string
  /** Where the role is held. */
  org: OneRosterRef
  /** Profile id the role uses. */
  userProfile?: string
  /** First day. */
  beginDate?: string
  /** Last day (exclusive). */
  endDate?: string
}

/** A OneRoster 1.2 user: `roles[]` per org and a `primaryOrg`. */
export interface OneRosterV1p2User extends OneRosterUserBase {
  /** Cross-system master id. */
  userMasterIdentifier?: string
  /** Preferred first name. */
  preferredFirstName?: string
  /** Preferred middle name. */
  preferredMiddleName?: string
  /** Preferred last name. */
  preferredLastName?: string
  /** Pronouns. */
  pronouns?: string
  /** Roles per org. */
  roles: OneRosterV1p2Role[]
  /** User profiles (kept as sent). */
  userProfiles?: unknown
  /** Primary org. */
  primaryOrg?: OneRosterRef
  /** Resources. */
  resources?: OneRosterRef[]
}

/** A user of either version. */
export type OneRosterUser = OneRosterV1p1User | OneRosterV1p2User

/** A demographics record; its sourcedId is the user's. */
export interface OneRosterDemographics extends OneRosterBase {
  /** Date of birth. */
  birthDate?: string
  /** Sex. */
  sex?: string
  /** Race flags. */
  americanIndianOrAlaskaNative?: boolean
  /** Race flag. */
  asian?: boolean
  /** Race flag. */
  blackOrAfricanAmerican?: boolean
  /** Race flag. */
  nativeHawaiianOrOtherPacificIslander?: boolean
  /** Race flag. */
  white?: boolean
  /** Two or more races. */
  demographicRaceTwoOrMoreRaces?: boolean
  /** Ethnicity flag. */
  hispanicOrLatinoEthnicity?: boolean
  /** CEDS country code. */
  countryOfBirthCode?: string
  /** State of birth. */
  stateOfBirthAbbreviation?: string
  /** City of birth. */
  cityOfBirth?: string
  /** CEDS residence status code. */
  publicSchoolResidenceStatus?: string
}

/** Wire record type per record kind and version. */
export interface OneRosterWireRecords<V extends '1.1' | '1.2'> {
  /** Org. */
  org: OneRosterOrg
  /** Academic session. */
  academicSession: OneRosterAcademicSession
  /** Course. */
  course: OneRosterCourse
  /** Class. */
  class: OneRosterClass
  /** User. */
  user: V extends '1.1' ? OneRosterV1p1User : OneRosterV1p2User
  /** Enrollment. */
  enrollment: OneRosterEnrollment
  /** Demographics. */
  demographics: OneRosterDemographics
}
