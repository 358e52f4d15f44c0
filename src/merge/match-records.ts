import type { ConflictReason, HostRecord, MatchMethod, MergeRecord } from './types.js'

/**
 * Pairs incoming records with host records beyond their sourcedId (which the planner pairs on
 * first): by manual overrides, then by fallback keys. Ambiguity never becomes a guess.
 *
 * @module
 */

/** The outcome of matching one incoming record. */
export type MatchResult<T extends MergeRecord> =
  | { type: 'match'; host: HostRecord<T>; by: MatchMethod }
  | { type: 'none' }
  | { type: 'conflict'; reason: ConflictReason; hostIds: string[]; incomingKeys: string[]; detail: string }
  | { type: 'unresolved'; candidates: string[]; detail: string }

/** How one entity is matched. */
export interface MatchSetup<T extends MergeRecord, K extends string> {
  /** The plan's namespace. */
  namespace: string
  /**
   * True for a host record already paired by sourcedId with an incoming record, which no fallback
   * may claim.
   */
  claimed: (host: HostRecord<T>) => boolean
  /** Manual assignments incoming sourcedId → hostId, and the host records by hostId. */
  overrides?: { byKey: Readonly<Record<string, string>>; byHostId: ReadonlyMap<string, HostRecord<T>> } | undefined
  /** Fallback keys in order, with their values and an index `${key}\0${value}` → host records. */
  fallback?:
    | {
        keys: readonly K[]
        value: (record: T, key: K) => string | undefined
        index: ReadonlyMap<string, readonly HostRecord<T>[]>
        eligible: (record: T) => boolean
        method: (key: K) => MatchMethod
      }
    | undefined
  /** `conflict` for users; `unresolved` (held for a person) for schools. */
  onAmbiguous: 'conflict' | 'unresolved'
}

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort()

/**
 * Builds the fallback index of host records: `${key}\0${normalised value}` → records.
 * @param records - host records
 * @param keys - keys to index
 * @param value - normalised key value of a record
 */
export function indexByKeys<T extends MergeRecord, K extends string>(
  records: readonly HostRecord<T>[],
  keys: readonly K[],
  value: (record: T, key: K) => string | undefined,
): Map<string, HostRecord<T>[]> {
  const index = new Map<string, HostRecord<T>[]>()
  for (const host of records) {
    for (const key of keys) {
      const v = value(host.record, key)
      if (v === undefined) continue
      const id = `${key}\u0000${v}`
      const list = index.get(id)
      if (list) list.push(host)
      else index.set(id, [host])
    }
  }
  return index
}

/**
 * Matches the incoming records that no host record is linked to by sourcedId (already free of
 * duplicate sourcedIds): by manual override, then by fallback keys.
 * @param pending - those incoming records
 * @param setup - how to match
 */
export function matchRecords<T extends MergeRecord, K extends string>(
  pending: readonly T[],
  setup: MatchSetup<T, K>,
): Map<string, MatchResult<T>> {
  const results = new Map<string, MatchResult<T>>()
  // Tentative pairs first, decided together, so the outcome never depends on input order.
  const tentative = new Map<string, Array<{ key: string; host: HostRecord<T>; by: MatchMethod }>>()
  for (const record of pending) {
    const key = record.sourcedId
    const override = setup.overrides?.byKey[key]
    if (override !== undefined) {
      const host = setup.overrides?.byHostId.get(override)
      if (host === undefined) {
        results.set(key, {
          type: 'unresolved',
          candidates: [],
          detail: `the override names host id ${override}, which the host does not have`,
        })
      } else push(tentative, host.hostId, { key, host, by: 'school:override' })
      continue
    }
    const fallback = setup.fallback
    if (fallback === undefined || !fallback.eligible(record)) {
      results.set(key, { type: 'none' })
      continue
    }
    let decided = false
    for (const matchKey of fallback.keys) {
      const value = fallback.value(record, matchKey)
      if (value === undefined) continue
      const candidates = (fallback.index.get(`${matchKey}\u0000${value}`) ?? []).filter((h) => !setup.claimed(h))
      if (candidates.length === 0) continue
      decided = true
      if (candidates.length === 1) {
        const host = candidates[0] as HostRecord<T>
        push(tentative, host.hostId, { key, host, by: fallback.method(matchKey) })
      } else {
        const hostIds = sorted(candidates.map((h) => h.hostId))
        const detail = `${hostIds.length} host records share its ${matchKey}`
        results.set(
          key,
          setup.onAmbiguous === 'conflict'
            ? { type: 'conflict', reason: 'ambiguous-match', hostIds, incomingKeys: [key], detail }
            : { type: 'unresolved', candidates: hostIds, detail },
        )
      }
      break
    }
    if (!decided) results.set(key, { type: 'none' })
  }
  for (const [hostId, claims] of tentative) {
    const first = claims[0]
    if (first === undefined) continue
    if (claims.length > 1) {
      const incomingKeys = sorted(claims.map((c) => c.key))
      const detail = `${incomingKeys.length} incoming records match host record ${hostId}`
      for (const claim of claims) {
        results.set(
          claim.key,
          setup.onAmbiguous === 'conflict'
            ? { type: 'conflict', reason: 'shared-match', hostIds: [hostId], incomingKeys, detail }
            : { type: 'unresolved', candidates: [hostId], detail },
        )
      }
      continue
    }
    const origin = first.host.origin
    if (origin !== undefined && origin.namespace !== setup.namespace) {
      results.set(first.key, {
        type: 'conflict',
        reason: 'owned-by-other-source',
        hostIds: [hostId],
        incomingKeys: [first.key],
        detail: `host record ${hostId} matches by ${first.by} but belongs to source ${origin.namespace}`,
      })
    } else if (origin !== undefined) {
      results.set(first.key, {
        type: 'conflict',
        reason: 'linked-to-other-record',
        hostIds: [hostId],
        incomingKeys: [first.key],
        detail: `host record ${hostId} matches by ${first.by} but is linked to sourcedId ${first.host.record.sourcedId}`,
      })
    } else results.set(first.key, { type: 'match', host: first.host, by: first.by })
  }
  return results
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}
