import { roleCategory, type User } from '../../model/index.js'
import type { ValidationIssueCode } from '../issue-catalog.js'
import type { ValidationContext, ValidationRule } from '../rule.js'
import { visitingRule } from '../visit-roster.js'

function isContactOnly(user: User): boolean {
  if (user.roles.length === 0) return false
  for (const role of user.roles) if (roleCategory(role.role) !== 'contact') return false
  return true
}

/**
 * Flags active users sharing an email (contacts excepted), a username or a state id with an earlier
 * active user. Emails and usernames compare case-insensitively. A `tobedeleted` user never collides:
 * people leave and come back with new records.
 */
export const duplicateUserKeysRule: ValidationRule = visitingRule('duplicate-user-keys', (ctx) => {
  const emails = new Map<string, string>()
  const usernames = new Map<string, string>()
  const stateIds = new Map<string, string>()
  return {
    users(user) {
      if (user.status !== 'active') return
      const { email, username, stateId } = user
      // Guardians of siblings often share one address; only people who log in need their own.
      if (email && !isContactOnly(user)) {
        claim(ctx, emails, email.trim().toLowerCase(), email, user, 'duplicate_email', 'email')
      }
      if (username)
        claim(ctx, usernames, username.trim().toLowerCase(), username, user, 'duplicate_username', 'username')
      if (stateId) claim(ctx, stateIds, stateId.trim(), stateId, user, 'duplicate_state_id', 'stateId')
    },
  }
})

function claim(
  ctx: ValidationContext,
  owners: Map<string, string>,
  key: string,
  raw: string,
  user: User,
  code: ValidationIssueCode,
  field: string,
): void {
  const owner = owners.get(key)
  if (owner === undefined) owners.set(key, user.sourcedId)
  else if (owner !== user.sourcedId) {
    ctx.report({
      code,
      entity: 'users',
      sourcedId: user.sourcedId,
      path: [field],
      message: `${field} ${raw} is also used by user ${owner}`,
    })
  }
}
