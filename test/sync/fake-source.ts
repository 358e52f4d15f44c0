import type { ConnectionDiagnosis, PullOptions, Roster, RosterSource } from '../../src/index.js'

/** One pull the fake source saw. */
export interface SeenPull {
  since: string | undefined
}

/** Options of the scripted source used by the sync tests. */
export interface FakeSourceOptions {
  /** Answers each pull: the full roster, or the delta since a cursor. */
  pull: (options: PullOptions, call: number) => Roster | Promise<Roster>
  /** Whether `since` is honoured. */
  supportsIncremental?: boolean
  /** Label shown in reports. */
  label?: string
}

/**
 * A scripted `RosterSource`: the sync under test calls it exactly as it calls a real client. The
 * sync is the system under test; the source is only its input.
 */
export function createFakeSource(
  options: FakeSourceOptions,
): RosterSource & { seen: SeenPull[]; config: Record<string, string> } {
  const seen: SeenPull[] = []
  let calls = 0
  return {
    kind: 'oneroster-rest',
    label: options.label ?? 'Fake SIS',
    supportsIncremental: options.supportsIncremental ?? true,
    seen,
    // What a real client keeps in its configuration; reports must never show it.
    config: { clientId: 'client-1', clientSecret: 'SECRET-do-not-print-7f3a' },
    async testConnection(): Promise<ConnectionDiagnosis> {
      return { ok: true, source: 'oneroster-rest', checks: [], summary: 'ok', testedAt: new Date(0).toISOString() }
    },
    async pull(pullOptions: PullOptions = {}): Promise<Roster> {
      seen.push({ since: pullOptions.since })
      return options.pull(pullOptions, calls++)
    },
  }
}

/** Rejects when the signal aborts, like a real client's pull does. */
export function waitForAbort(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true })
  })
}
