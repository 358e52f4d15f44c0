import type {
  ExistingRecords,
  HostRecord,
  MergeEntity,
  MergeRecord,
  RecordOrigin,
  RosterStore,
  StoreArchiveItem,
  StoreBatchResult,
  StoreCreateItem,
  StoreUpdateItem,
  StoreWriteContext,
} from '../merge/index.js'
import { MERGE_ENTITIES } from '../merge/index.js'

/**
 * `MemoryRosterStore`: a reference `RosterStore` that keeps the host's records in memory, for
 * tests, examples and the demo. Plain TypeScript with no Node API, so it runs wherever rosterkit
 * does.
 *
 * @module
 */

/** How a record is added by hand with {@link MemoryRosterStore.add}. */
export interface AddRecordOptions {
  /** Host id to use. @default the next generated id, e.g. `users-7` */
  hostId?: string | undefined
  /** Link to a source, as if a sync had created or linked it. @default none: a hand-made record */
  origin?: RecordOrigin | undefined
  /** Add it archived. @default false */
  archived?: boolean | undefined
  /** Fields a person edited. @default [] */
  hostEditedFields?: readonly string[] | undefined
}

type Table = Map<string, HostRecord>

/**
 * An in-memory host store. Writes are idempotent, as `RosterStore` requires: creating a key that
 * already exists in the namespace updates it (and un-archives it), archiving an archived record
 * succeeds. Records handed out by `load` are shared, never mutated: every write replaces them.
 * @example
 * ```ts
 * const store = new MemoryRosterStore()
 * store.add('users', handMadeTeacher)                  // a user created in the host app by hand
 * const plan = planMerge({ existing: await store.load(), incoming: roster, policy })
 * await applyMergePlan(plan, store)
 * ```
 */
export class MemoryRosterStore implements RosterStore {
  private readonly tables = new Map<MergeEntity, Table>()
  private readonly links = new Map<MergeEntity, Map<string, string>>()
  private counter = 0
  /** Number of calls made to each write method, for tests. */
  readonly calls: { create: number; update: number; archive: number } = { create: 0, update: 0, archive: 0 }

  /**
   * @param initial - records the host starts with, e.g. the output of another store's `load()`
   */
  constructor(initial: ExistingRecords = {}) {
    for (const entity of MERGE_ENTITIES) {
      this.tables.set(entity, new Map())
      this.links.set(entity, new Map())
      for (const host of (initial[entity] ?? []) as readonly HostRecord[]) this.put(entity, { ...host })
    }
  }

  private table(entity: MergeEntity): Table {
    return this.tables.get(entity) as Table
  }

  /**
   * The next generated host id of an entity. Ids a caller chose or a seeding store handed over may
   * look generated (`users-1`), so the counter steps past any that are taken: reusing one would
   * replace that record.
   */
  private nextHostId(entity: MergeEntity): string {
    const table = this.table(entity)
    let hostId: string
    do hostId = `${entity}-${++this.counter}`
    while (table.has(hostId))
    return hostId
  }

  private linkKey(namespace: string, sourcedId: string): string {
    return `${namespace}\u0000${sourcedId}`
  }

  private put(entity: MergeEntity, host: HostRecord): void {
    const table = this.table(entity)
    const previous = table.get(host.hostId)
    const links = this.links.get(entity) as Map<string, string>
    if (previous?.origin) {
      const key = this.linkKey(previous.origin.namespace, previous.record.sourcedId)
      if (links.get(key) === host.hostId) links.delete(key)
    }
    table.set(host.hostId, host)
    if (host.origin) links.set(this.linkKey(host.origin.namespace, host.record.sourcedId), host.hostId)
  }

  /**
   * Adds a record as the host app would: by default a hand-made record no source knows.
   * @param entity - the entity
   * @param record - the canonical record
   * @param options - host id, link, archived flag, edited fields
   * @returns the host id
   */
  add<E extends MergeEntity>(entity: E, record: MergeRecord<E>, options: AddRecordOptions = {}): string {
    const hostId = options.hostId ?? this.nextHostId(entity)
    this.put(entity, {
      hostId,
      record,
      ...(options.origin === undefined ? {} : { origin: options.origin }),
      ...(options.archived ? { archived: true } : {}),
      ...(options.hostEditedFields === undefined ? {} : { hostEditedFields: [...options.hostEditedFields] }),
    })
    return hostId
  }

