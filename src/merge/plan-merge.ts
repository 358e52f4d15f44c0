import { RosterkitError } from '../errors.js'
import type { MergePlan, PlanMergeInput } from './types.js'

/**
 * Plans what a sync does to the host's data: pure and deterministic, no clock, no I/O.
 * @param input - the host's existing records, the incoming roster and the policy
 * @throws {ConfigurationError} when the policy is invalid
 */
export function planMerge(input: PlanMergeInput): MergePlan {
  void input
  throw new RosterkitError('planMerge is not available yet')
}
