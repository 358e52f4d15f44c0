import type { ValidationRule } from '../rule.js'

/** Flags in-scope students without an active student enrollment in an active class. */
export const studentEnrollmentsRule: ValidationRule = {
  name: 'student-enrollments',
  check(ctx) {
    const { roster, index, scope } = ctx
    if (roster.mode === 'delta') return
    if (roster.completeness.enrollments === undefined && roster.enrollments.length === 0) return
    for (const student of scope.studentsInScope) {
      const enrollments = index.enrollmentsByUser.get(student.sourcedId)
      let enrolled = false
      if (enrollments) {
        for (const e of enrollments) {
          if (e.role !== 'student' || e.status !== 'active') continue
          if (index.classes.get(e.classSourcedId)?.status === 'active') {
            enrolled = true
            break
          }
        }
      }
      if (enrolled) continue
      ctx.report({
        code: 'student_without_enrollment',
        entity: 'users',
        sourcedId: student.sourcedId,
        path: [],
        message: `student ${student.sourcedId} has no active enrollment`,
      })
    }
  },
}
