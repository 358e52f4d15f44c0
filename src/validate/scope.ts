import type { Class, Org, RosterIndex, User } from '../model/index.js'
import type { CompiledScreeningRule, ResolvedDistrictParameters, ResolvedTestingMeasure } from './resolve-parameters.js'

/**
 * Record scope: which records the rules look at (record processing), which schools are in scope and
 * which students each testing measure covers. Built once per validation and shared by every rule.
 *
 * @module
 */

/** Which records and students are in scope. */
export interface ValidationScope {
  /** True when rules should look at a record with this status (`activeOnly` skips `tobedeleted`). */
  isProcessed(record: { readonly status: string }): boolean
  /** sourcedIds of the schools in scope, or undefined when every school is. */
  readonly schoolIds: ReadonlySet<string> | undefined
  /** School selectors from the parameters that matched no org in the roster. */
  readonly unmatchedSchools: readonly string[]
  /** True when the org is in scope (always, when no schools are selected). */
  isSchoolInScope(orgSourcedId: string): boolean
  /** True when the user holds a role at a school in scope. */
  isUserInScope(user: User): boolean
  /** Measures covering the student's grades; every student is covered by a measure with no grades. */
  measuresFor(user: User): readonly ResolvedTestingMeasure[]
  /**
   * Active students at schools in scope, covered by at least one measure (or every one of them when
   * the district lists no measures).
   */
  readonly studentsInScope: readonly User[]
  /**
   * Active students at schools in scope whose grades no testing measure covers (none when the
   * district lists no measures).
   */
  readonly studentsOutsideMeasures: readonly User[]
  /** True when the class satisfies a screening-class rule. */
  isScreeningClass(cls: Class, rule: CompiledScreeningRule): boolean
}

function orgMatches(org: Org, selector: string): boolean {
  return (
    org.sourcedId === selector || org.identifier === selector || org.ncesId === selector || org.stateId === selector
  )
}

function hasAny(values: readonly string[], wanted: ReadonlySet<string>, lower: boolean): boolean {
  for (const value of values) if (wanted.has(lower ? value.toLowerCase() : value)) return true
  return false
}

/**
 * Builds the scope of one validation.
 * @param index - the roster's shared indexes
 * @param users - the roster's users in order
 * @param parameters - resolved district parameters
 */
export function buildValidationScope(
  index: RosterIndex,
  users: readonly User[],
  parameters: ResolvedDistrictParameters,
): ValidationScope {
  const activeOnly = parameters.recordProcessing === 'activeOnly'
  let schoolIds: Set<string> | undefined
  const unmatchedSchools: string[] = []
  if (parameters.schools) {
    schoolIds = new Set()
    for (const selector of parameters.schools) {
      let found = false
      for (const org of index.orgs.values()) {
        if (orgMatches(org, selector)) {
          schoolIds.add(org.sourcedId)
          found = true
        }
      }
      if (!found) unmatchedSchools.push(selector)
    }
  }
  const isSchoolInScope = (id: string): boolean => schoolIds === undefined || schoolIds.has(id)
  const isUserInScope = (user: User): boolean => {
    if (schoolIds === undefined) return true
    for (const role of user.roles) if (schoolIds.has(role.orgSourcedId)) return true
    return false
  }
  const measures = parameters.testingMeasures
  // Most students have one grade: share one list per grade instead of allocating one per student.
  const byGrade = new Map<string, readonly ResolvedTestingMeasure[]>()
  const cover = (grades: readonly string[]): ResolvedTestingMeasure[] => {
    const covered: ResolvedTestingMeasure[] = []
    for (const m of measures) if (m.grades === undefined || hasAny(grades, m.grades, false)) covered.push(m)
    return covered
  }
  const measuresFor = (user: User): readonly ResolvedTestingMeasure[] => {
    if (measures.length === 0) return measures
    if (user.grades.length !== 1) return cover(user.grades)
    const grade = user.grades[0]!
    let covered = byGrade.get(grade)
    if (covered === undefined) {
      covered = cover(user.grades)
      byGrade.set(grade, covered)
    }
    return covered
  }
  // Both student lists come from one pass over the users, made on first use of either.
  let students: { inScope: User[]; outsideMeasures: User[] } | undefined
  const classifyStudents = (): { inScope: User[]; outsideMeasures: User[] } => {
    const inScope: User[] = []
    const outsideMeasures: User[] = []
    for (const user of users) {
      if (user.status !== 'active') continue
      if (!user.roles.some((r) => r.role === 'student')) continue
      if (!isUserInScope(user)) continue
      if (measures.length > 0 && measuresFor(user).length === 0) outsideMeasures.push(user)
      else inScope.push(user)
    }
    return { inScope, outsideMeasures }
  }
  const scope: ValidationScope = {
    isProcessed: (record) => !activeOnly || record.status === 'active',
    schoolIds,
    unmatchedSchools,
    isSchoolInScope,
    isUserInScope,
    measuresFor,
    get studentsInScope(): readonly User[] {
      students ??= classifyStudents()
      return students.inScope
    },
    get studentsOutsideMeasures(): readonly User[] {
      students ??= classifyStudents()
      return students.outsideMeasures
    },
    isScreeningClass(cls, compiled) {
      const rule = compiled.rule
      let any = false
      if (rule.classType !== undefined) {
        if (cls.classType !== rule.classType) return false
        any = true
      }
      if (compiled.classCodePattern) {
        if (cls.classCode === undefined || !compiled.classCodePattern.test(cls.classCode)) return false
        any = true
      }
      const course =
        compiled.courseCodes || compiled.subjects || rule.predicate ? index.courses.get(cls.courseSourcedId) : undefined
      if (compiled.courseCodes) {
        if (course?.courseCode === undefined || !compiled.courseCodes.has(course.courseCode.toLowerCase())) return false
        any = true
      }
      if (compiled.subjects) {
        const s = compiled.subjects
        const matches =
          hasAny(cls.subjects, s, true) ||
          hasAny(cls.subjectCodes, s, true) ||
          (course !== undefined && (hasAny(course.subjects, s, true) || hasAny(course.subjectCodes, s, true)))
        if (!matches) return false
        any = true
      }
      if (rule.predicate) {
        if (!rule.predicate({ class: cls, course })) return false
        any = true
      }
      return any
    },
  }
  return scope
}
