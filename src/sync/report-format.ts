import { ConfigurationError } from '../errors.js'
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

/** How the text and HTML renderings show a report. */
export interface ReportRenderOptions {
  /**
   * IANA time zone for the times shown, e.g. `America/Chicago` (the district's own).
   * @default 'UTC'
   */
  timeZone?: string | undefined
  /**
   * Records listed per section (archives, updates, creates, matched schools…) before a rendering
   * only counts the rest; the JSON always has every one. Keeps an email short.
   * @default 25
   */
  listLimit?: number | undefined
}

/** How a sync builds its reports: the rendering defaults, and how many records its lists hold. */
export interface ReportOptions extends ReportRenderOptions {
  /**
   * Records each list of `plan.changes` (archives, updates, creates) holds in the report data; the
   * rest are counted in `omitted` (the plan has every one). `Infinity` lists everything, which
   * for a first sync of a large district is millions of entries.
   * @default 10_000
   */
  recordLimit?: number | undefined
}

/** Render options with defaults applied. */
export interface ResolvedRenderOptions {
  /** The time zone. */
  timeZone: string
  /** Records listed per section. */
  listLimit: number
  /** Formats an ISO 8601 time in the time zone. */
  time(iso: string): string
}

/**
 * Applies defaults and checks the options.
 * @param options - what the caller chose
 * @throws {ConfigurationError} when the time zone is unknown or the list limit is not a positive integer
 */
export function resolveRenderOptions(options: ReportOptions = {}): ResolvedRenderOptions {
  const recordLimit = options.recordLimit
  if (
    recordLimit !== undefined &&
    !(recordLimit === Number.POSITIVE_INFINITY || (Number.isInteger(recordLimit) && recordLimit > 0))
  ) {
    throw new ConfigurationError(
      `Report recordLimit must be a positive integer or Infinity, not ${String(recordLimit)}`,
    )
  }
  const timeZone = options.timeZone ?? 'UTC'
  const listLimit = options.listLimit ?? 25
  if (!Number.isInteger(listLimit) || listLimit < 1) {
    throw new ConfigurationError(`Report listLimit must be a positive integer, not ${String(listLimit)}`)
  }
  let format: Intl.DateTimeFormat
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    })
  } catch (cause) {
    throw new ConfigurationError(
      `Unknown time zone for reports: ${timeZone} (use an IANA name such as America/Chicago)`,
      [],
      {
        cause,
      },
    )
  }
  return {
    timeZone,
    listLimit,
    time: (iso) => {
      const t = Date.parse(iso)
      return Number.isNaN(t) ? iso : format.format(t)
    },
  }
}

/**
 * The mode line, without the source's cursor: a OneRoster cursor is a time and is shown as one;
 * another source's cursor (a Clever event id) means nothing to a person and is left out.
 */
export function describeMode(mode: SyncReportData['mode'], options: ResolvedRenderOptions): string {
  const since =
    mode.since !== undefined && /^\d{4}-\d{2}-\d{2}T/.test(mode.since) ? ` since ${options.time(mode.since)}` : ''
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
  return `${countNoun(pull.pages, 'page')}, ${countNoun(pull.retries, 'retry', 'retries')}, ${countNoun(pull.throttles, 'rate-limit wait')} (${formatDuration(pull.waitMs)} waiting)`
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
