/**
 * The merge engine: `planMerge` decides what a sync does to the host's data under a
 * `MergePolicy`; `applyMergePlan` writes a plan through a host `RosterStore`.
 *
 * @module
 */
export * from './apply-merge-plan.js'
export * from './check-plan-safety.js'
export * from './fingerprint.js'
export * from './plan-merge.js'
export * from './policy.js'
export type * from './store.js'
export * from './types.js'
