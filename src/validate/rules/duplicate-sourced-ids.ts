import { ROSTER_COLLECTIONS, type RosterCollection } from '../../model/index.js'
import type { RecordVisitor, ValidationRule } from '../rule.js'
import { visitingRule } from '../visit-roster.js'

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
export const duplicateSourcedIdsRule: ValidationRule = visitingRule('duplicate-sourced-ids', (ctx) => {
  const visitor: Record<RosterCollection, ((record: { sourcedId: string; status: string }) => void) | undefined> = {
    orgs: undefined,
    academicSessions: undefined,
    courses: undefined,
    classes: undefined,
    users: undefined,
    enrollments: undefined,
    demographics: undefined,
  }
  for (const name of ROSTER_COLLECTIONS) {
    // The index keeps the first of each sourcedId, so equal sizes prove there is no duplicate. Only
    // maps other rules need anyway are asked for: a set of ids is cheaper than an id→record map.
    if (INDEXED_ANYWAY.has(name) && ctx.index[name].size === ctx.roster[name].length) continue
    const seen = new Set<string>()
    let position = 0
    visitor[name] = (record) => {
      const i = position++
      const size = seen.size
      // One hash operation per record: a set that grows has not seen the id before.
      if (seen.add(record.sourcedId).size !== size || !ctx.scope.isProcessed(record)) return
      ctx.report({
        code: 'duplicate_sourced_id',
        entity: name,
        sourcedId: record.sourcedId,
        path: ['sourcedId'],
        message: `sourcedId ${record.sourcedId} appears more than once in ${name} (again at position ${i})`,
      })
    }
  }
  return visitor as RecordVisitor
})
