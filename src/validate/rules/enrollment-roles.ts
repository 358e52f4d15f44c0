import { roleCategory, type User } from '../../model/index.js'
import type { ValidationRule } from '../rule.js'

const STUDENT = 1
const EDUCATOR = 2

function roleMask(user: User): number {
  let mask = 0
  for (const role of user.roles) {
    const category = roleCategory(role.role)
    if (category === 'student') mask |= STUDENT
    else if (category !== 'contact') mask |= EDUCATOR
  }
  return mask
}

/**
 * Flags enrollments whose role the user cannot hold: a student enrollment for a user with no student
 * role (a teacher enrolled as a student), or a teacher, administrator or proctor enrollment for a user
 * who is only a student or a contact.
 */
export const enrollmentRolesRule: ValidationRule = {
  name: 'enrollment-roles',
  check(ctx) {
    const { index, scope } = ctx
    // One user lookup per enrolled user, not per enrollment.
    for (const [userId, enrollments] of index.enrollmentsByUser) {
      const user = index.users.get(userId)
      if (user === undefined) continue
      const mask = roleMask(user)
      if (mask === (STUDENT | EDUCATOR)) continue
      for (const e of enrollments) {
        const wantsStudent = e.role === 'student'
        if ((wantsStudent ? mask & STUDENT : mask & EDUCATOR) !== 0 || !scope.isProcessed(e)) continue
        ctx.report({
          code: 'role_inconsistency',
          entity: 'enrollments',
          sourcedId: e.sourcedId,
          path: ['role'],
          message: wantsStudent
            ? `user ${userId} is enrolled as a student but holds no student role`
            : `user ${userId} is enrolled as ${e.role} but holds only student or contact roles`,
        })
      }
    }
  },
}
