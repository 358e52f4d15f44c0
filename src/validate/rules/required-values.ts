import { roleCategory, type User } from '../../model/index.js'
import type { ValidationRule } from '../rule.js'
import { visitingRule } from '../visit-roster.js'

const blank = (value: string | undefined): boolean => value === undefined || value.trim() === ''

/** True when every role of the user is a contact role (guardian, parent, relative). */
function isContactOnly(user: User): boolean {
  if (user.roles.length === 0) return false
  for (const role of user.roles) if (roleCategory(role.role) !== 'contact') return false
  return true
}

/**
 * Flags active records without a value OneRoster requires and people rely on: an org with no name
 * (`missing_name`), a course or class with no title (`missing_title`), a user with an empty given or
 * family name (`missing_name`) or with no role at all (`user_without_role`). `tobedeleted` records are
 * deletion notices and need only their sourcedId. A contact's empty name is only a warning: many
 * SIS keep a guardian's whole name in one field.
 */
export const requiredValuesRule: ValidationRule = visitingRule('required-values', (ctx) => ({
  orgs(org) {
    if (org.status !== 'active' || !blank(org.name)) return
    ctx.report({
      code: 'missing_name',
      entity: 'orgs',
      sourcedId: org.sourcedId,
      path: ['name'],
      message: `${org.type} ${org.sourcedId} has no name`,
    })
  },
  courses(course) {
    if (course.status !== 'active' || !blank(course.title)) return
    ctx.report({
      code: 'missing_title',
      entity: 'courses',
      sourcedId: course.sourcedId,
      path: ['title'],
      message: `course ${course.sourcedId} has no title`,
    })
  },
  classes(cls) {
    if (cls.status !== 'active' || !blank(cls.title)) return
    ctx.report({
      code: 'missing_title',
      entity: 'classes',
      sourcedId: cls.sourcedId,
      path: ['title'],
      message: `class ${cls.sourcedId}${cls.classCode ? ` (${cls.classCode})` : ''} has no title`,
    })
  },
  users(user) {
    if (user.status !== 'active') return
    if (user.roles.length === 0) {
      ctx.report({
        code: 'user_without_role',
        entity: 'users',
        sourcedId: user.sourcedId,
        path: ['roles'],
        message: `user ${user.sourcedId} holds no role at any org`,
      })
    }
    const givenMissing = blank(user.givenName)
    const familyMissing = blank(user.familyName)
    if (!givenMissing && !familyMissing) return
    const contact = isContactOnly(user)
    for (const [field, missing] of [
      ['givenName', givenMissing],
      ['familyName', familyMissing],
    ] as const) {
      if (!missing) continue
      ctx.report({
        code: 'missing_name',
        ...(contact ? { severity: 'warning' as const } : {}),
        entity: 'users',
        sourcedId: user.sourcedId,
        path: [field],
        message: `${contact ? 'contact' : 'user'} ${user.sourcedId} has an empty ${field}`,
      })
    }
  },
}))
