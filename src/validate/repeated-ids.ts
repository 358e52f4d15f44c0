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
