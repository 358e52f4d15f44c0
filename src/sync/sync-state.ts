import { z } from 'zod'
import { ConfigurationError, type ErrorIssue } from '../errors.js'

/**
 * The state a host keeps between sync runs of one district: the incremental cursor, when the last
 * runs succeeded, and where an interrupted run stopped. Plain JSON: store it in a database row or a
 * job queue's payload and hand it back to the next run.
 *
 * @module
 */

/** Where an interrupted run stopped, so the next run picks up from there. */
export const SyncCheckpointSchema = z.object({
  /** The phase the run was in: an interrupted `pull` is re-read, an interrupted `apply` is re-planned and finished. */
  phase: z.enum(['pull', 'apply']),
  /** True when the interrupted run was a full sync; the next run is full too, so its archives still happen. */
  full: z.boolean(),
  /** The cursor the interrupted run read from (absent for a full run). */
  since: z.string().optional(),
  /** When the interrupted run started (ISO 8601). */
  startedAt: z.string(),
  /** When it was interrupted (ISO 8601). */
  interruptedAt: z.string(),
  /**
   * The interrupted plan's `fingerprint` (of the host data it was planned against), so `approve` can
   * tell its own preview and resume it.
   */
  planFingerprint: z.string().optional(),
  /** The merge engine's apply checkpoint, when the apply had written some batches. */
  apply: z
    .object({
      planFingerprint: z.string(),
      batchSize: z.number().int().positive(),
      done: z.array(z.string()),
    })
    .optional(),
})
/** Where an interrupted run stopped. */
export type SyncCheckpoint = z.infer<typeof SyncCheckpointSchema>

/** What the host persists between runs. Every field is optional: `{}` is a district never synced. */
export const SyncStateSchema = z.object({
  /** Format version of the state. */
  formatVersion: z.literal(1).default(1),
  /**
   * The source's cursor for the next incremental pull (a `dateLastModified` high-water mark for
   * OneRoster, an event id for Clever). It only moves after a successful apply.
   */
  cursor: z.string().optional(),
  /** When a sync last applied completely (ISO 8601). */
  lastSuccessAt: z.string().optional(),
  /** When a full (not incremental) sync last applied completely (ISO 8601). */
  lastFullSyncAt: z.string().optional(),
  /** Set while a run is interrupted; cleared by the next run that finishes. */
  checkpoint: SyncCheckpointSchema.optional(),
})
/** What the host persists between runs (JSON-serialisable). */
export type SyncState = z.output<typeof SyncStateSchema>
/** A sync state as read back from storage (`formatVersion` may be missing). */
export type SyncStateInput = z.input<typeof SyncStateSchema>

/**
 * Checks a stored sync state (e.g. `JSON.parse` of what the host saved) and returns it typed.
 * @param value - anything read back from storage; `undefined` and `null` give an empty state
 * @throws {ConfigurationError} when the value is not a sync state
 * @example
 * ```ts
 * const state = parseSyncState(JSON.parse(row.syncState ?? '{}'))
 * ```
 */
export function parseSyncState(value: unknown): SyncState {
  const result = SyncStateSchema.safeParse(value ?? {})
  if (result.success) return result.data
  const issues: ErrorIssue[] = result.error.issues.map((i) => ({ path: i.path, message: i.message, code: i.code }))
  throw new ConfigurationError(`Invalid sync state (${issues.length} issue(s))`, issues)
}
