import type { Roster } from '../model/index.js'
import type { RecordVisitor, ValidationContext, ValidationRule } from './rule.js'

/**
 * Walks a roster once for many rules: one loop per collection hands each record to every visitor
 * that wants it, so the records of a large roster are read once rather than once per rule.
 *
 * @module
 */

/** The collections a {@link RecordVisitor} can visit, in the order they are visited. */
const VISITED = ['orgs', 'academicSessions', 'courses', 'classes', 'users', 'enrollments', 'demographics'] as const

/**
 * Calls every visitor for every record, collection by collection in {@link VISITED} order, then each
 * visitor's `finish` in the order given.
 * @param roster - the roster to walk
 * @param visitors - the visitors, in rule order
 */
export function visitRoster(roster: Roster, visitors: readonly RecordVisitor[]): void {
  for (const name of VISITED) {
    const calls: ((record: never) => void)[] = []
    const owners: RecordVisitor[] = []
    for (const visitor of visitors) {
      const call = visitor[name]
      if (call === undefined) continue
      calls.push(call as (record: never) => void)
      owners.push(visitor)
    }
    if (calls.length === 0) continue
    const records = roster[name] as readonly unknown[] as readonly never[]
    const n = records.length
    // Plain indexed loops: this runs for every record of the roster.
    if (calls.length === 1) {
      const call = calls[0]!
      const owner = owners[0]!
      for (let i = 0; i < n; i++) call.call(owner, records[i]!)
      continue
    }
    for (let i = 0; i < n; i++) {
      const record = records[i]!
      for (let j = 0; j < calls.length; j++) calls[j]!.call(owners[j], record)
    }
  }
  for (const visitor of visitors) visitor.finish?.()
}

/**
 * Builds a rule from its visitor: `validateRoster` drives `visit` together with the other rules,
 * while `check` runs the same visitor alone, for callers that run the rule by itself.
 * @param name - the rule's name
 * @param visit - returns the rule's visitor for one validation, or undefined when it has nothing to do
 */
export function visitingRule(
  name: string,
  visit: (context: ValidationContext) => RecordVisitor | undefined,
): ValidationRule {
  return {
    name,
    visit,
    check(context) {
      const visitor = visit(context)
      if (visitor !== undefined) visitRoster(context.roster, [visitor])
    },
  }
}
