import pLimit from 'p-limit'
import { ConfigurationError } from '../errors.js'
import { checkPlanSafety } from './check-plan-safety.js'
import { digestStrings } from './fingerprint.js'
import type {
  ApplyBatchResult,
  ApplyCheckpoint,
  ApplyMergePlanOptions,
  ApplyMergePlanResult,
  ApplyOperation,
  RosterStore,
  StoreBatchResult,
  StoreWriteContext,
} from './store.js'
import { MERGE_ENTITIES, type MergeAction, type MergeEntity, type MergePlan } from './types.js'

/**
 * Writes a plan through the host's store.
 *
 * @module
 */

interface Batch {
  id: string
  entity: MergeEntity
  operation: ApplyOperation
  actions: MergeAction[]
}

const OPERATIONS: readonly ApplyOperation[] = ['create', 'update', 'archive']

/**
 * The identity of a plan's writes, used by checkpoints: the fingerprint it was planned against and
 * every write it carries.
 * @param plan - a plan
 */
export function planDigest(plan: MergePlan): string {
  const parts: string[] = [plan.namespace, plan.fingerprint]
  for (const entity of MERGE_ENTITIES) {
    for (const action of plan.actions[entity] as readonly MergeAction[]) {
      if (action.kind === 'create') parts.push(`c${entity}:${action.key}`)
      else if (action.kind === 'update') parts.push(`u${entity}:${action.key}:${action.hostId}`)
      else if (action.kind === 'archive') parts.push(`a${entity}:${action.key}:${action.hostId}`)
    }
  }
  return digestStrings(parts)
}

function cutBatches(plan: MergePlan, batchSize: number): Batch[][] {
  const phases: Batch[][] = []
  const cut = (entity: MergeEntity, operation: ApplyOperation): void => {
    const actions = (plan.actions[entity] as MergeAction[]).filter((a) => a.kind === operation)
    if (actions.length === 0) return
    const phase: Batch[] = []
    for (let i = 0; i * batchSize < actions.length; i++) {
      phase.push({
        id: `${entity}:${operation}:${i}`,
        entity,
        operation,
        actions: actions.slice(i * batchSize, (i + 1) * batchSize),
      })
    }
    phases.push(phase)
  }
  // Parents before children for writes; children before parents for archives.
  for (const entity of MERGE_ENTITIES) {
    cut(entity, 'create')
    cut(entity, 'update')
  }
  for (const entity of [...MERGE_ENTITIES].reverse()) cut(entity, 'archive')
  return phases
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

async function writeBatch(store: RosterStore, batch: Batch, context: StoreWriteContext): Promise<StoreBatchResult> {
  const { entity, actions } = batch
  if (batch.operation === 'create') {
    return store.create(
      entity,
      actions.map((a) => (a.kind === 'create' ? { key: a.key, record: a.record } : unreachable())),
      context,
    )
  }
  if (batch.operation === 'update') {
    return store.update(
      entity,
      actions.map((a) =>
        a.kind === 'update'
          ? { key: a.key, hostId: a.hostId, record: a.record, changes: a.changes, link: a.link, restore: a.restore }
          : unreachable(),
      ),
      context,
    )
  }
  return store.archive(
    entity,
    actions.map((a) => (a.kind === 'archive' ? { key: a.key, hostId: a.hostId } : unreachable())),
    context,
  )
}

function unreachable(): never {
  throw new Error('a batch holds actions of another operation')
}

/**
 * Writes a plan into the host through its store: creates and updates parents first (orgs →
 * sessions → courses → classes → users → enrollments → demographics), archives children first, in
 * batches, several batches of one step at a time. A failed batch is reported and the others go
 * on; writing the same plan again is safe (stores are idempotent), and a checkpoint skips the
 * batches already written.
 * @param plan - a plan from `planMerge`
 * @param store - the host adapter
 * @param options - batching, concurrency, cancellation, checkpoint and approval
 * @returns per-batch outcomes, counts and the checkpoint to resume from
 * @throws {UnsafeArchiveError} when the plan carries archives its own guards forbid
 * @throws {SyncBlockedError} when the plan requires approval and `approved` is not set
 * @throws {ConfigurationError} when the checkpoint belongs to another plan, or options are out of range
 */
export async function applyMergePlan(
  plan: MergePlan,
  store: RosterStore,
  options: ApplyMergePlanOptions = {},
): Promise<ApplyMergePlanResult> {
  checkPlanSafety(plan, options.approved ?? false)
  const digest = planDigest(plan)
  const previous = options.checkpoint
  if (previous !== undefined && previous.planFingerprint !== digest) {
    throw new ConfigurationError('The checkpoint belongs to another plan; apply without it or with its own plan')
  }
  const batchSize = previous?.batchSize ?? options.batchSize ?? 500
  const concurrency = options.concurrency ?? 4
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new ConfigurationError('batchSize must be a positive integer')
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new ConfigurationError('concurrency must be a positive integer')
  }
  const done = new Set(previous?.done ?? [])
  const signal = options.signal
  const context: StoreWriteContext = {
    namespace: plan.namespace,
    appliedAt: (options.now ?? (() => new Date().toISOString()))(),
    ...(signal === undefined ? {} : { signal }),
  }
  const phases = cutBatches(plan, batchSize)
  const batchesTotal = phases.reduce((n, p) => n + p.length, 0)
  const counts = Object.fromEntries(
    MERGE_ENTITIES.map((e) => [e, Object.fromEntries(OPERATIONS.map((o) => [o, { succeeded: 0, failed: 0 }]))]),
  ) as ApplyMergePlanResult['counts']
  const results = new Map<string, ApplyBatchResult>()
  const checkpoint = (): ApplyCheckpoint => ({ planFingerprint: digest, batchSize, done: [...done].sort() })
  let aborted = false
  const limit = pLimit(concurrency)

  for (const phase of phases) {
    if (signal?.aborted) {
      aborted = true
      break
    }
    await Promise.all(
      phase
        .filter((batch) => !done.has(batch.id))
        .map((batch) =>
          limit(async () => {
            if (signal?.aborted) {
              aborted = true
              return
            }
            let failed: Array<{ key: string; error: string }>
            try {
              const outcome = await writeBatch(store, batch, context)
              failed = (outcome.failed ?? []).map((f) => ({ key: f.key, error: f.error }))
            } catch (error) {
              failed = batch.actions.map((a) => ({ key: a.key, error: describe(error) }))
            }
            const failedKeys = new Set(failed.map((f) => f.key))
            const succeeded = batch.actions.map((a) => a.key).filter((k) => !failedKeys.has(k))
            results.set(batch.id, { id: batch.id, entity: batch.entity, operation: batch.operation, succeeded, failed })
            const tally = counts[batch.entity][batch.operation]
            tally.succeeded += succeeded.length
            tally.failed += failed.length
            if (failed.length === 0) done.add(batch.id)
            await options.onCheckpoint?.(checkpoint())
            options.onProgress?.({
              entity: batch.entity,
              operation: batch.operation,
              batchesDone: done.size,
              batchesTotal,
            })
          }),
        ),
    )
  }
  const ordered = phases.flat().flatMap((b) => {
    const r = results.get(b.id)
    return r === undefined ? [] : [r]
  })
  return { complete: done.size === batchesTotal, aborted, batches: ordered, counts, checkpoint: checkpoint() }
}
