import { type ExistingRecords, type HostRecord, MERGE_ENTITIES } from './types.js'

/**
 * A stable, order-independent fingerprint of a host's records, used to tell whether a plan was
 * made against the host's current state.
 *
 * @module
 */

// Running state of the record digest: two independent 32-bit multiplicative hashes (a cyrb53-style
// mix) fed string by string, so no per-record text is ever built.
// The two words live in a typed array: module-level bindings would box every hash value that does
// not fit a small integer, allocating on each step.
const state = new Int32Array(2)

function feed(text: string): void {
  let a = state[0] as number
  let b = state[1] as number
  // Two characters per step halves the multiply chain, the bulk of fingerprinting a large host.
  const even = text.length & ~1
  let i = 0
  for (; i < even; i += 2) {
    const c = text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16)
    a = Math.imul(a ^ c, 2654435761)
    b = Math.imul(b ^ c, 1597334677)
  }
  if (i < text.length) {
    const c = text.charCodeAt(i)
    a = Math.imul(a ^ c, 2654435761)
    b = Math.imul(b ^ c, 1597334677)
  }
  // A separator, so that ("ab", "c") and ("a", "bc") differ.
  state[0] = Math.imul(a ^ 0x1f, 2654435761)
  state[1] = Math.imul(b ^ 0x1f, 1597334677)
}

function finish(): void {
  const h1 = state[0] as number
  const h2 = state[1] as number
  const a = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  const b = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(a ^ (a >>> 13), 3266489909)
  state[0] = a
  state[1] = b
}

/** A text fed as is when it comes off the {@link feedValue} stack (a key or a bracket), not as a value. */
class Literal {
  constructor(readonly text: string) {}
}
const OPEN_ARRAY = new Literal('\u0002[')
const CLOSE_ARRAY = new Literal('\u0002]')
const OPEN_OBJECT = new Literal('\u0002{')
const CLOSE_OBJECT = new Literal('\u0002}')

function feedScalar(value: unknown): void {
  if (typeof value === 'string') feed(value)
  else if (typeof value === 'boolean') feed(value ? '\u0001true' : '\u0001false')
  else {
    feed('\u0001')
    feed(String(value))
  }
}

/**
 * Feeds a value depth first. The walk keeps its own stack rather than recursing, so a value nested
 * ten thousand deep (host data is not ours to bound) digests instead of overflowing the call stack.
 */
function feedValue(value: unknown): void {
  if (typeof value !== 'object' || value === null) {
    feedScalar(value)
    return
  }
  const stack: unknown[] = [value]
  while (stack.length > 0) {
    const item = stack.pop()
    if (item instanceof Literal) feed(item.text)
    else if (typeof item !== 'object' || item === null) feedScalar(item)
    else if (Array.isArray(item)) {
      feed(OPEN_ARRAY.text)
      stack.push(CLOSE_ARRAY)
      for (let i = item.length - 1; i >= 0; i--) stack.push(item[i])
    } else {
      // Keys in sorted order: the same record loaded twice may enumerate its keys differently.
      const record = item as Record<string, unknown>
      feed(OPEN_OBJECT.text)
      stack.push(CLOSE_OBJECT)
      const keys = Object.keys(record).sort()
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string
        if (record[key] === undefined) continue
        stack.push(record[key])
        stack.push(new Literal(key))
      }
    }
  }
}

// The digest state after a field name, by name: a record has few distinct names and each is
// hashed on every record, so each is hashed once and looked up after.
const fieldSeeds = new Map<string, Int32Array>()

/** Starts a field's digest with its name. */
function seedField(key: string): void {
  const seed = fieldSeeds.get(key)
  if (seed !== undefined) {
    state[0] = seed[0] as number
    state[1] = seed[1] as number
    return
  }
  state[0] = 0x85ebca6b
  state[1] = 0xc2b2ae35
  feed(key)
  // Names come from a record's keys, so the cache stays as small as the model unless a host adds
  // keys of its own.
  if (fieldSeeds.size < 1024) fieldSeeds.set(key, state.slice())
}

