import type { Roster, RosterCollection } from './roster.js'
import type { SourceKind } from './vocabulary.js'

/**
 * The one interface every roster source implements (OneRoster REST client, Clever client, CSV
 * bundle), so the sync layer never branches on where a roster comes from. Types only: sources live
 * in their providers, the sync layer consumes them.
 *
 * @module
 */

/** Outcome of one check in a connection diagnosis. */
export type DiagnosisStatus = 'pass' | 'warn' | 'fail' | 'skip'

/** One check of a connection diagnosis, e.g. "auth accepted" or "enrollments answer". */
export interface DiagnosisCheck {
  /** Stable id of the check, e.g. `auth`, `endpoint:enrollments`, `clock-skew`. */
  id: string
  /** Outcome. */
  status: DiagnosisStatus
  /** What was found, for people. Never contains a secret. */
  message: string
  /** What a district admin can do about it. */
  hint?: string
  /** Extra facts (HTTP status, detected page size, skew in ms…). */
  details?: Record<string, unknown>
}

/** What `testConnection()` found, as data: a settings page renders it; it never throws. */
export interface ConnectionDiagnosis {
  /** True when a pull is expected to work (no check failed). */
  ok: boolean
  /** Kind of source tested. */
  source: SourceKind
  /** Every check that ran, in order. */
  checks: DiagnosisCheck[]
  /** The first failing check's message and hint, for a one-line summary. */
  summary: string
  /** When the test ran (ISO 8601). */
  testedAt: string
}

/** A progress event of a long pull. */
export interface PullProgressEvent {
  /** What happened. `throttle` and `retry` carry `waitMs`. */
  type: 'collection-start' | 'page' | 'collection-done' | 'throttle' | 'retry'
  /** The collection being read. */
  collection: RosterCollection | string
  /** Pages read so far in this collection. */
  pages: number
  /** Records read so far in this collection. */
  records: number
  /** Records the source says the collection has, when it says. */
  total?: number
  /** How long the client waits before the next request (throttle, retry). */
  waitMs?: number
}

/** Options of {@link RosterSource.pull}. */
export interface PullOptions {
  /**
   * Cursor from a previous pull (`roster.cursor`). When given and the source supports it, the pull
   * is incremental and the roster comes back in `delta` mode.
   */
  since?: string | undefined
  /** Only these collections; by default every collection the source has. */
  collections?: readonly RosterCollection[] | undefined
  /** Called for progress events of long pulls. */
  onProgress?: ((event: PullProgressEvent) => void) | undefined
  /** Cancels the pull; an aborted pull rejects and archives nothing downstream. */
  signal?: AbortSignal | undefined
}

/** Options of {@link RosterSource.testConnection}. */
export interface TestConnectionOptions {
  /** Cancels the test. */
  signal?: AbortSignal | undefined
}

/** Anything a roster can be pulled from. */
export interface RosterSource {
  /** Kind of source. */
  readonly kind: SourceKind
  /** A label for reports, e.g. `OneRoster 1.1 (classlink)` or a bundle file name. */
  readonly label: string
  /** Whether `pull({ since })` can be incremental. */
  readonly supportsIncremental: boolean
  /** Checks that a pull can work, and says what to fix when it cannot. Never throws. */
  testConnection(options?: TestConnectionOptions): Promise<ConnectionDiagnosis>
  /** Reads a canonical roster; `roster.cursor` is the cursor for the next incremental pull. */
  pull(options?: PullOptions): Promise<Roster>
}
