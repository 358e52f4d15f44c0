import { roleCategory } from '../../model/index.js'
import type { ValidationRule } from '../rule.js'
import { visitingRule } from '../visit-roster.js'

function domainAllowed(domain: string, allowed: readonly string[]): boolean {
  for (const a of allowed) if (domain === a || domain.endsWith(`.${a}`)) return true
  return false
}

/**
 * Flags active users at schools in scope whose email domain is outside the allow-list of their role
 * categories (a user with several categories passes when any of their lists allows the domain).
 */
export const emailDomainsRule: ValidationRule = visitingRule('email-domains', (ctx) => {
  const lists = ctx.parameters.emailDomains
  if (Object.keys(lists).length === 0) return undefined
  const scope = ctx.scope
  return {
    users(user) {
      const email = user.email
      if (email === undefined || email === '' || user.status !== 'active' || !scope.isUserInScope(user)) return
      const at = email.lastIndexOf('@')
      const domain =
        at < 0
          ? ''
          : email
              .slice(at + 1)
              .trim()
              .toLowerCase()
      let checked = false
      let allowed = false
      for (const role of user.roles) {
        const list = lists[roleCategory(role.role)]
        if (list === undefined) continue
        checked = true
        if (domainAllowed(domain, list)) {
          allowed = true
          break
        }
      }
      if (!checked || allowed) return
      ctx.report({
        code: 'email_domain_not_allowed',
        entity: 'users',
        sourcedId: user.sourcedId,
        path: ['email'],
        message: `email ${email} is not in an allowed domain`,
      })
    },
  }
})