function digestRecord(entity: string, host: HostRecord): void {
  state[0] = 0xdeadbeef
  state[1] = 0x41c6ce57
  const origin = host.origin
  const record = host.record
  feed(entity)
  feed(host.hostId)
  if (origin) {
    feed(origin.createdBySource ? '1' : '0')
    feed(origin.namespace)
  } else feed('-')
  feed(host.archived ? '1' : '0')
  const edited = host.hostEditedFields
  feed(edited && edited.length > 0 ? [...edited].sort().join(',') : '')
  if (host.version !== undefined) {
    feed('v')
    feed(host.version)
    feed(record.sourcedId)
    feed(record.status)
    feed(record.dateLastModified ?? '')
  } else {
    // Without a version, only the record's content shows a host-side edit. Fields are digested
    // one by one and summed, so the order of the record's keys does not matter.
    feed('c')
    finish()
    let a = state[0] as number
    let b = state[1] as number
    const fields = record as unknown as Record<string, unknown>
    for (const key in fields) {
      const value = fields[key]
      if (value === undefined) continue
      seedField(key)
      feedValue(value)
      finish()
      a = (a + (state[0] as number)) | 0
      b = (b + (state[1] as number)) | 0
    }
    state[0] = a
    state[1] = b
  }
  finish()
}

const hex = (n: number): string => n.toString(16).padStart(8, '0')

/**
 * A running fingerprint of host records, fed one record at a time in any order. The planner feeds
 * it while indexing the host's records, so each record is read once; {@link fingerprintExisting}
 * feeds it from a full `ExistingRecords`, and both give the same value for the same records.
 */
export class FingerprintBuilder {
  private count = 0
  // Sums and xors of per-record digests commute, so record order does not matter.
  private sum1 = 0
  private sum2 = 0
  private xor1 = 0
  private xor2 = 0

  /**
   * Adds one host record.
   * @param entity - the record's entity, one of `MERGE_ENTITIES`
   * @param host - the host record
   */
  add(entity: string, host: HostRecord): void {
    digestRecord(entity, host)
    this.count++
    const h1 = state[0] as number
    const h2 = state[1] as number
    this.sum1 = (this.sum1 + h1) >>> 0
    this.sum2 = (this.sum2 + h2) >>> 0
    this.xor1 = (this.xor1 ^ Math.imul(h1, 0x9e3779b1)) >>> 0
    this.xor2 = (this.xor2 ^ Math.imul(h2, 0x85ebca6b)) >>> 0
  }

  /** The fingerprint of the records added so far. */
  value(): string {
    return `v3-${this.count}-${hex(this.sum1)}${hex(this.sum2)}${hex(this.xor1)}${hex(this.xor2)}`
  }
}

/**
 * Fingerprints existing records. The value changes when a record is added, removed, archived,
 * linked, marked host-edited, or changed: through its `version` when the host supplies one (then
 * with its sourcedId, status and `dateLastModified`), otherwise through any field of the record.
 * It does not depend on the order of the records, nor on the order of a record's keys.
 * @param existing - the host's records, as given to `planMerge`
 */
export function fingerprintExisting(existing: ExistingRecords): string {
  const builder = new FingerprintBuilder()
  for (const entity of MERGE_ENTITIES) {
    const records = existing[entity] as readonly HostRecord[] | undefined
    if (!records) continue
    for (const host of records) builder.add(entity, host)
  }
  return builder.value()
}

/**
 * A 64-bit digest of a list of strings, in order.
 * @param parts - the strings
 */
export function digestStrings(parts: readonly string[]): string {
  let a = 0
  let b = 0
  for (const part of parts) {
    let x = 0xdeadbeef
    let y = 0x41c6ce57
    for (let i = 0; i < part.length; i++) {
      const c = part.charCodeAt(i)
      x = Math.imul(x ^ c, 2654435761)
      y = Math.imul(y ^ c, 1597334677)
    }
    const p1 = Math.imul(x ^ (x >>> 16), 2246822507) ^ Math.imul(y ^ (y >>> 13), 3266489909)
    const p2 = Math.imul(y ^ (y >>> 16), 2246822507) ^ Math.imul(p1 ^ (p1 >>> 13), 3266489909)
    a = (Math.imul(a, 31) + (p1 >>> 0)) >>> 0
    b = (Math.imul(b, 37) + (p2 >>> 0)) >>> 0
  }
  return `${hex(a)}${hex(b)}-${parts.length}`
}
