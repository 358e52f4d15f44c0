import type { ValidationRule } from '../rule.js'

/** Blocks a full roster with no active students in scope: syncing it would empty the host's classes. */
export const noStudentsRule: ValidationRule = {
  name: 'no-students',
  check(ctx) {
    const { roster, scope } = ctx
    if (roster.mode === 'delta' || scope.studentsInScope.length > 0) return
    ctx.report({
      code: 'no_students',
      entity: 'roster',
      path: ['users'],
      message:
        roster.users.length === 0
          ? 'the roster has no users at all'
          : 'the roster has no active students at the schools and grades in scope',
    })
  },
}
