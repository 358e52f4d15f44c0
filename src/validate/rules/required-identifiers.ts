import { type RoleCategory, roleCategory, type User } from '../../model/index.js'
import type { RequiredUserField } from '../district-parameters.js'
import type { ValidationContext, ValidationRule } from '../rule.js'
import { visitingRule } from '../visit-roster.js'

function present(ctx: ValidationContext, user: User, field: RequiredUserField): boolean {
  if (field === 'grades') return user.grades.length > 0
  if (field === 'birthDate') return Boolean(ctx.index.demographics.get(user.sourcedId)?.birthDate)
  const value = user[field]
  return value !== undefined && value.trim() !== ''
}

/**
 * Flags active users at schools in scope who lack a field the district requires for one of their role
 * categories. `tobedeleted` users are deletion notices and need only their sourcedId.
 */
export const requiredIdentifiersRule: ValidationRule = visitingRule('required-identifiers', (ctx) => {
  const required = ctx.parameters.requiredIdentifiers
  const categories = Object.keys(required) as RoleCategory[]
  if (categories.length === 0) return undefined
  const scope = ctx.scope
  return {
    users(user) {
      if (user.status !== 'active' || !scope.isUserInScope(user)) return
      // Allocated only for the rare user who lacks something: most of a district passes.
      let missing: RequiredUserField[] | undefined
      for (const role of user.roles) {
        const fields = required[roleCategory(role.role)]
        if (fields === undefined) continue
        for (const field of fields) {
          if (missing?.includes(field) || present(ctx, user, field)) continue
          missing ??= []
          missing.push(field)
        }
      }
      if (missing === undefined) return
      for (const field of missing) {
        ctx.report({
          code: 'missing_required_identifier',
          entity: 'users',
          sourcedId: user.sourcedId,
          path: [field],
          message: `${primaryLabel(user)} ${user.sourcedId} has no ${field}, which the district requires`,
        })
      }
    },
  }
})

function primaryLabel(user: User): string {
  return user.roles.find((r) => r.roleType === 'primary')?.role ?? user.roles[0]?.role ?? 'user'
}
