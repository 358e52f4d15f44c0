import { SyncBlockedError, UnsafeArchiveError } from '../errors.js'
import type { EntityPolicy } from './policy.js'
import type { MergeAction, MergePlan } from './types.js'
import { MERGE_ENTITIES } from './types.js'

/**
 * Defence in depth before a plan is written: a plan is data and may have been stored, edited or
 * built by hand, so its archives are checked again against its own guards.
 *
 * @module
 */

function archivePolicy(plan: MergePlan, action: MergeAction): EntityPolicy | undefined {
  if (action.entity === 'users') return action.category === undefined ? undefined : plan.policy.roles[action.category]
  return plan.policy.entities[action.entity]
}

/**
 * Throws when the plan may not be applied as it is.
 * @param plan - the plan
 * @param approved - whether a person approved a plan that requires approval
 * @throws {UnsafeArchiveError} when an archive contradicts the plan's completeness, mode or policy
 * @throws {SyncBlockedError} when the plan requires approval and was not approved
 */
export function checkPlanSafety(plan: MergePlan, approved: boolean): void {
  const blocked = new Set(plan.archiveBlocks.map((b) => b.entity))
  for (const entity of MERGE_ENTITIES) {
    for (const action of plan.actions[entity] as readonly MergeAction[]) {
      if (action.kind !== 'archive') continue
      const where = `${entity} ${action.key}`
      if (!plan.incomingComplete) {
        throw new UnsafeArchiveError(`Refusing to archive ${where}: the plan was made from an incomplete roster`)
      }
      if (blocked.has(entity)) {
        throw new UnsafeArchiveError(`Refusing to archive ${where}: the ${entity} collection was not read completely`)
      }
      if (plan.mode === 'delta' && action.reason !== 'tobedeleted') {
        throw new UnsafeArchiveError(
          `Refusing to archive ${where}: a delta may only archive records marked tobedeleted`,
        )
      }
      const policy = archivePolicy(plan, action)
      if (policy === undefined || !policy.sync || !policy.archive) {
        throw new UnsafeArchiveError(`Refusing to archive ${where}: the plan's policy does not allow archiving it`)
      }
    }
  }
  // The reasons are the evidence; the flag alone may have been lost or edited away.
  if ((plan.requiresApproval || plan.approvalReasons.length > 0) && !approved) {
    throw new SyncBlockedError(
      'The plan requires approval before it is applied',
      plan.approvalReasons.map((r) => r.message),
    )
  }
}
