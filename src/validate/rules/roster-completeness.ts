import type { ValidationRule } from '../rule.js'

/** Warns once per collection that was not read completely. */
export const rosterCompletenessRule: ValidationRule = {
  name: 'roster-completeness',
  check(ctx) {
    for (const [name, c] of Object.entries(ctx.roster.completeness)) {
      if (!c || c.complete) continue
      const expected = c.expected === undefined ? '' : ` of ${c.expected}`
      ctx.report({
        code: 'incomplete_roster',
        entity: 'roster',
        path: ['completeness', name],
        message: `${name} was not read completely (${c.received}${expected} received)${c.reason ? `: ${c.reason}` : ''}`,
      })
    }
  },
}
