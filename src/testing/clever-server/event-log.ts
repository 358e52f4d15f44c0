import type { CleverWireRecords } from './to-clever-wire.js'

/**
 * The loopback server's events feed: events derived by diffing Clever wire snapshots before and
 * after a change, with ids that sort in order and a retention window like Clever's 30 days.
 *
 * @module
 */

/** One recorded event, in Clever's wire shape (without the `{ data, uri }` wrapper). */
export interface RecordedCleverEvent {
  /** Event id; ids sort in the order events happened. */
  id: string
  /** e.g. `users.updated`. */
  type: string
  /** When the event was recorded (ISO 8601). */
  created: string
  /** Epoch milliseconds of `created`, for retention. */
  createdMs: number
  /** The record after the change, or as it was for a deletion. */
  object: Record<string, unknown>
  /** Old values of the changed top-level fields, for `updated`. */
  previousAttributes?: Record<string, unknown>
}

const ORDER = ['districts', 'schools', 'terms', 'courses', 'users', 'sections', 'resources'] as const

function byId(records: readonly Record<string, unknown>[]): Map<string, Record<string, unknown>> {
  return new Map(records.map((r) => [String(r.id), r]))
}

/** Events derived from two snapshots, not yet numbered. */
export type CleverChange = Omit<RecordedCleverEvent, 'id' | 'created' | 'createdMs'>

/**
 * The events that turn one snapshot into the other: creations and updates parent-first, deletions
 * child-first, each `updated` with the old values of the fields that changed.
 * @param before - the wire records before the change
 * @param after - the wire records after the change
 */
export function diffCleverWire(before: CleverWireRecords, after: CleverWireRecords): CleverChange[] {
  const upserts: CleverChange[] = []
  const deletes: CleverChange[] = []
  for (const recordType of ORDER) {
    const old = byId(before[recordType])
    const now = byId(after[recordType])
    for (const [id, record] of now) {
      const prev = old.get(id)
      if (prev === undefined) {
        upserts.push({ type: `${recordType}.created`, object: record })
        continue
      }
      const previousAttributes: Record<string, unknown> = {}
      for (const key of new Set([...Object.keys(prev), ...Object.keys(record)])) {
        if (JSON.stringify(prev[key]) !== JSON.stringify(record[key])) previousAttributes[key] = prev[key] ?? null
      }
      if (Object.keys(previousAttributes).length > 0) {
        upserts.push({ type: `${recordType}.updated`, object: record, previousAttributes })
      }
    }
    for (const [id, record] of old) if (!now.has(id)) deletes.unshift({ type: `${recordType}.deleted`, object: record })
  }
  return [...upserts, ...deletes]
}

/** An append-only event store with Clever-like ids and retention. */
export class CleverEventLog {
  private readonly events: RecordedCleverEvent[] = []
  private sequence = 0
  /** Ids of events that existed once but were dropped (expired). */
  private readonly expired = new Set<string>()

  constructor(
    private readonly now: () => number,
    private readonly retentionMs: number,
  ) {}

  /**
   * Records changes as events and returns their ids.
   * @param changes - changes from {@link diffCleverWire}
   */
  append(changes: readonly CleverChange[]): string[] {
    const ids: string[] = []
    for (const change of changes) {
      this.sequence += 1
      const createdMs = this.now()
      // 24 hex characters, like Clever's ObjectIDs, so ids sort as strings in event order.
      const id = `e${this.sequence.toString(16).padStart(23, '0')}`
      this.events.push({ ...change, id, created: new Date(createdMs).toISOString(), createdMs })
      ids.push(id)
    }
    return ids
  }

  /** Events still kept (within retention), oldest first. */
  list(): RecordedCleverEvent[] {
    const horizon = this.now() - this.retentionMs
    while (this.events.length > 0 && (this.events[0]?.createdMs ?? horizon) < horizon) {
      const dropped = this.events.shift()
      if (dropped) this.expired.add(dropped.id)
    }
    return this.events
  }

  /**
   * Drops kept events up to and including `id` (all when absent), as Clever does after 30 days.
   * @param id - the last event to drop
   */
  expireThrough(id?: string): void {
    while (this.events.length > 0) {
      const first = this.events[0]
      if (first === undefined || (id !== undefined && first.id > id)) break
      this.events.shift()
      this.expired.add(first.id)
    }
  }
}
