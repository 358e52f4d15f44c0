/**
 * The roster validator: spec-level integrity rules and the district's parameters (testing measures,
 * screening classes, record processing, required identifiers, schools in scope), with quarantine.
 * Pure: no I/O, no clock unless injected.
 *
 * @module
 */
export { applyQuarantine } from './apply-quarantine.js'
export {
  type DistrictParameters,
  DistrictParametersSchema,
  type QuarantineSettings,
  QuarantineSettingsSchema,
  REQUIRED_USER_FIELDS,
  type RequiredUserField,
  type ScreeningClassCandidate,
  type ScreeningClassPredicate,
  type ScreeningClassRule,
  ScreeningClassRuleSchema,
  type TestingMeasure,
  TestingMeasureSchema,
} from './district-parameters.js'
export {
  ISSUE_CATALOG,
  type IssueCodeInfo,
  isBuiltInIssueCode,
  VALIDATION_ISSUE_CODES,
  type ValidationIssueCode,
  type ValidationIssueLevel,
  type ValidationSeverity,
} from './issue-catalog.js'
export type { ValidationEntity, ValidationIssue, ValidationIssueInput } from './issues.js'
export { renderValidationText } from './render-validation-text.js'
export type {
  BlockReason,
  IssueCodeCount,
  QuarantinedRecord,
  RenderValidationTextOptions,
  ValidationReport,
  ValidationSummary,
} from './report.js'
export {
  type CompiledScreeningRule,
  parseDistrictParameters,
  type ResolvedDistrictParameters,
  type ResolvedTestingMeasure,
  resolveDistrictParameters,
} from './resolve-parameters.js'
export type { RecordVisitor, ValidationContext, ValidationRule } from './rule.js'
export { BUILT_IN_RULES } from './rules/index.js'
export type { ValidationScope } from './scope.js'
export { type ValidateRosterOptions, validateRoster } from './validate-roster.js'
