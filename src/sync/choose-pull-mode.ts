import type { SyncState } from './sync-state.js'

/**
 * Decides whether a run pulls incrementally or in full, and says why, for the report.
 *
 * @module
 */

/** The decision: how to pull and why. */
export interface PullModeDecision {
  /** `incremental` pulls from `since`; `full` reads everything the source has. */
  mode: 'full' | 'incremental'
  /** The cursor to pull from, for an incremental pull. */
  since?: string
  /** Why, for people. */
  reason: string
}

/** What the decision depends on. */
export interface PullModeInput {
  /** The persisted state. */
  state: SyncState
  /** Whether the source can pull incrementally. */
  supportsIncremental: boolean
  /** The caller asked for a full run. */
  forceFull: boolean
  /** Interval between full runs in milliseconds; `0` or less never schedules one. */
  fullSyncEvery: number
  /** The current time (ISO 8601). */
  now: string
}

/**
 * Chooses the pull mode of a run. A full pull happens when asked for, when the source cannot pull
 * incrementally, when there is no cursor yet, when an interrupted full run is being finished, or
 * when the last full run is older than `fullSyncEvery` (incremental pulls of some sources never
 * show hard deletions, so a periodic full run is what archives them).
 * @param input - the state, the source's ability and the schedule
 */
export function choosePullMode(input: PullModeInput): PullModeDecision {
  const { state } = input
  if (input.forceFull) return { mode: 'full', reason: 'a full sync was requested' }
  if (!input.supportsIncremental) return { mode: 'full', reason: 'the source only supports full pulls' }
  if (state.checkpoint?.full) {
    return { mode: 'full', reason: 'finishing a full sync that was interrupted' }
  }
  const cursor = state.checkpoint?.since ?? state.cursor
  if (cursor === undefined) return { mode: 'full', reason: 'no earlier sync to continue from' }
  if (input.fullSyncEvery > 0) {
    const last = state.lastFullSyncAt === undefined ? Number.NaN : Date.parse(state.lastFullSyncAt)
    if (Number.isNaN(last)) return { mode: 'full', reason: 'no full sync on record' }
    if (Date.parse(input.now) - last >= input.fullSyncEvery) {
      return { mode: 'full', reason: 'the scheduled full sync is due' }
    }
  }
  const resumed = state.checkpoint ? ' (resuming a run that was interrupted)' : ''
  return { mode: 'incremental', since: cursor, reason: `changes since the last successful sync${resumed}` }
}
