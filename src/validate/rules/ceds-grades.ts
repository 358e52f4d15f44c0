import { isCedsGrade } from '../../model/index.js'
import type { ValidationRule } from '../rule.js'

/** Flags grades on users, classes and courses that are not CEDS grade codes. */
export const cedsGradesRule: ValidationRule = {
  name: 'ceds-grades',
  check(ctx) {
    const { roster, scope } = ctx
    for (const name of ['courses', 'classes', 'users'] as const) {
      for (const record of roster[name] as readonly { sourcedId: string; status: string; grades: string[] }[]) {
        const grades = record.grades
        if (grades.length === 0 || !scope.isProcessed(record)) continue
        for (let i = 0; i < grades.length; i++) {
          const grade = grades[i]!
          if (isCedsGrade(grade)) continue
          ctx.report({
            code: 'grade_not_ceds',
            entity: name,
            sourcedId: record.sourcedId,
            path: ['grades', i],
            message: `grade ${JSON.stringify(grade)} is not a CEDS grade code`,
          })
        }
      }
    }
  },
}
