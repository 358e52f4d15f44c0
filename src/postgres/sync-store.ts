import { ConfigurationError } from '../errors.js'
import {
  parseSyncState,
  type ReviewedPreview,
  type SyncOperation,
  type SyncOutcome,
  type SyncPreview,
  type SyncReport,
  type SyncReportData,
  type SyncState,
} from '../sync/index.js'
import type { RosterDatabase } from './open-database.js'

/**
 * `createPostgresSyncStore`: what a district's sync keeps between runs, in the same database as its
 * roster: the `SyncState`, the preview waiting for a person's approval (so approving tomorrow, in
 * another process, applies exactly what was reviewed), and the history of runs with their reports.
 *
 * @module
 */

/** A preview kept for approval. */
export interface StoredPreview {
  /** Its id. */
  id: number
  /** When it was made (ISO 8601). */
  createdAt: string
  /** Why it waits for a person. */
  held: string[]
  /** The preview, as `approve` takes it. */
  preview: ReviewedPreview
}

/** One past run, as listed. */
export interface RunSummary {
  /** Its id, increasing. */
  id: number
  /** The district. */
  district: string
  /** preview, approve or run. */
  operation: SyncOperation
  /** How it ended. */
  outcome: SyncOutcome
  /** One-line summary. */
  headline: string
  /** When it started (ISO 8601). */
  startedAt: string
  /** When it finished (ISO 8601). */
  finishedAt: string
}

/** One past run with its whole report. */
export interface RunRecord extends RunSummary {
  /** The report as JSON data. */
  report: SyncReportData
}

/** Filters of {@link PostgresSyncStore.listRuns}. */
export interface ListRunsOptions {
  /** Newest first, at most this many. @default 20 */
  limit?: number | undefined
  /** Only runs with one of these outcomes. */
  outcomes?: readonly SyncOutcome[] | undefined
}

/** The persisted sync state, pending preview and run history of one district. */
export interface PostgresSyncStore {
  /** The district. */
  readonly district: string
  /** The state to hand to `createRosterSync` (`{}`-equivalent for a district never synced). */
  loadState(): Promise<SyncState>
  /** Saves the state; pass it as `createRosterSync`'s `onStateChange` so every change is kept at once. */
  saveState(state: SyncState): Promise<void>
  /**
   * Keeps a preview for a person to approve, replacing any older pending one of the district.
   * @returns its id
   */
  savePreview(preview: SyncPreview | ReviewedPreview): Promise<number>
  /** The preview waiting for approval, if any. */
  pendingPreview(): Promise<StoredPreview | undefined>
  /** Marks a pending preview approved (after `approve` applied it) or discarded. */
  resolvePreview(id: number, status: 'approved' | 'discarded'): Promise<void>
  /**
   * Records a finished preview, approve or run in the history.
   * @returns the run's id
   */
  recordRun(report: SyncReport | SyncReportData): Promise<number>
  /** Past runs of the district, newest first. */
  listRuns(options?: ListRunsOptions): Promise<RunSummary[]>
  /** One past run with its report. */
  getRun(id: number): Promise<RunRecord | undefined>
}

const iso = (value: Date | string): string => (value instanceof Date ? value.toISOString() : value)

/**
 * Creates the sync store of one district.
 * @param options - the open database and the district
 * @throws {ConfigurationError} when the district is empty
 * @example
 * ```ts
 * const syncStore = createPostgresSyncStore({ database, district: 'springfield' })
 * const sync = createRosterSync({ source, store, policy, state: await syncStore.loadState(), onStateChange: syncStore.saveState })
 * const result = await sync.run()
 * await syncStore.recordRun(result.report)
 * ```
 */
export function createPostgresSyncStore(options: { database: RosterDatabase; district: string }): PostgresSyncStore {
  const { district } = options
  if (district.length === 0) {
    throw new ConfigurationError('A district is required', [{ path: ['district'], message: 'empty' }])
  }
  const db = options.database.db

  return {
    district,

    async loadState() {
      const row = await db.selectFrom('sync_states').select('state').where('district', '=', district).executeTakeFirst()
      return parseSyncState(row?.state)
    },

    async saveState(state) {
      const json = JSON.stringify(state)
      await db
        .insertInto('sync_states')
        .values({ district, state: json, updated_at: new Date() })
        .onConflict((oc) => oc.column('district').doUpdateSet({ state: json, updated_at: new Date() }))
        .execute()
    },

    async savePreview(preview) {
      // The report is for people and is kept with the run; approve needs the rest.
      const { report: _report, ...reviewed } = preview as SyncPreview
      return db.transaction().execute(async (trx) => {
        await trx
          .updateTable('previews')
          .set({ status: 'discarded', resolved_at: new Date() })
          .where('district', '=', district)
          .where('status', '=', 'pending')
          .execute()
        const row = await trx
          .insertInto('previews')
          .values({
            district,
            status: 'pending',
            plan_fingerprint: reviewed.plan.fingerprint,
            held: JSON.stringify(reviewed.held),
            preview: JSON.stringify(reviewed),
            created_at: reviewed.createdAt,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        return row.id
      })
    },

    async pendingPreview() {
      const row = await db
        .selectFrom('previews')
        .select(['id', 'created_at', 'held', 'preview'])
        .where('district', '=', district)
        .where('status', '=', 'pending')
        .executeTakeFirst()
      if (!row) return undefined
      return {
        id: row.id,
        createdAt: iso(row.created_at),
        held: row.held,
        preview: row.preview as unknown as ReviewedPreview,
      }
    },

    async resolvePreview(id, status) {
      await db
        .updateTable('previews')
        .set({ status, resolved_at: new Date() })
        .where('district', '=', district)
        .where('id', '=', id)
        .execute()
    },

    async recordRun(report) {
      const data: SyncReportData = 'data' in report ? report.data : report
      const row = await db
        .insertInto('runs')
        .values({
          district,
          operation: data.operation,
          outcome: data.outcome,
          headline: data.headline,
          started_at: data.timing.startedAt,
          finished_at: data.timing.finishedAt,
          report: JSON.stringify(data),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return row.id
    },

    async listRuns(listOptions = {}) {
      let query = db
        .selectFrom('runs')
        .select(['id', 'district', 'operation', 'outcome', 'headline', 'started_at', 'finished_at'])
        .where('district', '=', district)
      if (listOptions.outcomes && listOptions.outcomes.length > 0) {
        query = query.where('outcome', 'in', [...listOptions.outcomes])
      }
      const rows = await query
        .orderBy('id', 'desc')
        .limit(listOptions.limit ?? 20)
        .execute()
      return rows.map((row) => ({
        id: row.id,
        district: row.district,
        operation: row.operation as SyncOperation,
        outcome: row.outcome as SyncOutcome,
        headline: row.headline,
        startedAt: iso(row.started_at),
        finishedAt: iso(row.finished_at),
      }))
    },

    async getRun(id) {
      const row = await db
        .selectFrom('runs')
        .selectAll()
        .where('district', '=', district)
        .where('id', '=', id)
        .executeTakeFirst()
      if (!row) return undefined
      return {
        id: row.id,
        district: row.district,
        operation: row.operation as SyncOperation,
        outcome: row.outcome as SyncOutcome,
        headline: row.headline,
        startedAt: iso(row.started_at),
        finishedAt: iso(row.finished_at),
        report: row.report as unknown as SyncReportData,
      }
    },
  }
}
