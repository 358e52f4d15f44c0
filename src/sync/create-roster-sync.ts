import { AbortedError, isFullResyncRequiredError, StalePreviewError, SyncBlockedError } from '../errors.js'
import {
  type ApplyCheckpoint,
  type ApplyMergePlanResult,
  applyMergePlan,
  createMergePolicy,
  fingerprintExisting,
  type LoadScope,
  type MergePolicy,
  type MergePolicyInput,
  planMerge,
} from '../merge/index.js'
import {
  type ConnectionDiagnosis,
  emptySourceIssueSummary,
  type Roster,
  type TestConnectionOptions,
} from '../model/index.js'
import { parseDistrictParameters } from '../validate/index.js'
import { buildSyncReport, describeReportSource, reviewSchools, summarisePull } from './build-report.js'
import { choosePullMode, type PullModeDecision } from './choose-pull-mode.js'
import { applyDataCategories } from './data-categories.js'
import { archivesAnything, loadScopeOf } from './load-scope.js'
import { createPullStatsTap } from './pull-stats.js'
import { lookupFromPlan, lookupFromRoster, type NameLookup } from './report-changes.js'
import type { ReportPull, SyncOperation, SyncOutcome, SyncPhase, SyncReportData } from './report-data.js'
import { countNoun, formatCount, resolveRenderOptions } from './report-format.js'
import { collectHolds, type ReportHold } from './report-holds.js'
import { scopeRoster } from './scope-roster.js'
import { readSourceIssues, summariseSourceIssues } from './source-issues-step.js'
import { parseSyncState, type SyncCheckpoint, type SyncState } from './sync-state.js'
import type {
  ApproveOptions,
  PreviewOptions,
  ReviewedPreview,
  RosterSyncOptions,
  RunOptions,
  SchoolDecisions,
  SyncPreview,
  SyncResult,
} from './types.js'
import { runValidation, type ValidationStep } from './validation-step.js'

/**
 * `createRosterSync`: test connection, test sync (preview), approve, and scheduled runs, composed
 * from a roster source, the validator, the merge engine and the host's store.
 *
 * @module
 */

/** A district's sync: what a vendor embeds behind its settings page and its nightly job. */
export interface RosterSync {
  /** The current state: persist it after every call (it is also in each result). */
  readonly state: SyncState
  /** The merge policy in force, complete. */
  readonly policy: MergePolicy
  /**
   * Checks the source's connection and says what to fix, as data for a settings page. Never throws.
   * @param options - cancellation
   */
  testConnection(options?: TestConnectionOptions): Promise<ConnectionDiagnosis>
  /**
   * The test sync: pulls, validates, matches schools and plans. Nothing is written, the state does
   * not change.
   * @param options - cancellation, progress, full pull
   * @throws {AbortedError} when cancelled
   * @throws the source's error when the pull fails (e.g. `AuthenticationError`, `IncompletePullError`)
   */
  preview(options?: PreviewOptions): Promise<SyncPreview>
  /**
   * Applies exactly the plan a person reviewed, then advances the state. An apply interrupted
   * earlier resumes from the state's checkpoint when it was for this same plan.
   * @param preview - a preview from {@link RosterSync.preview} or a held run's result, or one read back from JSON
   * @param options - cancellation
   * @throws {SyncBlockedError} when validation errors block the preview
   * @throws {StalePreviewError} when the host's data changed since the preview was made
   */
  approve(preview: ReviewedPreview, options?: ApproveOptions): Promise<SyncResult>
  /**
   * A scheduled run: pulls (incrementally where it can), validates, plans, and applies when nothing
   * blocks and no safety guard trips; otherwise holds the plan for a person and says why. Failures
   * and cancellations are results, not throws, so a job can always persist the state and send the
   * report.
   * @param options - auto-approval, full pull, cancellation, progress
   */
  run(options?: RunOptions): Promise<SyncResult>
  /**
   * The "review and assign schools" step: the same sync, with a person's decisions about the
   * schools no host school matched. Run the test sync again on the returned sync and approve that
   * preview; keep the decisions (`sync.policy.schools`) with the district's settings so scheduled
   * runs use them too.
   * @param decisions - host schools assigned to source schools, and whether to create the others
   * @example
   * ```ts
   * const preview = await sync.preview()
   * // a person looks at preview.schools.unmatched and decides
   * const reviewed = sync.withSchools({ matches: { 'sis-school-9': 'host-school-3' }, createUnmatched: true })
   * await reviewed.approve(await reviewed.preview())
   * ```
   */
  withSchools(decisions: SchoolDecisions): RosterSync
}

