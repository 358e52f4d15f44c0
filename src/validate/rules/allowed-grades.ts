import type { ValidationRule } from '../rule.js'

/** Flags grades outside the district's allowed grades, on in-scope users, classes and courses. */
export const allowedGradesRule: ValidationRule = {
  name: 'allowed-grades',
  check(ctx) {
    const allowed = ctx.parameters.allowedGrades
    if (allowed === undefined) return
    const { roster, scope } = ctx
    const flag = (entity: 'courses' | 'classes' | 'users', sourcedId: string, grades: readonly string[]): void => {
      for (let i = 0; i < grades.length; i++) {
        const grade = grades[i]!
        if (allowed.has(grade)) continue
        ctx.report({
          code: 'grade_not_allowed',
          entity,
          sourcedId,
          path: ['grades', i],
          message: `grade ${JSON.stringify(grade)} is not among the district's allowed grades`,
        })
      }
    }
    for (const c of roster.courses) if (scope.isProcessed(c)) flag('courses', c.sourcedId, c.grades)
    for (const c of roster.classes) {
      if (scope.isProcessed(c) && scope.isSchoolInScope(c.schoolSourcedId)) flag('classes', c.sourcedId, c.grades)
    }
    for (const u of roster.users)
      if (scope.isProcessed(u) && scope.isUserInScope(u)) flag('users', u.sourcedId, u.grades)
  },
}
