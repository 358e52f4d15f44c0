import type { ValidationRule } from '../rule.js'
import { visitingRule } from '../visit-roster.js'

/**
 * Flags active classes whose `school` is an org of another type (a district, a department):
 * OneRoster's class `school` names a school, and hosts file classes under it. A school that is not in
 * the roster at all is a dangling reference, reported by its own rule.
 */
export const classSchoolsRule: ValidationRule = visitingRule('class-schools', (ctx) => {
  const orgs = ctx.index.orgs
  const isProcessed = ctx.scope.isProcessed
  return {
    classes(cls) {
      if (!isProcessed(cls)) return
      const org = orgs.get(cls.schoolSourcedId)
      if (org === undefined || org.type === 'school') return
      ctx.report({
        code: 'class_not_at_school',
        entity: 'classes',
        sourcedId: cls.sourcedId,
        path: ['schoolSourcedId'],
        message: `class ${cls.sourcedId} names ${org.type} ${org.sourcedId} as its school; expected an org of type school`,
      })
    },
  }
})
