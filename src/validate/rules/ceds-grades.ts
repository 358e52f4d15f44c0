import { isCedsGrade } from '../../model/index.js'
import type { ValidationEntity } from '../issues.js'
import type { ValidationRule } from '../rule.js'
import { visitingRule } from '../visit-roster.js'

/** Flags grades on users, classes and courses that are not CEDS grade codes. */
export const cedsGradesRule: ValidationRule = visitingRule('ceds-grades', (ctx) => {
  const isProcessed = ctx.scope.isProcessed
  const check = (entity: ValidationEntity, record: { sourcedId: string; status: string; grades: string[] }): void => {
    const grades = record.grades
    if (grades.length === 0 || !isProcessed(record)) return
    for (let i = 0; i < grades.length; i++) {
      const grade = grades[i]!
      if (isCedsGrade(grade)) continue
      ctx.report({
        code: 'grade_not_ceds',
        entity,
        sourcedId: record.sourcedId,
        path: ['grades', i],
        message: `grade ${JSON.stringify(grade)} is not a CEDS grade code`,
      })
    }
  }
  return {
    courses: (course) => check('courses', course),
    classes: (cls) => check('classes', cls),
    users: (user) => check('users', user),
  }
})
