import type { ValidationRule } from '../rule.js'

/**
 * Flags schools the parameters name but the roster lacks (`school_not_found`) and schools in the
 * roster outside the schools in scope (`school_out_of_scope`).
 */
export const schoolScopeRule: ValidationRule = {
  name: 'school-scope',
  check(ctx) {
    const { scope, roster } = ctx
    if (scope.schoolIds === undefined) return
    for (const selector of scope.unmatchedSchools) {
      ctx.report({
        code: 'school_not_found',
        entity: 'roster',
        path: ['schools'],
        message: `school ${selector} is in scope but no org in the roster has that sourcedId, identifier, NCES id or state id`,
      })
    }
    for (const org of roster.orgs) {
      if (org.type !== 'school' || org.status !== 'active' || scope.schoolIds.has(org.sourcedId)) continue
      ctx.report({
        code: 'school_out_of_scope',
        entity: 'orgs',
        sourcedId: org.sourcedId,
        path: [],
        message: `school ${org.name} (${org.sourcedId}) is not among the schools in scope; its records are not checked against the district parameters`,
      })
    }
  },
}
