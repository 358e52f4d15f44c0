import { type ExistingRecords, type HostRecord, MERGE_ENTITIES } from './types.js'

/**
 * A stable, order-independent fingerprint of a host's records, used to tell whether a plan was
 * made against the host's current state.
 *
 * @module
 */

// Two independent 32-bit string hashes (a cyrb53-style mix) give a 64-bit record digest.
function hashPair(text: string): [number, number] {
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 2654435761)
    h2 = Math.imul(h2 ^ c, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return [h1 >>> 0, h2 >>> 0]
}

function recordText(entity: string, host: HostRecord): string {
  const origin = host.origin
  const edited = host.hostEditedFields
  const record = host.record
  // Plain concatenation: this runs once per host record, millions of times on a large district.
  return `${entity}\u001f${host.hostId}\u001f${origin ? `${origin.namespace}:${origin.createdBySource ? 1 : 0}` : '-'}\u001f${record.sourcedId}\u001f${record.status}\u001f${host.archived ? 1 : 0}\u001f${edited && edited.length > 0 ? [...edited].sort().join(',') : ''}\u001f${host.version ?? ''}\u001f${record.dateLastModified ?? ''}`
}

const hex = (n: number): string => n.toString(16).padStart(8, '0')

/**
 * Fingerprints existing records. The value changes when a record is added, removed, archived,
 * linked, marked host-edited, or when its `version` or `dateLastModified` changes; it does not
 * depend on the order of the records. Hosts that edit records without touching those should
 * supply `HostRecord.version`.
 * @param existing - the host's records, as given to `planMerge`
 */
export function fingerprintExisting(existing: ExistingRecords): string {
  let count = 0
  // Sums and xors of per-record digests commute, so record order does not matter.
  let sum1 = 0
  let sum2 = 0
  let xor1 = 0
  let xor2 = 0
  for (const entity of MERGE_ENTITIES) {
    const records = existing[entity] as readonly HostRecord[] | undefined
    if (!records) continue
    for (const host of records) {
      const [a, b] = hashPair(recordText(entity, host))
      count++
      sum1 = (sum1 + a) >>> 0
      sum2 = (sum2 + b) >>> 0
      xor1 = (xor1 ^ Math.imul(a, 0x9e3779b1)) >>> 0
      xor2 = (xor2 ^ Math.imul(b, 0x85ebca6b)) >>> 0
    }
  }
  return `v1-${count}-${hex(sum1)}${hex(sum2)}${hex(xor1)}${hex(xor2)}`
}

/**
 * A 64-bit digest of a list of strings, in order.
 * @param parts - the strings
 */
export function digestStrings(parts: readonly string[]): string {
  let a = 0
  let b = 0
  for (const part of parts) {
    const [h1, h2] = hashPair(part)
    a = (Math.imul(a, 31) + h1) >>> 0
    b = (Math.imul(b, 37) + h2) >>> 0
  }
  return `${hex(a)}${hex(b)}-${parts.length}`
}
