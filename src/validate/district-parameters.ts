import { z } from 'zod'
import type { Class, Course } from '../model/index.js'
import { ClassTypeSchema, ROLE_CATEGORIES } from '../model/index.js'
import { VALIDATION_ISSUE_CODES, type ValidationIssueCode } from './issue-catalog.js'

/**
 * District parameters: what a district promised before rostering (testing measures, how tests are
 * distributed, which records are processed, required identifiers, schools in scope, quarantine). This
 * is what a vendor's setup screen shows; `validateRoster` checks the roster against it.
 *
 * @module
 */

/** What a custom screening-class predicate sees. */
export interface ScreeningClassCandidate {
  /** The class. */
  readonly class: Class
  /** Its course, when the roster has it. */
  readonly course: Course | undefined
}

/** A host-supplied test of whether a class is a screening class. Must be pure. */
export type ScreeningClassPredicate = (candidate: ScreeningClassCandidate) => boolean

const nonEmptyStrings = z.array(z.string().min(1))

function isValidPattern(source: string): boolean {
  try {
    new RegExp(source)
    return true
  } catch {
    return false
  }
}

/**
 * How a student's screening class is identified. Every criterion given must hold (they combine with
 * AND); a rule with no criterion matches no class.
 */
export const ScreeningClassRuleSchema = z.strictObject({
  /** The class must have this class type, e.g. `homeroom`. */
  classType: ClassTypeSchema.optional(),
  /** The class's course must have one of these course codes (compared case-insensitively). */
  courseCodes: nonEmptyStrings.optional(),
  /** The class code must match this regular expression (JavaScript syntax, unanchored). */
  classCodePattern: z.string().min(1).refine(isValidPattern, 'Expected a valid regular expression').optional(),
  /** The class (or its course) must have one of these subjects or subject codes (case-insensitive). */
  subjects: nonEmptyStrings.optional(),
  /** A host-supplied test; not serialisable, so setup screens leave it out. */
  predicate: z.custom<ScreeningClassPredicate>((v) => typeof v === 'function', 'Expected a function').optional(),
})
/** How a student's screening class is identified. */
export type ScreeningClassRule = z.infer<typeof ScreeningClassRuleSchema>

/** One testing measure the district administers and what it covers. */
export const TestingMeasureSchema = z.strictObject({
  /** Stable id of the measure, e.g. `reading-screener`. Used in issue paths and messages. */
  id: z.string().min(1),
  /** Display name, e.g. `DIBELS 8 Reading`. */
  name: z.string().optional(),
  /**
   * Subjects or subject codes the measure covers (case-insensitive); a class is covered when it or its
   * course has one. Empty or absent: any subject.
   */
  subjects: nonEmptyStrings.optional(),
  /** Course codes the measure covers (case-insensitive). Empty or absent: any course. */
  courseCodes: nonEmptyStrings.optional(),
  /** Grades the measure covers; a student is in scope when one of their grades is listed. Absent: every grade. */
  grades: nonEmptyStrings.optional(),
  /** Screening-class rule for this measure, overriding the district-wide `screeningClass`. */
  screeningClass: ScreeningClassRuleSchema.optional(),
})
/** One testing measure the district administers. */
export type TestingMeasure = z.infer<typeof TestingMeasureSchema>

/** Fields a district can require of every user of a role category. */
export const REQUIRED_USER_FIELDS = [
  'stateId',
  'identifier',
  'email',
  'username',
  'grades',
  'userMasterIdentifier',
  'phone',
  'sms',
  'birthDate',
] as const
/** A field a district can require of users. `birthDate` is read from the user's demographics. */
export type RequiredUserField = (typeof REQUIRED_USER_FIELDS)[number]

const RoleCategorySchema = z.enum(ROLE_CATEGORIES)
const SeverityOverrideSchema = z.enum(['error', 'warning', 'off'])

/** When records failing a record-level rule may be set aside while the rest proceeds. */
export const QuarantineSettingsSchema = z.strictObject({
  /**
   * Whether records failing a record-level error rule are set aside instead of blocking the sync.
   * @default false
   */
  enabled: z.boolean().optional(),
  /**
   * Largest share (0–1) of the users of one role category, of classes, or of enrollments that may be
   * quarantined; above it the whole sync is blocked.
   * @default 0.05
   */
  maxShare: z.number().min(0).max(1).optional(),
  /** Per role category (or `classes`, `enrollments`) overrides of `maxShare`. */
  maxShareBy: z
    .partialRecord(z.enum([...ROLE_CATEGORIES, 'classes', 'courses', 'enrollments']), z.number().min(0).max(1))
    .optional(),
})
/** Quarantine settings. */
export type QuarantineSettings = z.infer<typeof QuarantineSettingsSchema>

/** The district parameters, every field optional; a district with none gets spec-level checks only. */
export const DistrictParametersSchema = z.strictObject({
  /**
   * Testing measures the district administers; they decide which students are in scope.
   * @default [] (no measures: no measure-based checks, every active student in a school in scope is in scope)
   */
  testingMeasures: z.array(TestingMeasureSchema).optional(),
  /**
   * How tests are distributed: by `class` (each in-scope student needs exactly one screening class per
   * measure), by `school` or by `grade` (no screening class needed).
   * @default 'school'
   */
  testDistribution: z.enum(['class', 'school', 'grade']).optional(),
  /**
   * How a screening class is identified when tests are distributed by class; a measure can override it.
   * @default { classType: 'homeroom' }
   */
  screeningClass: ScreeningClassRuleSchema.optional(),
  /**
   * `all`: every record is checked, including `tobedeleted` ones (which then drive archives).
   * `activeOnly`: `tobedeleted` records are ignored by every rule.
   * @default 'all'
   */
  recordProcessing: z.enum(['all', 'activeOnly']).optional(),
  /**
   * Fields every user of a role category must carry, e.g. `{ student: ['stateId', 'grades'], teacher: ['email'] }`.
   * @default {}
   */
  requiredIdentifiers: z.partialRecord(RoleCategorySchema, z.array(z.enum(REQUIRED_USER_FIELDS))).optional(),
  /**
   * Schools in scope, each a sourcedId, identifier, NCES id or state id. Absent: every school.
   * @default undefined (every school)
   */
  schools: nonEmptyStrings.optional(),
  /**
   * Grades allowed on users, classes and courses. Absent: any grade.
   * @default undefined (any grade)
   */
  allowedGrades: nonEmptyStrings.optional(),
  /**
   * Allowed email domains (case-insensitive, subdomains included): a list applies to every role category
   * but `contact`; a record gives a list per category. Absent: any domain.
   * @default undefined (any domain)
   */
  emailDomains: z.union([nonEmptyStrings, z.partialRecord(RoleCategorySchema, nonEmptyStrings)]).optional(),
  /**
   * Whether and how far failing records may be quarantined.
   * @default { enabled: false, maxShare: 0.05 }
   */
  quarantine: QuarantineSettingsSchema.optional(),
  /**
   * Per-code severity overrides; `off` drops the code entirely.
   * @default {}
   */
  severity: z
    .partialRecord(
      z.enum(VALIDATION_ISSUE_CODES as [ValidationIssueCode, ...ValidationIssueCode[]]),
      SeverityOverrideSchema,
    )
    .optional(),
})
/** The district parameters, every field optional. */
export type DistrictParameters = z.infer<typeof DistrictParametersSchema>
