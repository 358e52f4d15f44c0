import { userMatchValue } from '../merge/normalise-keys.js'
import { USER_MATCH_KEYS, type UserMatchKey } from '../merge/policy.js'
import type { LoadScope } from '../merge/store.js'
import { MERGE_ENTITIES, type MergeAction, type MergePlan } from '../merge/types.js'
import type { Roster } from '../model/index.js'

/**
 * What an incremental run concerns, derived from the delta it pulled, so the host store reads
 * only those records instead of the whole district.
 *
 * @module
 */

/**
 * The load scope of a delta: the users, classes, enrollments and demographics it changes or
 * references, and the fallback-key values of its users, so a user no host record knows by
 * sourcedId still meets every host record it may pair with (or conflict with). Orgs, sessions and
 * courses stay unscoped: they are small and school matching compares against all of them. A plan
 * made with the scope that archives anything must be made again without it ({@link archivesAnything}).
 * @param roster - the pulled roster; a bulk roster concerns everything and has no scope
 * @param namespace - the namespace the plan links records in
 * @param userMatchKeys - the policy's fallback keys for users
 * @returns the scope, or `undefined` when the whole district must be loaded
 */
export function loadScopeOf(
  roster: Roster,
  namespace: string,
  userMatchKeys: readonly UserMatchKey[],
): LoadScope | undefined {
  if (roster.mode !== 'delta') return undefined
  const users = new Set<string>()
  const classes = new Set<string>()
  for (const u of roster.users) users.add(u.sourcedId)
  for (const c of roster.classes) classes.add(c.sourcedId)
  for (const e of roster.enrollments) {
    users.add(e.userSourcedId)
    classes.add(e.classSourcedId)
  }
  for (const d of roster.demographics) users.add(d.sourcedId)
  const match: Partial<Record<UserMatchKey, string[]>> = {}
  for (const key of USER_MATCH_KEYS) {
    if (!userMatchKeys.includes(key)) continue
    const values = new Set<string>()
    for (const u of roster.users) {
      const value = userMatchValue(u, key)
      if (value !== undefined) values.add(value)
    }
    match[key] = [...values].sort()
  }
  const sorted = (s: Set<string>): string[] => [...s].sort()
  return {
    namespace,
    keys: {
      users: sorted(users),
      classes: sorted(classes),
      enrollments: roster.enrollments.map((e) => e.sourcedId).sort(),
      demographics: roster.demographics.map((d) => d.sourcedId).sort(),
    },
    match: { users: match },
  }
}

/**
 * Whether a plan archives any record. The archive guard compares archives with every record the
 * source owns, which a scoped load does not hold, so such a plan is made against the whole district.
 * @param plan - a plan made with a load scope
 */
export function archivesAnything(plan: MergePlan): boolean {
  return MERGE_ENTITIES.some((entity) =>
    (plan.actions[entity] as readonly MergeAction[]).some((a) => a.kind === 'archive'),
  )
}
