/**
 * Finds repeated sourcedIds in a large collection without a million-entry `Set`: an open-addressing
 * table of positions in one typed array, which the garbage collector never has to trace or copy.
 *
 * @module
 */

/** FNV-1a over UTF-16 code units: spreads short, similar ids such as `enr-1`, `enr-2` well. */
function hashOf(id: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193)
  return hash >>> 0
}

/**
 * Positions of the records whose sourcedId already appeared earlier in the list, in ascending order.
 * @param records - a roster collection
 * @returns the positions of second and later occurrences; empty when every sourcedId is unique
 */
export function repeatedIdPositions(records: readonly { readonly sourcedId: string }[]): number[] {
  const repeated: number[] = []
  const n = records.length
  if (n < 2) return repeated
  // At most half full, so probe runs stay short.
  let capacity = 1
  while (capacity < n * 2) capacity *= 2
  const mask = capacity - 1
  // Slot holds position + 1 of the first record with an id hashing there; 0 is empty.
  const slots = new Int32Array(capacity)
  for (let position = 0; position < n; position++) {
    const id = records[position]!.sourcedId
    let slot = hashOf(id) & mask
    for (;;) {
      const held = slots[slot]!
      if (held === 0) {
        slots[slot] = position + 1
        break
      }
      if (records[held - 1]!.sourcedId === id) {
        repeated.push(position)
        break
      }
      slot = (slot + 1) & mask
    }
  }
  return repeated
}

/**
 * A first-come table of string keys and their owners (positions in a collection), for uniqueness
 * checks over large collections: one typed-array table, sized once, instead of a growing `Map`.
 * @param limit - the most keys that will be claimed
 * @returns `claim(key, owner)`: the earlier owner of `key`, or -1 when `key` is new and now `owner`'s
 */
export function keyOwners(limit: number): (key: string, owner: number) => number {
  let capacity = 1
  while (capacity < limit * 2) capacity *= 2
  const mask = capacity - 1
  // Slot holds claim number + 1; keys and owners are kept by claim number.
  const slots = new Int32Array(capacity)
  const keys: string[] = []
  const owners = new Int32Array(Math.max(limit, 1))
  return (key, owner) => {
    let slot = hashOf(key) & mask
    for (;;) {
      const held = slots[slot]!
      if (held === 0) {
        slots[slot] = keys.push(key)
        owners[keys.length - 1] = owner
        return -1
      }
      if (keys[held - 1] === key) return owners[held - 1]!
      slot = (slot + 1) & mask
    }
  }
}
