import { type RawBuilder, type Selectable, type SqlBool, sql, type Transaction } from 'kysely'
import { AbortedError, ConfigurationError } from '../errors.js'
import {
  type ExistingRecords,
  type HostRecord,
  type LoadScope,
  MERGE_ENTITIES,
  type MergeEntity,
  type MergeRecord,
  type RecordOrigin,
  type RosterStore,
  type StoreArchiveItem,
  type StoreBatchResult,
  type StoreUpdateItem,
  type StoreWriteContext,
  USER_MATCH_KEYS,
  type UserMatchKey,
} from '../merge/index.js'
import type { RosterDatabase } from './open-database.js'
import { recordColumns } from './record-columns.js'
import { ROSTER_TABLES, type RosterkitTables, type RosterRowTable, type RosterTableName } from './tables.js'

/**
 * `createPostgresRosterStore`: the `RosterStore` over rosterkit's Postgres tables, one district per
 * store. Every batch is one transaction; the unique index on (district, namespace, sourcedId) makes
 * a retried or resumed create update the row it already wrote instead of adding a second one.
 *
 * @module
 */

/** One written row of a batch, as a batch hook sees it. */
export interface RosterBatchRow<E extends MergeEntity = MergeEntity> {
  /** The source's sourcedId. */
  key: string
  /** The row's host id. */
  hostId: string
  /** The record written (absent for an archive). */
  record?: MergeRecord<E> | undefined
}

/** A batch the store just wrote, handed to `onBatch` inside the batch's transaction. */
export interface RosterBatch<E extends MergeEntity = MergeEntity> {
  /** The collection. */
  entity: E
  /** What was done to the rows. */
  operation: 'create' | 'update' | 'archive'
  /** The district. */
  district: string
  /** The source namespace of the plan. */
  namespace: string
  /** The rows written (items the store refused are not here). */
  rows: ReadonlyArray<RosterBatchRow<E>>
  /**
   * The batch's transaction: write the host's own tables through it, and they commit or roll back
   * with rosterkit's rows. Throwing fails the whole batch.
   */
  transaction: Transaction<RosterkitTables>
}

/** Options of {@link createPostgresRosterStore}. */
export interface PostgresRosterStoreOptions {
  /** The open database (see `openRosterDatabase`). */
  database: RosterDatabase
  /** The district (tenant) whose rows this store reads and writes; no other district's rows are touched. */
  district: string
  /** Called for each batch inside its transaction, e.g. to mirror changes into the host's own tables. */
  onBatch?: ((batch: RosterBatch) => void | Promise<void>) | undefined
  /**
   * Rows read per query while loading, so a large district streams instead of arriving as one result.
   * @default 5000
   */
  loadPageSize?: number | undefined
}

/** How a record is added by hand with {@link PostgresRosterStore.add}. */
export interface AddRowOptions {
  /** Link to a source, as if a sync had created it. @default none: a hand-made record */
  origin?: RecordOrigin | undefined
  /** Fields a person edited. @default [] */
  hostEditedFields?: readonly string[] | undefined
  /** Add it archived. @default false */
  archived?: boolean | undefined
}

/** The Postgres `RosterStore`, with streaming reads and the host-side edits a host app makes. */
export interface PostgresRosterStore extends RosterStore {
  /** The district of this store. */
  readonly district: string
  /**
   * Reads one collection of the district page by page, in host-id order.
   * @param entity - the collection
   * @param options - the incremental scope, cancellation
   */
  stream<E extends MergeEntity>(
    entity: E,
    options?: { scope?: LoadScope | undefined; signal?: AbortSignal | undefined },
  ): AsyncGenerator<HostRecord<MergeRecord<E>>[]>
  /**
   * Adds a record as the host app would: by default one made by hand that no source knows.
   * @returns the host id
   */
  add<E extends MergeEntity>(entity: E, record: MergeRecord<E>, options?: AddRowOptions): Promise<string>
  /**
   * Edits a record as a person in the host app would: the fields become host-edited (sticky).
   * @throws {ConfigurationError} when the district has no such record
   */
  edit<E extends MergeEntity>(entity: E, hostId: string, patch: Partial<MergeRecord<E>>): Promise<void>
}