const WEEK_MS = 7 * 24 * 60 * 60 * 1000

/** What a preview went through, kept for the report of the approve or run that follows it. */
interface PreviewContext {
  startedAt: string
  names?: NameLookup
  phasesMs: Partial<Record<SyncPhase, number>>
  pull: ReportPull
  source: SyncReportData['source']
  notes: string[]
}

/** A preview that could not be made, with what had happened so far. */
interface PreviewFailure {
  error: unknown
  cancelled: boolean
  decision: PullModeDecision
  startedAt: string
  phasesMs: Partial<Record<SyncPhase, number>>
  notes: string[]
  source: SyncReportData['source']
}

function policyInput(options: RosterSyncOptions): MergePolicyInput {
  let input: MergePolicyInput = options.policy ?? {}
  if (options.dataCategories) input = applyDataCategories(input, options.dataCategories)
  if (options.schoolMatches) {
    const schools = input.schools ?? {}
    input = { ...input, schools: { ...schools, overrides: { ...(schools.overrides ?? {}), ...options.schoolMatches } } }
  }
  if (options.sourceId !== undefined) input = { ...input, namespace: options.sourceId }
  return input
}

/**
 * What a preview leaves for a person, derived from its plan and validation (so a preview read back
 * from JSON gives the same list).
 */
function holdsOf(
  preview: Pick<ReviewedPreview, 'validation' | 'plan' | 'schools'>,
  extra: { reviewRequired?: boolean } = {},
): ReportHold[] {
  const fromSource = new Set(preview.validation.sourceBlockReasons ?? [])
  return collectHolds({
    sourceBlockReasons: [...fromSource],
    blockReasons: preview.validation.blockReasons.filter((r) => !fromSource.has(r)),
    guards: preview.plan.approvalReasons,
    archiveThreshold: preview.plan.policy.archiveThreshold,
    schoolNames: new Map(
      [...(preview.schools?.matched ?? []), ...preview.plan.schools.unmatched].map((s) => [s.sourcedId, s.name]),
    ),
    unmatchedSchools: preview.plan.schools.unmatched,
    reviewRequired: extra.reviewRequired,
  })
}

function compactState(state: SyncState): SyncState {
  return JSON.parse(JSON.stringify(state)) as SyncState
}

/**
 * Creates the sync of one district: one source into one host store under one policy.
 * @param options - source, store, policy, district parameters, persisted state
 * @throws {ConfigurationError} when the policy, the district parameters or the state is invalid
 * @example
 * ```ts
 * const sync = createRosterSync({ source: client, store, policy, state: JSON.parse(saved ?? '{}') })
 * const result = await sync.run()
 * await save(JSON.stringify(result.state))
 * await mail(result.report.data.headline, result.report.toHtml())
 * ```
 */
export function createRosterSync(options: RosterSyncOptions): RosterSync {
  return makeRosterSync(options, false)
}

/**
 * @param fullFirst - pull in full until a full pull is applied: set after school decisions, because
 *   a delta would not carry the classes and enrollments that waited on the schools just decided
 */
