import type { UserMatchKey } from './policy.js'
import type { ExistingRecords, FieldChange, MergeEntity, MergeRecord } from './types.js'

/**
 * The host adapter contract (`RosterStore`) and the types of applying a plan through it.
 *
 * @module
 */

/** What the store learns about the write it is asked to do. */
export interface StoreWriteContext {
  /** The source namespace of the plan being applied. */
  namespace: string
  /** When the apply started (ISO 8601), e.g. for `createdAt`. */
  appliedAt: string
  /** Cancels the write; a store that honours it rejects with an abort error. */
  signal?: AbortSignal | undefined
}

/** Create one record. */
export interface StoreCreateItem<E extends MergeEntity = MergeEntity> {
  /** The source's sourcedId (namespaced by `StoreWriteContext.namespace`). */
  key: string
  /** The canonical record to create. */
  record: MergeRecord<E>
}

/** Update one host record. */
export interface StoreUpdateItem<E extends MergeEntity = MergeEntity> {
  /** The source's sourcedId. */
  key: string
  /** Host id of the record. */
  hostId: string
  /** The whole record to write (sticky host-edited fields already carry the host's value). */
  record: MergeRecord<E>
  /** The fields that change, for stores that patch. */
  changes: readonly FieldChange[]
  /** Link the host record to `key` in the namespace (it was matched by a fallback key). */
  link: boolean
  /** Un-archive the host record. */
  restore: boolean
}

/** Archive one host record. */
export interface StoreArchiveItem {
  /** The source's sourcedId of the record. */
  key: string
  /** Host id of the record. */
  hostId: string
}

/**
 * What an incremental run concerns, so a store can load less than the whole district. A store that
 * narrows must still return, for each listed entity, every record linked to `namespace` under one of
 * the keys, and every record not linked to `namespace` (made by hand or by another source), which
 * fallback keys and school matching may pair. Entities not listed are loaded whole.
 */
export interface LoadScope {
  /** The source namespace the keys are in. */
  namespace: string
  /** Per entity, the sourcedIds the run's changes touch. */
  keys: { readonly [E in MergeEntity]?: readonly string[] }
  /**
   * Fallback-key values (normalised as the planner compares them: emails and usernames trimmed and
   * lower-cased, ids without spaces, dashes or leading zeros) of the incoming users. A store that
   * narrows users must also return this namespace's users whose value for one of these keys is
   * listed, even when they are linked to another sourcedId: the planner reports those as conflicts.
   */
  match?: { users?: { readonly [K in UserMatchKey]?: readonly string[] } | undefined } | undefined
}

/** The outcome of one batch. Items not listed in `failed` count as written. */
export interface StoreBatchResult {
  /** Items the store could not write, by key, with a message for people. */
  failed?: ReadonlyArray<{ key: string; error: string }> | undefined
}

/**
 * The host adapter: how rosterkit reads the host's records and writes a plan into it. Each write
 * method receives one batch of one entity. It either returns which items failed, or throws to fail
 * the whole batch. Writes must be idempotent: creating a key that already exists in the namespace
 * updates it, archiving an archived record succeeds.
 */
export interface RosterStore {
  /**
   * Loads every record the host holds that a plan may concern: records linked to the namespace
   * and the records made by hand that fallback keys and school matching may pair.
   * @param options - cancellation, and optionally the scope an incremental run concerns, which a
   *   store may use to read less (a store that ignores it loads everything, which is always correct)
   */
  load(options?: { signal?: AbortSignal | undefined; scope?: LoadScope | undefined }): Promise<ExistingRecords>
  /** Creates records linked to the namespace, with the source as their creator. */
  create<E extends MergeEntity>(
    entity: E,
    items: readonly StoreCreateItem<E>[],
    context: StoreWriteContext,
  ): Promise<StoreBatchResult>
  /** Updates records (and links or restores them as asked). */
  update<E extends MergeEntity>(
    entity: E,
    items: readonly StoreUpdateItem<E>[],
    context: StoreWriteContext,
  ): Promise<StoreBatchResult>
  /** Archives (soft-deletes) records. */
  archive<E extends MergeEntity>(
    entity: E,
    items: readonly StoreArchiveItem[],
    context: StoreWriteContext,
  ): Promise<StoreBatchResult>
}

/** A write operation kind. */
export type ApplyOperation = 'create' | 'update' | 'archive'

/** Where an interrupted apply stands, so a later call resumes after the batches already written. */
export interface ApplyCheckpoint {
  /** Digest of the plan the checkpoint belongs to (see `planDigest`); a checkpoint of another plan is refused. */
  planFingerprint: string
  /** Batch size the batches were cut with; a resume uses it again. */
  batchSize: number
  /** Ids (`entity:operation:index`) of the batches written completely, sorted. */
  done: string[]
}

/** Progress of an apply, after each batch. */
export interface ApplyProgressEvent {
  /** The entity of the batch. */
  entity: MergeEntity
  /** The operation of the batch. */
  operation: ApplyOperation
  /** Batches finished so far (including ones from the checkpoint). */
  batchesDone: number
  /** Batches in the whole plan. */
  batchesTotal: number
}

/** Options of `applyMergePlan`. */
export interface ApplyMergePlanOptions {
  /**
   * Records per store call.
   * @default 500
   */
  batchSize?: number | undefined
  /**
   * Store calls in flight at once, within one entity and operation (order across entities is kept).
   * @default 4
   */
  concurrency?: number | undefined
  /** Cancels the apply between batches; batches already written stay written and are in the checkpoint. */
  signal?: AbortSignal | undefined
  /** A checkpoint from an interrupted apply of the same plan: its batches are not written again. */
  checkpoint?: ApplyCheckpoint | undefined
  /** Called after every batch with the new checkpoint, for the host to persist. */
  onCheckpoint?: ((checkpoint: ApplyCheckpoint) => void | Promise<void>) | undefined
  /** Called after every batch. */
  onProgress?: ((event: ApplyProgressEvent) => void) | undefined
  /**
   * Set when a person approved a plan that `requiresApproval`; without it such a plan is refused.
   * @default false
   */
  approved?: boolean | undefined
  /**
   * Clock for `StoreWriteContext.appliedAt`.
   * @default () => new Date().toISOString()
   */
  now?: (() => string) | undefined
}

/** The outcome of one batch. */
export interface ApplyBatchResult {
  /** Batch id, `entity:operation:index`. */
  id: string
  /** The entity. */
  entity: MergeEntity
  /** The operation. */
  operation: ApplyOperation
  /** Keys written. */
  succeeded: string[]
  /** Keys not written, with the store's message. */
  failed: Array<{ key: string; error: string }>
}

/** What `applyMergePlan` did. */
export interface ApplyMergePlanResult {
  /** True when every batch of the plan is written (now or in an earlier, checkpointed call). */
  complete: boolean
  /** True when the apply stopped early because its signal was aborted. */
  aborted: boolean
  /** Every batch run by this call, in plan order. */
  batches: ApplyBatchResult[]
  /** Per entity and operation: records written and failed by this call. */
  counts: Record<MergeEntity, Record<ApplyOperation, { succeeded: number; failed: number }>>
  /** The checkpoint to resume from (its `done` lists every fully written batch). */
  checkpoint: ApplyCheckpoint
}
