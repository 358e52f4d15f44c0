import type { ValidationRule } from '../rule.js'

/**
 * Flags active students at schools in scope whose grades no testing measure covers: they will not be
 * tested. Only when the district lists measures.
 */
export const testingMeasureCoverageRule: ValidationRule = {
  name: 'testing-measure-coverage',
  check(ctx) {
    if (ctx.parameters.testingMeasures.length === 0) return
    for (const user of ctx.scope.studentsOutsideMeasures) {
      const grades = user.grades.length > 0 ? `grade(s) ${user.grades.join(', ')}` : 'no grade'
      ctx.report({
        code: 'outside_testing_measures',
        entity: 'users',
        sourcedId: user.sourcedId,
        path: ['grades'],
        message: `student ${user.sourcedId} has ${grades}, covered by none of the testing measures`,
      })
    }
  },
}