type Row = Selectable<RosterRowTable>

function toHostRecord(row: Row): HostRecord {
  const host: HostRecord = { hostId: row.host_id, record: row.record, version: String(row.version) }
  if (row.source_namespace !== null) {
    host.origin = {
      namespace: row.source_namespace,
      createdBySource: row.created_by_source,
      ...(row.origin_created_at === null ? {} : { createdAt: row.origin_created_at }),
    }
  }
  if (row.archived_at !== null) host.archived = true
  if (row.host_edited_fields.length > 0) host.hostEditedFields = row.host_edited_fields
  return host
}

function checkSignal(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortedError('The store operation was cancelled')
}

/**
 * Creates the roster store of one district.
 * @param options - database, district, batch hook
 * @throws {ConfigurationError} when the district is empty
 * @example
 * ```ts
 * const database = await openRosterDatabase('./roster-db')
 * const store = createPostgresRosterStore({ database, district: 'springfield' })
 * const sync = createRosterSync({ source, store, policy })
 * ```
 */
export function createPostgresRosterStore(options: PostgresRosterStoreOptions): PostgresRosterStore {
  const { database, district, onBatch } = options
  if (district.length === 0) {
    throw new ConfigurationError('A district is required', [{ path: ['district'], message: 'empty' }])
  }
  const db = database.db
  const pageSize = Math.max(1, Math.floor(options.loadPageSize ?? 5000))
  const tableOf = (entity: MergeEntity): RosterTableName => ROSTER_TABLES[entity]

  /**
   * This namespace's users whose fallback-key value is one the scope lists. The comparison is
   * looser than the planner's normalisation (ids also lose non-numeric leading zeros), which only
   * loads a few records more.
   */
  function matchConditions(
    match: { readonly [K in UserMatchKey]?: readonly string[] } | undefined,
  ): RawBuilder<SqlBool>[] {
    const out: RawBuilder<SqlBool>[] = []
    for (const key of USER_MATCH_KEYS) {
      const values = match?.[key]
      if (values === undefined || values.length === 0) continue
      const field = sql`${sql.ref('record')}->>${sql.lit(key)}`
      if (key === 'email' || key === 'username') {
        out.push(sql<SqlBool>`lower(btrim(${field})) in (${sql.join(values)})`)
      } else {
        const compact = sql`ltrim(regexp_replace(upper(${field}), '[[:space:]-]+', '', 'g'), '0')`
        out.push(sql<SqlBool>`${compact} in (${sql.join(values.map((v) => v.replace(/^0+/, '')))})`)
      }
    }
    return out
  }

  async function* stream<E extends MergeEntity>(
    entity: E,
    opts: { scope?: LoadScope | undefined; signal?: AbortSignal | undefined } = {},
  ): AsyncGenerator<HostRecord<MergeRecord<E>>[]> {
    const table = tableOf(entity)
    const keys = opts.scope?.keys[entity]
    const namespace = opts.scope?.namespace
    checkSignal(opts.signal)
    // One cursor in one read transaction: a consistent snapshot, read page by page, sorted once.
    // (Keyset pages would each re-sort the rest of a table whose statistics are not gathered yet.)
    const trx = await db.startTransaction().execute()
    try {
      let query = trx.selectFrom(table).selectAll().where('district', '=', district)
      if (keys !== undefined && namespace !== undefined) {
        query = query.where((eb) =>
          eb.or([
            eb('source_namespace', 'is', null),
            eb('source_namespace', '!=', namespace),
            ...(keys.length > 0 ? [eb('source_key', 'in', keys)] : []),
            ...(entity === 'users' ? matchConditions(opts.scope?.match?.users) : []),
          ]),
        )
      }
      await sql`declare rosterkit_load no scroll cursor for ${query.orderBy('host_id')}`.execute(trx)
      for (;;) {
        checkSignal(opts.signal)
        const { rows } = await sql<Row>`fetch forward ${sql.raw(String(pageSize))} from rosterkit_load`.execute(trx)
        if (rows.length === 0) break
        yield rows.map(toHostRecord) as HostRecord<MergeRecord<E>>[]
        if (rows.length < pageSize) break
      }
    } finally {
      await trx.rollback().execute()
    }
  }

  async function inBatch(
    entity: MergeEntity,
    operation: RosterBatch['operation'],
    context: StoreWriteContext,
    write: (trx: Transaction<RosterkitTables>) => Promise<RosterBatchRow[]>,
  ): Promise<void> {
    checkSignal(context.signal)
    await db.transaction().execute(async (trx) => {
      const rows = await write(trx)
      await onBatch?.({ entity, operation, district, namespace: context.namespace, rows, transaction: trx })
    })
  }

  return {
    district,
    stream,

    async load(opts = {}) {
      const out: { [E in MergeEntity]?: HostRecord<MergeRecord<E>>[] } = {}
      for (const entity of MERGE_ENTITIES) {
        const records: HostRecord[] = []
        for await (const page of stream(entity, opts)) for (const host of page) records.push(host)
        ;(out as Record<MergeEntity, HostRecord[]>)[entity] = records
      }
      return out as ExistingRecords
    },

    async create(entity, items, context) {
      if (items.length === 0) return {}
      const table = tableOf(entity)
      await inBatch(entity, 'create', context, async (trx) => {
        const written = await trx
          .insertInto(table)
          .values(
            items.map((item) => ({
              district,
              source_namespace: context.namespace,
              source_key: item.key,
              created_by_source: true,
              origin_created_at: context.appliedAt,
              record: JSON.stringify(item.record),
              ...recordColumns(entity, item.record),
            })),
          )
          .onConflict((oc) =>
            oc
              .columns(['district', 'source_namespace', 'source_key'])
              .where('source_namespace', 'is not', null)
              .doUpdateSet((eb) => ({
                record: eb.ref('excluded.record'),
                name: eb.ref('excluded.name'),
                given_name: eb.ref('excluded.given_name'),
                family_name: eb.ref('excluded.family_name'),
                email: eb.ref('excluded.email'),
                role: eb.ref('excluded.role'),
                org_key: eb.ref('excluded.org_key'),
                class_key: eb.ref('excluded.class_key'),
                user_key: eb.ref('excluded.user_key'),
                grades: eb.ref('excluded.grades'),
                status: eb.ref('excluded.status'),
                archived_at: null,
                version: sql<number>`${sql.ref(`${table}.version`)} + 1`,
                updated_at: sql<Date>`now()`,
              })),
          )
          .returning(['host_id', 'source_key'])
          .execute()
        const byKey = new Map(items.map((item) => [item.key, item.record]))
        return written.map((row) => ({ key: row.source_key, hostId: row.host_id, record: byKey.get(row.source_key) }))
      })
      return {}
    },

    async update(entity, items, context) {
      if (items.length === 0) return {}
      const table = tableOf(entity)
      const failed: Array<{ key: string; error: string }> = []
      await inBatch(entity, 'update', context, async (trx) => {
        failed.length = 0
        const rows: RosterBatchRow[] = []
        for (const item of items as readonly StoreUpdateItem[]) {
          const ns = context.namespace
          const relinked = sql<boolean>`${sql.ref('source_namespace')} is distinct from ${ns}`
          const result = await trx
            .updateTable(table)
            .set({
              record: JSON.stringify(item.record),
              ...recordColumns(entity, item.record),
              version: sql<number>`${sql.ref('version')} + 1`,
              updated_at: sql<Date>`now()`,
              ...(item.restore ? { archived_at: null } : {}),
              ...(item.link
                ? {
                    source_key: item.key,
                    created_by_source: sql<boolean>`case when ${relinked} then false else ${sql.ref('created_by_source')} end`,
                    origin_created_at: sql<
                      string | null
                    >`case when ${relinked} then null else ${sql.ref('origin_created_at')} end`,
                    source_namespace: ns,
                  }
                : {}),
            })
            .where('district', '=', district)
            .where('host_id', '=', item.hostId)
            .executeTakeFirst()
          if (result.numUpdatedRows === 0n) {
            failed.push({ key: item.key, error: `no ${entity} record with host id ${item.hostId}` })
          } else {
            rows.push({ key: item.key, hostId: item.hostId, record: item.record })
          }
        }
        return rows
      })
      return { failed }
    },

    async archive(entity, items: readonly StoreArchiveItem[], context) {
      if (items.length === 0) return {}
      const table = tableOf(entity)
      const failed: Array<{ key: string; error: string }> = []
      await inBatch(entity, 'archive', context, async (trx) => {
        const archived = await trx
          .updateTable(table)
          .set({
            // Archiving an archived row succeeds and keeps when it was first archived.
            archived_at: sql<Date>`coalesce(${sql.ref('archived_at')}, ${context.appliedAt}::timestamptz)`,
            version: sql<number>`case when ${sql.ref('archived_at')} is null then ${sql.ref('version')} + 1 else ${sql.ref('version')} end`,
            updated_at: sql<Date>`now()`,
          })
          .where('district', '=', district)
          .where(
            'host_id',
            'in',
            items.map((item) => item.hostId),
          )
          .returning(['host_id'])
          .execute()
        const found = new Set(archived.map((row) => row.host_id))
        failed.length = 0
        const rows: RosterBatchRow[] = []
        for (const item of items) {
          if (found.has(item.hostId)) rows.push({ key: item.key, hostId: item.hostId })
          else failed.push({ key: item.key, error: `no ${entity} record with host id ${item.hostId}` })
        }
        return rows
      })
      return { failed } satisfies StoreBatchResult
    },

    async add(entity, record, addOptions = {}) {
      const row = await db
        .insertInto(tableOf(entity))
        .values({
          district,
          source_namespace: addOptions.origin?.namespace ?? null,
          source_key: record.sourcedId,
          created_by_source: addOptions.origin?.createdBySource ?? false,
          origin_created_at: addOptions.origin?.createdAt ?? null,
          record: JSON.stringify(record),
          ...recordColumns(entity, record),
          host_edited_fields: [...(addOptions.hostEditedFields ?? [])].sort(),
          archived_at: addOptions.archived ? sql<Date>`now()` : null,
        })
        .returning('host_id')
        .executeTakeFirstOrThrow()
      return row.host_id
    },

    async edit(entity, hostId, patch) {
      const table = tableOf(entity)
      await db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom(table)
          .select(['record', 'host_edited_fields'])
          .where('district', '=', district)
          .where('host_id', '=', hostId)
          .forUpdate()
          .executeTakeFirst()
        if (!row) {
          throw new ConfigurationError(`No ${entity} record with host id ${hostId} in district "${district}"`)
        }
        const record = { ...row.record, ...patch } as MergeRecord
        const edited = [...new Set([...row.host_edited_fields, ...Object.keys(patch)])].sort()
        await trx
          .updateTable(table)
          .set({
            record: JSON.stringify(record),
            ...recordColumns(entity, record),
            host_edited_fields: edited,
            version: sql<number>`${sql.ref('version')} + 1`,
            updated_at: sql<Date>`now()`,
          })
          .where('district', '=', district)
          .where('host_id', '=', hostId)
          .execute()
      })
    },
  }
}
