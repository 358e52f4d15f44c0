import type { ValidationRule } from '../rule.js'

/** Flags active classes without an active teacher enrollment. */
export const classTeachersRule: ValidationRule = {
  name: 'class-teachers',
  check(ctx) {
    const { roster, index } = ctx
    // Without enrollments read, every class would look teacherless.
    if (roster.completeness.enrollments === undefined && roster.enrollments.length === 0) return
    for (const cls of roster.classes) {
      if (cls.status !== 'active') continue
      const enrollments = index.enrollmentsByClass.get(cls.sourcedId)
      let taught = false
      if (enrollments) {
        for (const e of enrollments) {
          if (e.role === 'teacher' && e.status === 'active') {
            taught = true
            break
          }
        }
      }
      if (taught) continue
      ctx.report({
        code: 'class_without_teacher',
        entity: 'classes',
        sourcedId: cls.sourcedId,
        path: [],
        message: `class ${cls.title} has no active teacher enrollment`,
      })
    }
  },
}
