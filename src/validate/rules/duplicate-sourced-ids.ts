import { ROSTER_COLLECTIONS } from '../../model/index.js'
import type { ValidationRule } from '../rule.js'

/** Flags records whose sourcedId repeats within their collection. */
export const duplicateSourcedIdsRule: ValidationRule = {
  name: 'duplicate-sourced-ids',
  check(ctx) {
    for (const name of ROSTER_COLLECTIONS) {
      const records: readonly { sourcedId: string; status: string }[] = ctx.roster[name]
      // The index keeps the first of each sourcedId, so equal sizes prove there is no duplicate.
      if (ctx.index[name].size === records.length) continue
      const seen = new Set<string>()
      for (let i = 0; i < records.length; i++) {
        const record = records[i]!
        if (!seen.has(record.sourcedId)) {
          seen.add(record.sourcedId)
          continue
        }
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
