/**
 * The nearest of a few known words to a misspelt one, for "did you mean …?" hints.
 *
 * @module
 */

/**
 * Edit distance between two strings: insertions, deletions, substitutions and transpositions of two
 * neighbouring characters (`studnet` → `student` is one edit), each costing one.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0
  // Three rows suffice: a transposition looks two rows back.
  let before: number[] = []
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, before[j - 2]! + 1)
      current[j] = best
    }
    before = previous
    previous = current
  }
  return previous[b.length]!
}

/**
 * The known word closest to `word`, or undefined when none is close enough to be a plausible typo:
 * within a third of the word's length (at least 2 edits), case ignored. Ties go to the earlier word.
 * @param word - what was written
 * @param known - the words that would have been accepted
 */
export function closestMatch(word: string, known: readonly string[]): string | undefined {
  const lower = word.toLowerCase()
  const limit = Math.max(2, Math.floor(word.length / 3))
  let best: string | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase())
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  return bestDistance <= limit ? best : undefined
}
