import { ROSTER_COLLECTIONS, type RosterCollection } from '../../model/index.js'
import { repeatedIdPositions } from '../repeated-ids.js'
import type { ValidationRule } from '../rule.js'

/**
 * Collections whose id map other rules build anyway. Enrollments and demographics are not among
 * them: their maps would be built only for this rule.
 */
const INDEXED_ANYWAY: ReadonlySet<RosterCollection> = new Set([
  'orgs',
  'academicSessions',
  'courses',
  'classes',
  'users',
])

/** Flags records whose sourcedId repeats within their collection. */
export const duplicateSourcedIdsRule: ValidationRule = {
  name: 'duplicate-sourced-ids',
  check(ctx) {
    for (const name of ROSTER_COLLECTIONS) {
      const records: readonly { sourcedId: string; status: string }[] = ctx.roster[name]
      // The index keeps the first of each sourcedId, so equal sizes prove there is no duplicate.
      if (INDEXED_ANYWAY.has(name) && ctx.index[name].size === records.length) continue
      for (const position of repeatedIdPositions(records)) {
        const record = records[position]!
        if (!ctx.scope.isProcessed(record)) continue
        ctx.report({
          code: 'duplicate_sourced_id',
          entity: name,
          sourcedId: record.sourcedId,
          path: ['sourcedId'],
          message: `sourcedId ${record.sourcedId} appears more than once in ${name} (again at position ${position})`,
        })
      }
    }
  },
}
