import type { ValidationRule } from '../rule.js'
import { visitingRule } from '../visit-roster.js'

/**
 * Flags users who do not hold exactly one primary role at each org they have a role at: OneRoster 1.2
 * requires "one, and only one, primary role for each org" (`Role.roleType`). The CSV reader checks the
 * same rule on roles.csv, so a roster read over REST and one read from CSV agree.
 */
export const primaryRolesRule: ValidationRule = visitingRule('primary-roles', (ctx) => {
  const isProcessed = ctx.scope.isProcessed
  return {
    users(user) {
      const roles = user.roles
      if (roles.length === 0 || !isProcessed(user)) return
      // Most users hold one role: nothing to count.
      if (roles.length === 1) {
        if (roles[0]!.roleType === 'primary') return
      }
      const primaries = new Map<string, number>()
      const firstAt = new Map<string, number>()
      for (let i = 0; i < roles.length; i++) {
        const role = roles[i]!
        if (!firstAt.has(role.orgSourcedId)) firstAt.set(role.orgSourcedId, i)
        primaries.set(
          role.orgSourcedId,
          (primaries.get(role.orgSourcedId) ?? 0) + (role.roleType === 'primary' ? 1 : 0),
        )
      }
      for (const [org, count] of primaries) {
        if (count === 1) continue
        ctx.report({
          code: 'role_primary_count',
          entity: 'users',
          sourcedId: user.sourcedId,
          path: ['roles', firstAt.get(org)!, 'roleType'],
          message: `user ${user.sourcedId} has ${count} primary roles at org ${org}; OneRoster requires exactly one per org`,
        })
      }
    },
  }
})
