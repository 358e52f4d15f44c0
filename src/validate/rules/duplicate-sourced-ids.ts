import { ROSTER_COLLECTIONS, type RosterCollection } from '../../model/index.js'
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
      // The index keeps the first of each sourcedId, so equal sizes prove there is no duplicate. Only
      // maps other rules need anyway are asked for: a set of ids is cheaper than an id→record map.
      if (INDEXED_ANYWAY.has(name) && ctx.index[name].size === records.length) continue
      const seen = new Set<string>()
      for (let i = 0; i < records.length; i++) {
        const record = records[i]!
        const size = seen.size
        // One hash operation per record: a set that grows has not seen the id before.
        if (seen.add(record.sourcedId).size !== size) continue
        if (!ctx.scope.isProcessed(record)) continue
        ctx.report({
          code: 'duplicate_sourced_id',
          entity: name,
          sourcedId: record.sourcedId,
          path: ['sourcedId'],
          message: `sourcedId ${record.sourcedId} appears more than once in ${name} (again at position ${i})`,
        })
      }
    }
  },
}
