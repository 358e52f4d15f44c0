import { roleCategory, type User } from '../../model/index.js'
import type { ValidationIssueCode } from '../issue-catalog.js'
import { keyOwners } from '../repeated-ids.js'
import type { ValidationRule } from '../rule.js'
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
  const users = ctx.roster.users
  const emails = keyOwners(users.length)
  const usernames = keyOwners(users.length)
  const stateIds = keyOwners(users.length)
  let position = -1
  const claim = (
    owners: KeyOwners,
    user: User,
    key: string,
    raw: string,
    code: ValidationIssueCode,
    field: string,
  ): void => {
    const owner = owners(key, position)
    const ownerId = owner < 0 ? undefined : users[owner]!.sourcedId
    if (ownerId === undefined || ownerId === user.sourcedId) return
    ctx.report({
      code,
      entity: 'users',
      sourcedId: user.sourcedId,
      path: [field],
      message: `${field} ${raw} is also used by user ${ownerId}`,
    })
  }
  return {
    users(user) {
      position++
      if (user.status !== 'active') return
      const { email, username, stateId } = user
      // Guardians of siblings often share one address; only people who log in need their own.
      if (email && !isContactOnly(user))
        claim(emails, user, email.trim().toLowerCase(), email, 'duplicate_email', 'email')
      if (username) claim(usernames, user, username.trim().toLowerCase(), username, 'duplicate_username', 'username')
      if (stateId) claim(stateIds, user, stateId.trim(), stateId, 'duplicate_state_id', 'stateId')
    },
  }
})

type KeyOwners = ReturnType<typeof keyOwners>
