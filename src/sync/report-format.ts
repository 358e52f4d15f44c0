import type { ActionCounts, MergeActionKind } from '../merge/index.js'
import type { SyncReportData } from './report-data.js'

/**
 * Small formatting helpers shared by the text and HTML renderings of a sync report.
 *
 * @module
 */

/** Action kinds in the order reports show them. */
export const ACTION_COLUMNS: readonly MergeActionKind[] = [
  'create',
  'update',
  'archive',
  'skip',
  'conflict',
  'unchanged',
]

/** Human duration: `850 ms`, `12.3 s`, `4 min 05 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  const minutes = Math.floor(ms / 60_000)
  const seconds = Math.round((ms % 60_000) / 1000)
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`
}

/** A count with thousands separators. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US')
}

/**
 * A count with its noun in the right number: `1 class`, `2 classes`, `1,200 students`.
 * @param n - the count
 * @param singular - the noun for one
 * @param pluralForm - the noun for several (default: `singular` + `s`)
 */
export function countNoun(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`
}

/**
 * Names for a sentence, at most `max` of them: `A, B and C`, or `A, B, C and 4 more`.
 * @param names - the names
 * @param max - how many to name
 */
export function listNames(names: readonly string[], max = 3): string {
  if (names.length <= 1) return names[0] ?? ''
  if (names.length <= max) return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
  return `${names.slice(0, max).join(', ')} and ${formatCount(names.length - max)} more`
}

/** True when any action of the counts is non-zero. */
export function hasActions(counts: ActionCounts): boolean {
  return ACTION_COLUMNS.some((kind) => counts[kind] > 0)
}

/** The source line: label, kind, version and vendor. */
export function describeSource(source: SyncReportData['source']): string {
  // Labels often name the version or vendor already ("OneRoster 1.2 (classlink)"): say each fact once.
  const extras = [source.kind, source.version && !source.label.includes(source.version) ? `v${source.version}` : '']
  if (source.vendor && !source.label.includes(source.vendor)) extras.push(source.vendor)
  return `${source.label} (${extras.filter(Boolean).join(', ')})`
}

/** The mode line. */
export function describeMode(mode: SyncReportData['mode']): string {
  const since = mode.since === undefined ? '' : ` since ${mode.since}`
  return `${mode.kind}${since}: ${mode.reason}`
}

/** The phases line, e.g. `pull 1.2 s, validate 40 ms`. */
export function describePhases(phases: SyncReportData['timing']['phasesMs']): string {
  return Object.entries(phases)
    .map(([phase, ms]) => `${phase} ${formatDuration(ms ?? 0)}`)
    .join(', ')
}

/** The retry and throttling line of a pull. */
export function describeWaits(pull: NonNullable<SyncReportData['pull']>): string {
  return `${formatCount(pull.pages)} pages, ${pull.retries} retries, ${pull.throttles} rate-limit waits (${formatDuration(pull.waitMs)} waiting)`
}

/** Written and failed totals of an apply. */
export function applyTotals(apply: NonNullable<SyncReportData['apply']>): { written: number; failed: number } {
  let written = 0
  let failed = 0
  for (const ops of Object.values(apply.counts)) {
    for (const c of Object.values(ops ?? {})) {
      written += c.succeeded
      failed += c.failed
    }
  }
  return { written, failed }
}
