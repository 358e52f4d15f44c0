import { RosterkitError } from '../errors.js'
import type { ApplyMergePlanOptions, ApplyMergePlanResult, RosterStore } from './store.js'
import type { MergePlan } from './types.js'

/**
 * Writes a plan into the host through its store, in dependency order and in batches.
 * @param plan - a plan from `planMerge`
 * @param store - the host adapter
 * @param options - batching, concurrency, cancellation and checkpoint
 * @throws {UnsafeArchiveError} when the plan carries archives its own guards forbid
 * @throws {SyncBlockedError} when the plan requires approval and `approved` is not set
 */
export async function applyMergePlan(
  plan: MergePlan,
  store: RosterStore,
  options: ApplyMergePlanOptions = {},
): Promise<ApplyMergePlanResult> {
  void plan
  void store
  void options
  throw new RosterkitError('applyMergePlan is not available yet')
}
