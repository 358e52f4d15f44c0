import { parseConfiguration } from '../internal/parse-configuration.js'
import type { RoleCategory } from '../model/index.js'
import {
  type DistrictParameters,
  DistrictParametersSchema,
  type RequiredUserField,
  type ScreeningClassRule,
  type TestingMeasure,
} from './district-parameters.js'
import { ISSUE_CATALOG, type ValidationIssueCode, type ValidationSeverity } from './issue-catalog.js'

/**
 * District parameters with every default applied, as rules read them.
 *
 * @module
 */

/** District parameters with defaults applied and patterns compiled. */
export interface ResolvedDistrictParameters {
  /** The measures, each with its effective screening-class rule. */
  readonly testingMeasures: readonly ResolvedTestingMeasure[]
  /** The district-wide screening-class rule, compiled. */
  readonly screeningClass: CompiledScreeningRule
  /** How tests are distributed. */
  readonly testDistribution: 'class' | 'school' | 'grade'
  /** Whether `tobedeleted` records are checked. */
  readonly recordProcessing: 'all' | 'activeOnly'
  /** Required fields per role category. */
  readonly requiredIdentifiers: Readonly<Partial<Record<RoleCategory, readonly RequiredUserField[]>>>
  /** School selectors (sourcedId, identifier, NCES id, state id); undefined: every school. */
  readonly schools: readonly string[] | undefined
  /** Allowed grades; undefined: any. */
  readonly allowedGrades: ReadonlySet<string> | undefined
  /** Allowed email domains per role category, lower-cased; a category absent: any domain. */
  readonly emailDomains: Readonly<Partial<Record<RoleCategory, readonly string[]>>>
  /** Whether quarantine is on. */
  readonly quarantineEnabled: boolean
  /** Largest quarantined share per role category, `classes`, `courses` or `enrollments`. */
  readonly maxQuarantineShare: (group: string) => number
  /** Severity of a built-in code after overrides; `off` drops it. */
  readonly severityOf: (code: ValidationIssueCode) => ValidationSeverity | 'off'
  /** The parameters as given, after schema parsing. */
  readonly raw: DistrictParameters
}

/** A testing measure with lower-cased criteria and its effective screening-class rule. */
export interface ResolvedTestingMeasure {
  /** The measure's id. */
  readonly id: string
  /** The measure as given. */
  readonly measure: TestingMeasure
  /** Lower-cased subjects, or undefined for any. */
  readonly subjects: ReadonlySet<string> | undefined
  /** Lower-cased course codes, or undefined for any. */
  readonly courseCodes: ReadonlySet<string> | undefined
  /** Grades, or undefined for every grade. */
  readonly grades: ReadonlySet<string> | undefined
  /** Effective screening-class rule, compiled. */
  readonly screening: CompiledScreeningRule
}

/** A screening-class rule with lower-cased lists and a compiled pattern. */
export interface CompiledScreeningRule {
  /** The rule as given. */
  readonly rule: ScreeningClassRule
  /** Lower-cased course codes. */
  readonly courseCodes: ReadonlySet<string> | undefined
  /** Lower-cased subjects. */
  readonly subjects: ReadonlySet<string> | undefined
  /** Compiled class-code pattern. */
  readonly classCodePattern: RegExp | undefined
}

const DEFAULT_SCREENING_RULE: ScreeningClassRule = { classType: 'homeroom' }
const DEFAULT_MAX_SHARE = 0.05
const CONTACT_EXCLUDED: readonly RoleCategory[] = ['student', 'teacher', 'staff', 'schoolAdmin', 'districtAdmin']

function lowerSet(values: readonly string[] | undefined): ReadonlySet<string> | undefined {
  return values && values.length > 0 ? new Set(values.map((v) => v.toLowerCase())) : undefined
}

function compileScreening(rule: ScreeningClassRule): CompiledScreeningRule {
  return {
    rule,
    courseCodes: lowerSet(rule.courseCodes),
    subjects: lowerSet(rule.subjects),
    classCodePattern: rule.classCodePattern === undefined ? undefined : new RegExp(rule.classCodePattern),
  }
}

/**
 * Parses district parameters, e.g. read from a settings screen or a JSON file, without applying
 * defaults.
 * @param input - the parameters as given
 * @returns the parameters
 * @throws {ConfigurationError} when the input does not match {@link DistrictParametersSchema}; an
 *   unknown key (a typo such as `testingMeasure`) is refused with its path and the closest known key
 * @example
 * const parameters = parseDistrictParameters(JSON.parse(await readFile('district.json', 'utf8')))
 */
export function parseDistrictParameters(input: unknown): DistrictParameters {
  return parseConfiguration(DistrictParametersSchema, input, 'district parameters')
}

/**
 * Parses district parameters and applies every default.
 * @param parameters - the district parameters, or undefined for spec-level checks only
 * @throws {ConfigurationError} when the parameters do not match {@link DistrictParametersSchema},
 *   unknown keys included
 */
export function resolveDistrictParameters(parameters: DistrictParameters | undefined): ResolvedDistrictParameters {
  const raw = parseDistrictParameters(parameters ?? {})
  const districtScreening = raw.screeningClass ?? DEFAULT_SCREENING_RULE
  const testingMeasures = (raw.testingMeasures ?? []).map(
    (measure): ResolvedTestingMeasure => ({
      id: measure.id,
      measure,
      subjects: lowerSet(measure.subjects),
      courseCodes: lowerSet(measure.courseCodes),
      grades: measure.grades && measure.grades.length > 0 ? new Set(measure.grades) : undefined,
      screening: compileScreening(measure.screeningClass ?? districtScreening),
    }),
  )
  const emailDomains: Partial<Record<RoleCategory, readonly string[]>> = {}
  if (Array.isArray(raw.emailDomains)) {
    const domains = raw.emailDomains.map((d) => d.toLowerCase())
    for (const category of CONTACT_EXCLUDED) emailDomains[category] = domains
  } else if (raw.emailDomains) {
    for (const [category, domains] of Object.entries(raw.emailDomains)) {
      if (domains) emailDomains[category as RoleCategory] = domains.map((d) => d.toLowerCase())
    }
  }
  const maxShare = raw.quarantine?.maxShare ?? DEFAULT_MAX_SHARE
  const maxShareBy: Readonly<Record<string, number | undefined>> = raw.quarantine?.maxShareBy ?? {}
  const severity: Readonly<Record<string, ValidationSeverity | 'off' | undefined>> = raw.severity ?? {}
  return {
    testingMeasures,
    screeningClass: compileScreening(districtScreening),
    testDistribution: raw.testDistribution ?? 'school',
    recordProcessing: raw.recordProcessing ?? 'all',
    requiredIdentifiers: raw.requiredIdentifiers ?? {},
    schools: raw.schools && raw.schools.length > 0 ? raw.schools : undefined,
    allowedGrades: raw.allowedGrades && raw.allowedGrades.length > 0 ? new Set(raw.allowedGrades) : undefined,
    emailDomains,
    quarantineEnabled: raw.quarantine?.enabled ?? false,
    maxQuarantineShare: (group) => maxShareBy[group] ?? maxShare,
    severityOf: (code) => severity[code] ?? ISSUE_CATALOG[code].severity,
    raw,
  }
}
