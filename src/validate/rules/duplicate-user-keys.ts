import { type RoleCategory, roleCategory, type User } from '../../model/index.js'
import type { ValidationIssueCode } from '../issue-catalog.js'
import type { ValidationRule } from '../rule.js'

interface Key {
  readonly code: ValidationIssueCode
  readonly field: 'email' | 'username' | 'stateId'
  readonly normalise: (value: string) => string
  readonly applies: (user: User) => boolean
}

const isContactOnly = (user: User): boolean => {
  if (user.roles.length === 0) return false
  for (const role of user.roles) if (roleCategory(role.role) !== ('contact' satisfies RoleCategory)) return false
  return true
}

const KEYS: readonly Key[] = [
  // Guardians of siblings often share one address; only people who log in need their own.
  {
    code: 'duplicate_email',
    field: 'email',
    normalise: (v) => v.trim().toLowerCase(),
    applies: (u) => !isContactOnly(u),
  },
  { code: 'duplicate_username', field: 'username', normalise: (v) => v.trim().toLowerCase(), applies: () => true },
  { code: 'duplicate_state_id', field: 'stateId', normalise: (v) => v.trim(), applies: () => true },
]

/**
 * Flags active users sharing an email (contacts excepted), a username or a state id with an earlier
 * active user. A `tobedeleted` user never collides: people leave and come back with new records.
 */
export const duplicateUserKeysRule: ValidationRule = {
  name: 'duplicate-user-keys',
  check(ctx) {
    for (const key of KEYS) {
      const first = new Map<string, string>()
      for (const user of ctx.roster.users) {
        const raw = user[key.field]
        if (raw === undefined || raw === '' || user.status !== 'active' || !key.applies(user)) continue
        const value = key.normalise(raw)
        const owner = first.get(value)
        if (owner === undefined) {
          first.set(value, user.sourcedId)
        } else if (owner !== user.sourcedId) {
          ctx.report({
            code: key.code,
            entity: 'users',
            sourcedId: user.sourcedId,
            path: [key.field],
            message: `${key.field} ${raw} is also used by user ${owner}`,
          })
        }
      }
    }
  },
}
