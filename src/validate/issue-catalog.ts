/**
 * The one catalog of built-in validation issue codes: default severity, whether the code concerns one
 * record (and so can be quarantined) or the roster as a whole, a title and a hint for people.
 * `docs/district-parameters.md` mirrors this table; a test keeps the two in step.
 *
 * @module
 */

/** `error` blocks a sync (unless the record is quarantined); `warning` never does. */
export type ValidationSeverity = 'error' | 'warning'

/**
 * `record`: the issue concerns one record, which quarantine may set aside.
 * `roster`: the issue concerns the roster as a whole and, when an error, blocks the sync.
 */
export type ValidationIssueLevel = 'record' | 'roster'

/** What the catalog says about one built-in code. */
export interface IssueCodeInfo {
  /** Severity unless the district parameters override it. */
  readonly severity: ValidationSeverity
  /** Whether the code concerns one record or the whole roster. */
  readonly level: ValidationIssueLevel
  /** Short title for people. */
  readonly title: string
  /** What a person can do about it. */
  readonly hint: string
}

/** Every built-in issue code with its default severity, level, title and hint. */
export const ISSUE_CATALOG = {
  dangling_reference: {
    severity: 'error',
    level: 'record',
    title: 'Reference to a record that is not in the roster',
    hint: 'Export the referenced record too, or remove the reference in the SIS.',
  },
  reference_to_deleted: {
    severity: 'warning',
    level: 'record',
    title: 'Active record refers to a record marked tobedeleted',
    hint: 'Mark the referring record tobedeleted as well, or restore the referenced one.',
  },
  duplicate_sourced_id: {
    severity: 'error',
    level: 'record',
    title: 'Two records of one collection share a sourcedId',
    hint: 'sourcedIds must be unique within a collection; fix the export so each record has its own.',
  },
  duplicate_email: {
    severity: 'error',
    level: 'record',
    title: 'Two users (other than contacts) share an email address',
    hint: 'Give each person their own email, or leave it empty for one of them.',
  },
  duplicate_username: {
    severity: 'error',
    level: 'record',
    title: 'Two users share a username',
    hint: 'Usernames are login names and must be unique.',
  },
  duplicate_state_id: {
    severity: 'error',
    level: 'record',
    title: 'Two users share a state id',
    hint: 'A state id identifies one person; merge the duplicate people in the SIS.',
  },
  invalid_enum: {
    severity: 'error',
    level: 'record',
    title: 'Value outside its controlled vocabulary',
    hint: 'Use a OneRoster value or an extension value such as ext:custom.',
  },
  missing_name: {
    severity: 'error',
    level: 'record',
    title: 'Org without a name, or user with an empty given or family name',
    hint: 'OneRoster requires these names, and people find schools and people by them: an empty one would be created blank in the host, or blank a name there on update. Fill it in the SIS. Blocks (orgs cannot be quarantined; users can); only a warning for contacts, whose whole name some SIS keep in one field.',
  },
  missing_title: {
    severity: 'error',
    level: 'record',
    title: 'Course or class without a title',
    hint: 'OneRoster requires a title and teachers find their classes by it: an empty one would be created blank in the host, or blank a title there on update. Fill it in the SIS, or quarantine the record.',
  },
  user_without_role: {
    severity: 'error',
    level: 'record',
    title: 'Active user holds no role',
    hint: 'What a sync may do to a user (create, update, archive) is decided by role, so a user with none cannot be placed under a policy. Give the user a role at their school in the SIS, or quarantine the record.',
  },
  role_primary_count: {
    severity: 'warning',
    level: 'record',
    title: 'User does not hold exactly one primary role at an org',
    hint: "OneRoster requires one primary role per org the user has roles at; a role at a second school is that school's primary role. The sync proceeds, taking the user's first role as primary; fix the role types in the SIS.",
  },
  grade_not_ceds: {
    severity: 'warning',
    level: 'record',
    title: 'Grade is not a CEDS grade code',
    hint: 'Map local grades to CEDS codes (KG, 01 … 12, PK, …) in the export.',
  },
  grade_not_allowed: {
    severity: 'error',
    level: 'record',
    title: "Grade outside the district's allowed grades",
    hint: 'Fix the grade in the SIS, or add it to the allowed grades in the district parameters.',
  },
  invalid_date: {
    severity: 'error',
    level: 'record',
    title: 'Date that does not parse or does not exist',
    hint: 'Dates are YYYY-MM-DD calendar dates; date-times are ISO 8601 with a time zone.',
  },
  date_range_reversed: {
    severity: 'error',
    level: 'record',
    title: 'End date before start date',
    hint: 'Swap or correct the dates in the SIS.',
  },
  session_outside_school_year: {
    severity: 'warning',
    level: 'record',
    title: 'Session dates fall outside its school year',
    hint: "Check the term's dates and its parent school year.",
  },
  class_not_at_school: {
    severity: 'warning',
    level: 'record',
    title: "Class's school is an org that is not a school",
    hint: 'A class belongs to a school; one filed under a district or department shows there in the host. The sync proceeds; point the class at its school in the SIS.',
  },
  role_inconsistency: {
    severity: 'error',
    level: 'record',
    title: "Enrollment role does not match the user's roles",
    hint: 'A teacher enrolled as a student (or the reverse) usually means a wrong user id in the enrollment.',
  },
  class_without_teacher: {
    severity: 'warning',
    level: 'record',
    title: 'Class has no active teacher enrollment',
    hint: 'Assign a teacher in the SIS so the class has an owner in the host app.',
  },
  student_without_enrollment: {
    severity: 'warning',
    level: 'record',
    title: 'In-scope student has no active enrollment',
    hint: 'Schedule the student into classes, or take their school or grade out of scope.',
  },
  screening_class_missing: {
    severity: 'error',
    level: 'record',
    title: 'In-scope student has no screening class for a testing measure',
    hint: 'Enroll the student in a class the screening-class rule matches (e.g. a homeroom).',
  },
  screening_class_ambiguous: {
    severity: 'error',
    level: 'record',
    title: 'In-scope student has more than one screening class for a testing measure',
    hint: 'Leave exactly one matching class per student, or tighten the screening-class rule.',
  },
  outside_testing_measures: {
    severity: 'warning',
    level: 'record',
    title: 'Student is covered by none of the testing measures',
    hint: "Expected for grades the district does not test; otherwise add the student's grade to a measure.",
  },
  testing_measure_uncovered: {
    severity: 'error',
    level: 'roster',
    title: 'A testing measure reaches no student or class in the roster',
    hint: 'The district administers this measure, yet no student has its grades or no class its subjects or course codes, so it would reach nobody: usually a value written differently from the SIS (3 for 03, Math for Mathematics) or a school the source does not share. Blocks until the measure or the roster is fixed; set the code to warning while a school is still being shared.',
  },
  missing_required_identifier: {
    severity: 'error',
    level: 'record',
    title: 'User lacks an identifier the district requires for their role',
    hint: 'Fill the field in the SIS, or drop it from the required identifiers.',
  },
  email_domain_not_allowed: {
    severity: 'error',
    level: 'record',
    title: "Email outside the district's allowed domains",
    hint: 'Use a district email address, or add the domain to the allow-list.',
  },
  school_out_of_scope: {
    severity: 'warning',
    level: 'record',
    title: 'School is not among the schools in scope',
    hint: 'Its people and classes are not checked against the testing measures; add it to the schools in scope if it should be.',
  },
  school_not_found: {
    severity: 'error',
    level: 'roster',
    title: 'A school in scope is missing from the roster',
    hint: 'Check the school identifier in the district parameters, or that the source shares that school.',
  },
  no_students: {
    severity: 'error',
    level: 'roster',
    title: 'The roster has no active students in scope',
    hint: 'Check the source shares students, and that the schools in scope are right.',
  },
  incomplete_roster: {
    severity: 'warning',
    level: 'roster',
    title: 'Some collections were not read completely',
    hint: 'References into unread collections may show as dangling; pull again before archiving anything.',
  },
  quarantine_limit_exceeded: {
    severity: 'error',
    level: 'roster',
    title: 'Too many records of one kind would be quarantined',
    hint: 'Fix the data at the source; setting aside this many records would hide a systemic problem.',
  },
} as const satisfies Record<string, IssueCodeInfo>

/** A built-in issue code. */
export type ValidationIssueCode = keyof typeof ISSUE_CATALOG

/** Every built-in issue code, in catalog order. */
export const VALIDATION_ISSUE_CODES: readonly ValidationIssueCode[] = Object.keys(
  ISSUE_CATALOG,
) as ValidationIssueCode[]

/**
 * True when `code` is a built-in issue code.
 * @param code - any issue code, possibly a host rule's own
 */
export function isBuiltInIssueCode(code: string): code is ValidationIssueCode {
  return Object.hasOwn(ISSUE_CATALOG, code)
}