  /**
   * Edits a record as a person in the host app would: the fields become host-edited (sticky).
   * @param entity - the entity
   * @param hostId - the record's host id
   * @param patch - new values of top-level fields
   * @throws {Error} when no record has this host id
   */
  edit<E extends MergeEntity>(entity: E, hostId: string, patch: Partial<MergeRecord<E>>): void {
    const host = this.table(entity).get(hostId)
    if (!host) throw new Error(`No ${entity} record with host id ${hostId}`)
    const edited = new Set(host.hostEditedFields ?? [])
    for (const field of Object.keys(patch)) edited.add(field)
    this.put(entity, { ...host, record: { ...host.record, ...patch }, hostEditedFields: [...edited].sort() })
  }

  /**
   * The record with this host id.
   * @param entity - the entity
   * @param hostId - the host id
   */
  get<E extends MergeEntity>(entity: E, hostId: string): HostRecord<MergeRecord<E>> | undefined {
    return this.table(entity).get(hostId) as HostRecord<MergeRecord<E>> | undefined
  }

  /**
   * The record linked to `sourcedId` in `namespace`.
   * @param entity - the entity
   * @param namespace - the source namespace
   * @param sourcedId - the source's id
   */
  find<E extends MergeEntity>(entity: E, namespace: string, sourcedId: string): HostRecord<MergeRecord<E>> | undefined {
    const hostId = this.links.get(entity)?.get(this.linkKey(namespace, sourcedId))
    return hostId === undefined ? undefined : this.get(entity, hostId)
  }

  /**
   * Every record of an entity, archived ones included.
   * @param entity - the entity
   */
  records<E extends MergeEntity>(entity: E): HostRecord<MergeRecord<E>>[] {
    return [...this.table(entity).values()] as HostRecord<MergeRecord<E>>[]
  }

  /** Every record the host holds. */
  async load(): Promise<ExistingRecords> {
    const out: { [E in MergeEntity]?: HostRecord<MergeRecord<E>>[] } = {}
    for (const entity of MERGE_ENTITIES) (out as Record<MergeEntity, HostRecord[]>)[entity] = this.records(entity)
    return out
  }

  /** Creates records linked to the namespace; a key already linked is updated and un-archived. */
  async create<E extends MergeEntity>(
    entity: E,
    items: readonly StoreCreateItem<E>[],
    context: StoreWriteContext,
  ): Promise<StoreBatchResult> {
    this.calls.create++
    for (const item of items) {
      const existing = this.find(entity, context.namespace, item.key)
      if (existing) {
        const { archived: _archived, ...rest } = existing
        this.put(entity, { ...rest, record: item.record })
      } else {
        this.put(entity, {
          hostId: this.nextHostId(entity),
          record: item.record,
          origin: { namespace: context.namespace, createdBySource: true, createdAt: context.appliedAt },
        })
      }
    }
    return {}
  }

  /** Updates records, linking and restoring them as asked. */
  async update<E extends MergeEntity>(
    entity: E,
    items: readonly StoreUpdateItem<E>[],
    context: StoreWriteContext,
  ): Promise<StoreBatchResult> {
    this.calls.update++
    const failed: Array<{ key: string; error: string }> = []
    for (const item of items) {
      const host = this.get(entity, item.hostId)
      if (!host) {
        failed.push({ key: item.key, error: `no ${entity} record with host id ${item.hostId}` })
        continue
      }
      const { archived, ...rest } = host
      const origin: RecordOrigin | undefined =
        item.link && host.origin?.namespace !== context.namespace
          ? { namespace: context.namespace, createdBySource: false }
          : host.origin
      this.put(entity, {
        ...rest,
        record: item.record,
        ...(origin === undefined ? {} : { origin }),
        ...(archived && !item.restore ? { archived } : {}),
      })
    }
    return { failed }
  }

  /** Archives records. */
  async archive<E extends MergeEntity>(
    entity: E,
    items: readonly StoreArchiveItem[],
    _context: StoreWriteContext,
  ): Promise<StoreBatchResult> {
    this.calls.archive++
    const failed: Array<{ key: string; error: string }> = []
    for (const item of items) {
      const host = this.table(entity).get(item.hostId)
      if (!host) failed.push({ key: item.key, error: `no ${entity} record with host id ${item.hostId}` })
      else if (!host.archived) this.put(entity, { ...host, archived: true })
    }
    return { failed }
  }
}