function makeRosterSync(options: RosterSyncOptions, fullFirst: boolean): RosterSync {
  const { source, store } = options
  const policy = createMergePolicy(policyInput(options))
  // A typo in the parameters is refused now, not at the first preview.
  if (options.districtParameters !== undefined) parseDistrictParameters(options.districtParameters)
  // An unknown time zone is a configuration error now, not a failure when the report is mailed.
  resolveRenderOptions(options.report)
  const clock = options.now ?? (() => new Date())
  const iso = () => clock().toISOString()
  const fullSyncEvery = options.fullSyncEvery ?? WEEK_MS
  let fullPending = fullFirst
  const contexts = new WeakMap<ReviewedPreview, PreviewContext & { preview: SyncPreview }>()
  let state = parseSyncState(options.state)

  async function setState(next: SyncState): Promise<SyncState> {
    state = compactState(next)
    await options.onStateChange?.(state)
    return state
  }

  async function timed<T>(phases: Partial<Record<SyncPhase, number>>, phase: SyncPhase, fn: () => Promise<T> | T) {
    const t0 = clock().getTime()
    try {
      return await fn()
    } finally {
      phases[phase] = (phases[phase] ?? 0) + clock().getTime() - t0
    }
  }

  async function makePreview(
    opts: PreviewOptions,
    operation: SyncOperation,
  ): Promise<{ preview: SyncPreview } | { failure: PreviewFailure }> {
    const startedAt = iso()
    const phasesMs: Partial<Record<SyncPhase, number>> = {}
    const notes: string[] = []
    let decision = choosePullMode({
      state,
      supportsIncremental: source.supportsIncremental,
      forceFull: opts.full === true,
      fullSyncEvery,
      now: startedAt,
    })
    if (fullPending && decision.mode === 'incremental') {
      decision = {
        mode: 'full',
        reason:
          'schools were just assigned or accepted: a full pull brings the classes and enrollments that waited on them',
      }
    }
    const tap = createPullStatsTap(opts.onProgress)
    const pullOnce = (since: string | undefined) =>
      source.pull({ since, onProgress: tap.onProgress, signal: opts.signal })
    const fail = (error: unknown): { failure: PreviewFailure } => ({
      failure: {
        error,
        cancelled: opts.signal?.aborted === true,
        decision,
        startedAt,
        phasesMs,
        notes,
        source: describeReportSource(source),
      },
    })

    let roster: Roster
    try {
      roster = await timed(phasesMs, 'pull', async () => {
        try {
          return await pullOnce(decision.since)
        } catch (error) {
          if (decision.mode !== 'incremental' || !isFullResyncRequiredError(error)) throw error
          // The source forgot the cursor (e.g. Clever keeps events for a limited time): read everything.
          notes.push(
            'The source could no longer continue from where the last sync stopped; everything was pulled instead.',
          )
          decision = { mode: 'full', reason: 'the source asked for a full resync' }
          return await pullOnce(undefined)
        }
      })
      if (opts.signal?.aborted) throw new AbortedError('The sync was cancelled')
    } catch (error) {
      return fail(error)
    }

    if (decision.mode === 'incremental' && roster.mode === 'bulk') {
      // A source that only ever delivers whole bundles (a CSV drop) answers a cursor with everything:
      // this is a full sync, so absences archive and the next scheduled full sync counts from now.
      decision = { mode: 'full', reason: 'the source delivered a complete (bulk) roster' }
    }
    if (decision.mode === 'incremental' && Object.keys(roster.completeness).length === 0) {
      notes.push('The source had nothing new since the last sync: no collection was read and nothing changes.')
    }
    if (!roster.complete) {
      // The collections themselves open the report; this says what it means for the next run.
      notes.push('The pull was incomplete: nothing is archived from it, and the next run reads these changes again.')
    }
    const sourceIssues = readSourceIssues(roster)
    let plan: SyncPreview['plan']
    let validation: ValidationStep
    let names: NameLookup
    let loadScope: LoadScope | undefined
    try {
      loadScope =
        decision.mode === 'incremental'
          ? loadScopeOf(roster, policy.namespace ?? roster.source.kind, policy.userMatchKeys)
          : undefined
      let existing = await timed(phasesMs, 'load', () => store.load({ signal: opts.signal, scope: loadScope }))
      let scoped = roster
      const schools = options.districtParameters?.schools
      if (schools && schools.length > 0) {
        const result = scopeRoster(roster, schools, existing, policy.namespace ?? roster.source.kind)
        scoped = result.roster
        const dropped = Object.entries(result.dropped).map(([name, n]) => `${formatCount(n)} ${name}`)
        notes.push(
          `Scoped to ${countNoun(result.schoolIds.size, 'school')} in scope${dropped.length > 0 ? `; left out ${dropped.join(', ')} of other schools` : ''}.`,
        )
      }
      validation = await timed(phasesMs, 'validate', () =>
        runValidation(scoped, options.districtParameters, clock(), sourceIssues),
      )
      notes.push(...validation.notes)
      const incoming = validation.roster
      plan = await timed(phasesMs, 'plan', () => planMerge({ existing, incoming, policy }))
      if (loadScope !== undefined && archivesAnything(plan)) {
        // The archive guard weighs archives against every record the source owns, per role and
        // school: a plan that archives is made again against the whole district.
        loadScope = undefined
        const whole = await timed(phasesMs, 'load', () => store.load({ signal: opts.signal }))
        existing = whole
        plan = await timed(phasesMs, 'plan', () => planMerge({ existing: whole, incoming, policy }))
      }
      names = lookupFromRoster(existing, roster)
    } catch (error) {
      return fail(error)
    }

    const schools = reviewSchools(plan, roster)
    const holds = holdsOf({ validation: validation.summary, plan, schools })
    const pull = summarisePull(roster, tap.stats())
    const reportSource = describeReportSource(source, roster)
    const finishedAt = iso()
    const mode: SyncPreview['mode'] = {
      kind: decision.mode,
      reason: decision.reason,
      ...(decision.since === undefined ? {} : { since: decision.since }),
    }
    const report = buildSyncReport({
      render: options.report,
      recordLimit: options.report?.recordLimit,
      operation,
      outcome: validation.blocked ? 'blocked' : 'previewed',
      source: reportSource,
      pull,
      mode: decision,
      startedAt,
      finishedAt,
      phasesMs,
      validation: validation.summary,
      sourceIssues: summariseSourceIssues(sourceIssues),
      plan,
      names,
      schools,
      holds,
      notes,
    })
    const preview: SyncPreview = {
      createdAt: finishedAt,
      mode,
      ...(roster.cursor === undefined ? {} : { cursor: roster.cursor }),
      complete: roster.complete,
      validation: validation.summary,
      plan,
      ...(loadScope === undefined ? {} : { loadScope }),
      schools,
      unmatchedSchools: plan.schools.unmatched,
      blocked: validation.blocked,
      sourceIssues,
      holds,
      held: holds.map((h) => h.message),
      report,
    }
    contexts.set(preview, { startedAt, phasesMs, pull, source: reportSource, notes, preview, names })
    return { preview }
  }

  function contextOf(preview: ReviewedPreview): PreviewContext {
    return (
      contexts.get(preview) ?? {
        startedAt: preview.createdAt,
        phasesMs: {},
        pull: { complete: preview.complete, collections: [], pages: 0, retries: 0, throttles: 0, waitMs: 0 },
        source: describeReportSource(source),
        notes: [],
      }
    )
  }

  function decisionOf(preview: ReviewedPreview): PullModeDecision {
    return {
      mode: preview.mode.kind,
      reason: preview.mode.reason,
      ...(preview.mode.since === undefined ? {} : { since: preview.mode.since }),
    }
  }

  function resultFor(
    operation: SyncOperation,
    outcome: SyncOutcome,
    preview: ReviewedPreview,
    extra: {
      apply?: ApplyMergePlanResult
      names?: NameLookup
      holds?: ReportHold[]
      notes?: string[]
      error?: unknown
      startedAt?: string
      phasesMs?: Partial<Record<SyncPhase, number>>
    },
  ): SyncResult {
    const ctx = contextOf(preview)
    const report = buildSyncReport({
      render: options.report,
      recordLimit: options.report?.recordLimit,
      operation,
      outcome,
      source: ctx.source,
      pull: ctx.pull,
      mode: decisionOf(preview),
      startedAt: extra.startedAt ?? ctx.startedAt,
      finishedAt: iso(),
      phasesMs: extra.phasesMs ?? ctx.phasesMs,
      validation: preview.validation,
      sourceIssues: summariseSourceIssues(preview.sourceIssues ?? emptySourceIssueSummary()),
      plan: preview.plan,
      names: ctx.names ?? extra.names,
      schools: preview.schools ?? reviewSchools(preview.plan, undefined),
      apply: extra.apply,
      // Once applied, only what still waits on schools is left for a person.
      holds: extra.holds ?? holdsOf(preview).filter((h) => h.kind === 'schools'),
      notes: [...ctx.notes, ...(extra.notes ?? [])],
      error: extra.error,
    })
    const live = contexts.get(preview)?.preview
    return {
      outcome,
      state,
      report,
      ...(live === undefined ? {} : { preview: live }),
      ...(extra.error === undefined ? {} : { error: extra.error }),
    }
  }

  function interrupted(preview: ReviewedPreview, startedAt: string, apply?: ApplyCheckpoint): SyncCheckpoint {
    return {
      phase: 'apply',
      full: preview.mode.kind === 'full',
      ...(preview.mode.since === undefined ? {} : { since: preview.mode.since }),
      startedAt,
      interruptedAt: iso(),
      planFingerprint: preview.plan.fingerprint,
      ...(apply === undefined ? {} : { apply }),
    }
  }

  /** The apply checkpoint of an interrupted apply of this very plan, if that is what the state holds. */
  function resumableCheckpoint(preview: ReviewedPreview): ApplyCheckpoint | undefined {
    const checkpoint = state.checkpoint
    if (checkpoint?.phase !== 'apply' || checkpoint.planFingerprint !== preview.plan.fingerprint) return undefined
    return checkpoint.apply
  }

  async function applyPreview(
    operation: SyncOperation,
    preview: ReviewedPreview,
    opts: { approved: boolean; signal?: AbortSignal | undefined; startedAt: string; names?: NameLookup },
  ): Promise<SyncResult> {
    const { startedAt } = opts
    const ctx = contextOf(preview)
    // A run reports its whole life (pull to apply); an approval only its own apply.
    const phasesMs: Partial<Record<SyncPhase, number>> = operation === 'run' ? ctx.phasesMs : {}
    const resume = resumableCheckpoint(preview)
    let latest: ApplyCheckpoint | undefined = resume
    const notes: string[] = resume ? ['Resumed an apply that was interrupted earlier.'] : []
    const names = opts.names === undefined ? {} : { names: opts.names }
    let result: ApplyMergePlanResult
    try {
      result = await timed(phasesMs, 'apply', () =>
        applyMergePlan(preview.plan, store, {
          approved: opts.approved,
          signal: opts.signal,
          checkpoint: resume,
          batchSize: options.apply?.batchSize,
          concurrency: options.apply?.concurrency,
          now: iso,
          onCheckpoint: async (checkpoint) => {
            latest = checkpoint
            // Persisted after every batch, so a process killed mid-apply resumes where it stopped.
            await setState({ ...state, checkpoint: interrupted(preview, startedAt, checkpoint) })
          },
        }),
      )
    } catch (error) {
      await setState({ ...state, checkpoint: interrupted(preview, startedAt, latest) })
      const cancelled = opts.signal?.aborted === true
      notes.push('The cursor did not advance; the next run picks up the remaining changes.')
      return resultFor(operation, cancelled ? 'cancelled' : 'failed', preview, {
        notes,
        error,
        startedAt,
        phasesMs,
        ...names,
      })
    }

    if (result.aborted) {
      await setState({ ...state, checkpoint: interrupted(preview, startedAt, result.checkpoint) })
      notes.push('The apply was cancelled part-way; the next run resumes from the checkpoint.')
      return resultFor(operation, 'cancelled', preview, { apply: result, notes, startedAt, phasesMs, ...names })
    }

    const refused = !result.complete || result.batches.some((b) => b.failed.length > 0)
    const now = iso()
    if (refused) {
      // Advancing the cursor would never offer the refused records again until the next full sync.
      await setState({ ...state, checkpoint: undefined })
      notes.push('The host refused some records; the cursor did not advance so the next run offers them again.')
      return resultFor(operation, 'partially-applied', preview, { apply: result, notes, startedAt, phasesMs, ...names })
    }
    const full = preview.mode.kind === 'full'
    const next: SyncState = { ...state, checkpoint: undefined }
    if (preview.complete) {
      next.cursor = full ? preview.cursor : (preview.cursor ?? state.cursor)
      next.lastSuccessAt = now
      if (full) {
        next.lastFullSyncAt = now
        fullPending = false
      }
    } else {
      notes.push('The pull was incomplete: the cursor did not advance and nothing was archived.')
    }
    await setState(next)
    return resultFor(operation, 'applied', preview, { apply: result, notes, startedAt, phasesMs, ...names })
  }

  return {
    get state() {
      return state
    },
    policy,

    withSchools(decisions) {
      const schools = policy.schools
      return makeRosterSync(
        {
          ...options,
          policy: {
            ...policy,
            schools: {
              ...schools,
              overrides: { ...schools.overrides, ...(decisions.matches ?? {}) },
              unmatched: decisions.createUnmatched === true ? 'create' : schools.unmatched,
            },
          },
          // The policy above already holds every assignment, including earlier ones.
          schoolMatches: undefined,
          dataCategories: undefined,
          state,
        },
        true,
      )
    },

    testConnection(opts) {
      return source.testConnection(opts)
    },

    async preview(opts = {}) {
      const made = await makePreview(opts, 'preview')
      if ('preview' in made) return made.preview
      const { error, cancelled } = made.failure
      if (cancelled && !(error instanceof AbortedError))
        throw new AbortedError('The test sync was cancelled', { cause: error })
      throw error
    },

    async approve(preview, opts = {}) {
      if (preview.blocked) {
        throw new SyncBlockedError(
          'The preview is blocked by validation errors; fix the data and run the test sync again',
          [...preview.validation.blockReasons],
        )
      }
      const startedAt = iso()
      const existing = await store.load({ signal: opts.signal, scope: preview.loadScope })
      const resuming = resumableCheckpoint(preview) !== undefined
      if (!resuming && fingerprintExisting(existing) !== preview.plan.fingerprint) {
        throw new StalePreviewError("The host's data changed since this preview was made; run the test sync again")
      }
      const names = contexts.has(preview) ? undefined : lookupFromPlan(existing, preview.plan)
      return applyPreview('approve', preview, {
        approved: true,
        signal: opts.signal,
        startedAt,
        ...(names === undefined ? {} : { names }),
      })
    },

    async run(opts = {}) {
      const made = await makePreview(opts, 'run')
      if ('failure' in made) {
        const f = made.failure
        if (f.cancelled) {
          const checkpoint: SyncCheckpoint = {
            phase: 'pull',
            full: f.decision.mode === 'full',
            ...(f.decision.since === undefined ? {} : { since: f.decision.since }),
            startedAt: f.startedAt,
            interruptedAt: iso(),
          }
          await setState({ ...state, checkpoint })
          f.notes.push('The run was cancelled before anything was written; the next run pulls from the same point.')
        } else {
          f.notes.push('Nothing was written and the cursor did not advance.')
        }
        const report = buildSyncReport({
          render: options.report,
          recordLimit: options.report?.recordLimit,
          operation: 'run',
          outcome: f.cancelled ? 'cancelled' : 'failed',
          source: f.source,
          mode: f.decision,
          startedAt: f.startedAt,
          finishedAt: iso(),
          phasesMs: f.phasesMs,
          policy,
          holds: [],
          notes: f.notes,
          error: f.error,
        })
        return { outcome: f.cancelled ? 'cancelled' : 'failed', state, report, error: f.error }
      }
      const { preview } = made
      if (preview.blocked) return resultFor('run', 'blocked', preview, { holds: preview.holds })
      if (preview.plan.requiresApproval) return resultFor('run', 'held', preview, { holds: preview.holds })
      if (opts.autoApprove === false) {
        return resultFor('run', 'held', preview, { holds: holdsOf(preview, { reviewRequired: true }) })
      }
      return applyPreview('run', preview, {
        approved: false,
        signal: opts.signal,
        startedAt: contextOf(preview).startedAt,
      })
    },
  }
}
