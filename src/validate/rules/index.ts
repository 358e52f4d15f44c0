import type { ValidationRule } from '../rule.js'
import { allowedGradesRule } from './allowed-grades.js'
import { cedsGradesRule } from './ceds-grades.js'
import { classSchoolsRule } from './class-schools.js'
import { classTeachersRule } from './class-teachers.js'
import { danglingReferencesRule } from './dangling-references.js'
import { datesRule } from './dates.js'
import { duplicateSourcedIdsRule } from './duplicate-sourced-ids.js'
import { duplicateUserKeysRule } from './duplicate-user-keys.js'
import { emailDomainsRule } from './email-domains.js'
import { enrollmentRolesRule } from './enrollment-roles.js'
import { enumValuesRule } from './enum-values.js'
import { noStudentsRule } from './no-students.js'
import { primaryRolesRule } from './primary-roles.js'
import { requiredIdentifiersRule } from './required-identifiers.js'
import { requiredValuesRule } from './required-values.js'
import { rosterCompletenessRule } from './roster-completeness.js'
import { schoolScopeRule } from './school-scope.js'
import { screeningClassesRule } from './screening-classes.js'
import { sessionsWithinSchoolYearRule } from './sessions-within-school-year.js'
import { studentEnrollmentsRule } from './student-enrollments.js'
import { testingMeasureCoverageRule } from './testing-measure-coverage.js'
import { testingMeasureReachRule } from './testing-measure-reach.js'

/**
 * The built-in rules, in the order they run: integrity first, then the district's parameters, then
 * roster-level checks.
 *
 * @module
 */

/** Every built-in rule, in run order. */
export const BUILT_IN_RULES: readonly ValidationRule[] = [
  rosterCompletenessRule,
  duplicateSourcedIdsRule,
  danglingReferencesRule,
  duplicateUserKeysRule,
  enumValuesRule,
  requiredValuesRule,
  primaryRolesRule,
  cedsGradesRule,
  datesRule,
  sessionsWithinSchoolYearRule,
  classSchoolsRule,
  enrollmentRolesRule,
  classTeachersRule,
  schoolScopeRule,
  allowedGradesRule,
  requiredIdentifiersRule,
  emailDomainsRule,
  testingMeasureReachRule,
  testingMeasureCoverageRule,
  studentEnrollmentsRule,
  screeningClassesRule,
  noStudentsRule,
]
