import type { Class, Demographics, Enrollment, Org, RoleCategory, Roster, User } from '../model/index.js'
import { primaryRoleCategory, ROLE_CATEGORIES } from '../model/index.js'
import { approvalReasons, archiveBlockReason, archiveBlocks } from './archive-guards.js'
import { diffRecords, recordsComparer } from './diff-records.js'
import { FingerprintBuilder } from './fingerprint.js'
import { indexByKeys, type MatchResult, type MatchSetup, matchRecords } from './match-records.js'
import { schoolMatchValue, userMatchValue } from './normalise-keys.js'
import {
  createMergePolicy,
  type EntityPolicy,
  type MergePolicy,
  type SchoolMatchKey,
  type UserMatchKey,
} from './policy.js'
import {
  type ActionCounts,
  type ArchiveAction,
  type FieldChange,
  type HostRecord,
  type MatchMethod,
  MERGE_ACTION_KINDS,
  MERGE_ENTITIES,
  type MergeAction,
  type MergeEntity,
  type MergePlan,
  type MergeRecord,
  type MergeSummary,
  type PlanMergeInput,
  type SchoolMatch,
  type UnmatchedSchool,
} from './types.js'

/**
 * The merge planner: pure, deterministic, linear in the size of its input.
 *
 * @module
 */

const KIND_ORDER: Readonly<Record<MergeAction['kind'], number>> = {
  conflict: 0,
  create: 1,
  update: 2,
  archive: 3,
  skip: 4,
  unchanged: 5,
}

const zeroCounts = (): ActionCounts =>
  Object.fromEntries(MERGE_ACTION_KINDS.map((k) => [k, 0])) as unknown as ActionCounts

function compareActions(a: MergeAction, b: MergeAction): number {
  const byKind = KIND_ORDER[a.kind] - KIND_ORDER[b.kind]
  if (byKind !== 0) return byKind
  if (a.key !== b.key) return a.key < b.key ? -1 : 1
  const ha = 'hostId' in a ? (a.hostId ?? '') : ''
  const hb = 'hostId' in b ? (b.hostId ?? '') : ''
  return ha < hb ? -1 : ha > hb ? 1 : 0
}

const ignoreCache = new WeakMap<EntityPolicy, ReadonlySet<string>>()
function ignoreSet(policy: EntityPolicy): ReadonlySet<string> {
  let set = ignoreCache.get(policy)
  if (!set) {
    set = new Set(policy.ignoreFields)
    ignoreCache.set(policy, set)
  }
  return set
}

type Comparer = (before: object, after: object) => boolean
const comparedCache = new WeakMap<EntityPolicy, Map<MergeEntity, Comparer>>()
/** The equality check of an entity's records under a policy, worked out once per policy. */
function compared(entity: MergeEntity, policy: EntityPolicy): Comparer {
  let byEntity = comparedCache.get(policy)
  if (!byEntity) {
    byEntity = new Map()
    comparedCache.set(policy, byEntity)
  }
  let equal = byEntity.get(entity)
  if (!equal) {
    equal = recordsComparer(entity, ignoreSet(policy))
    byEntity.set(entity, equal)
  }
  return equal
}

function sourceWins(policy: EntityPolicy, field: string): boolean {
  return policy.sisWins === true || (Array.isArray(policy.sisWins) && policy.sisWins.includes(field))
}

function setField(target: Record<string, unknown>, field: string, value: unknown): void {
  if (value === undefined) delete target[field]
  else target[field] = value
}

/** The fields every action about a record starts with. */
type ActionBase<E extends MergeEntity> = { entity: E; key: string; category?: RoleCategory; school?: string }

const NO_MATCH = { type: 'none' } as const

/**
 * The incoming and linked host records of one entity, by sourcedId. Slot `i` is held in parallel
 * arrays and the map holds only small integers, so a million records cost no object each.
 */
class Slots<R extends MergeRecord> {
  readonly index = new Map<string, number>()
  readonly keys: string[] = []
  /** The first host record linked to the sourcedId. */
  readonly host: Array<HostRecord<R> | undefined> = []
  /** The first incoming record with the sourcedId. */
  readonly record: Array<R | undefined> = []
  /** Number of incoming records with the sourcedId. */
  readonly count: Int32Array
  /** 1 when the host knows the sourcedId, or will once the plan is applied. */
  readonly known: Uint8Array
  /** Further host records linked to the same sourcedId, a conflict. */
  readonly more = new Map<number, HostRecord<R>[]>()

  /** @param capacity - the most slots there can be: host records plus incoming records */
  constructor(capacity: number) {
    this.count = new Int32Array(capacity)
    this.known = new Uint8Array(capacity)
  }

  /** Adds the slot of a host record; returns false when the sourcedId already has one. */
  addHost(key: string, host: HostRecord<R>): boolean {
    const i = this.keys.length
    // One hash operation per record: a repeated key shows as an unchanged size.
    const size = this.index.size
    this.index.set(key, i)
    if (this.index.size === size) {
      this.index.set(key, this.indexOfDuplicate(key))
      return false
    }
    this.keys.push(key)
    this.host.push(host)
    this.record.push(undefined)
    this.known[i] = 1
    return true
  }

  /** Slot of each key, built only once host records share a sourcedId, and extended as slots are added. */
  private firsts: Map<string, number> | undefined
  private scanned = 0

  /** The slot of a key whose entry in {@link index} was just overwritten. */
  private indexOfDuplicate(key: string): number {
    this.firsts ??= new Map()
    const firsts = this.firsts
    for (; this.scanned < this.keys.length; this.scanned++) firsts.set(this.keys[this.scanned] as string, this.scanned)
    return firsts.get(key) as number
  }

  /** Adds the slot of an incoming record no host record is linked to. */
  addIncoming(key: string, record: R): void {
    const i = this.keys.length
    this.index.set(key, i)
    this.keys.push(key)
    this.host.push(undefined)
    this.record.push(record)
    this.count[i] = 1
  }

  hosts(i: number): HostRecord<R>[] {
    const host = this.host[i]
    if (host === undefined) return []
    const more = this.more.get(i)
    return more === undefined ? [host] : [host, ...more]
  }

  hostIds(i: number): string[] {
    return this.hosts(i)
      .map((h) => h.hostId)
      .sort()
  }
}

/** What differs per entity while planning it. */
interface EntityHooks<E extends MergeEntity> {
  /** The policy of an incoming record, or `undefined` when none applies (a user without roles). */
  policy(record: MergeRecord<E>): EntityPolicy | undefined
  /** Role category of a user. */
  category?(record: MergeRecord<E>): RoleCategory | undefined
  /** School the record belongs to. */
  school?(record: MergeRecord<E>): string | undefined
  /** How records are matched beyond sourcedId. */
  match?:
    | ((setup: MatchSetup<MergeRecord<E>, string>, existing: readonly HostRecord<MergeRecord<E>>[]) => void)
    | undefined
  /** True when an unmatched record is held (a school waiting for a person) rather than created. */
  holdUnmatched?(record: MergeRecord<E>, result: MatchResult<MergeRecord<E>>): boolean
  /** True when the record's school is held. */
  held?(record: MergeRecord<E>): boolean
  /** Names a required reference the host will not have, if any. */
  missingReference?(record: MergeRecord<E>): string | undefined
}

class Planner {
  readonly namespace: string
  readonly actions = Object.fromEntries(MERGE_ENTITIES.map((e) => [e, [] as MergeAction[]])) as {
    [E in MergeEntity]: MergeAction<E>[]
  }
  readonly summary: MergeSummary = {
    total: zeroCounts(),
    byEntity: Object.fromEntries(MERGE_ENTITIES.map((e) => [e, zeroCounts()])) as Record<MergeEntity, ActionCounts>,
    byRole: Object.fromEntries(ROLE_CATEGORIES.map((c) => [c, zeroCounts()])) as Record<RoleCategory, ActionCounts>,
  }
  /** sourcedIds the host will know after the plan is applied, per entity. */
  readonly resolvable = new Map<MergeEntity, Set<string>>()
  readonly owned = new Map<MergeEntity, HostRecord[]>()
  readonly archives: Array<{ action: ArchiveAction; host: HostRecord }> = []
  readonly schoolMatches: SchoolMatch[] = []
  readonly unmatchedSchools = new Map<string, UnmatchedSchool>()
  readonly heldClasses = new Set<string>()
  /** Fingerprint of the host's records, fed while each entity's host records are indexed. */
  readonly fingerprint = new FingerprintBuilder()

  constructor(
    readonly input: PlanMergeInput,
    readonly roster: Roster,
    readonly policy: MergePolicy,
    readonly listUnchanged: boolean,
  ) {
    this.namespace = policy.namespace ?? roster.source.kind
  }

  emit(action: MergeAction): void {
    this.summary.total[action.kind]++
    this.summary.byEntity[action.entity][action.kind]++
    if (action.category !== undefined) this.summary.byRole[action.category][action.kind]++
    if (action.kind !== 'unchanged' || this.listUnchanged) (this.actions[action.entity] as MergeAction[]).push(action)
  }

  /** Counts an unchanged record, building an action only when unchanged records are listed. */
  unchanged(base: ActionBase<MergeEntity>, hostId: string): void {
    if (this.listUnchanged) this.emit({ ...base, kind: 'unchanged', hostId } as MergeAction)
    else this.countUnchanged(base.entity, base.category)
  }

  /** Counts an unchanged record in the summary only. */
  countUnchanged(entity: MergeEntity, category: RoleCategory | undefined): void {
    this.summary.total.unchanged++
    this.summary.byEntity[entity].unchanged++
    if (category !== undefined) this.summary.byRole[category].unchanged++
  }

  private classSchools: Map<string, string> | undefined

  /** The school of an incoming class. */
  classSchool(classSourcedId: string): string | undefined {
    this.classSchools ??= new Map(this.roster.classes.map((c) => [c.sourcedId, c.schoolSourcedId]))
    return this.classSchools.get(classSourcedId)
  }

  known(entity: MergeEntity, key: string): boolean {
    const slots = this.slots.get(entity)
    const i = slots?.index.get(key)
    return i !== undefined && slots?.known[i] === 1
  }

  /**
   * A {@link known} check of one planned entity that remembers its last answer: records arrive
   * grouped (a class's enrollments together), so most checks repeat the previous key.
   */
  knownIn(entity: MergeEntity): (key: string) => boolean {
    const slots = this.slots.get(entity)
    if (slots === undefined) return () => false
    let lastKey: string | undefined
    let last = false
    return (key) => {
      if (key === lastKey) return last
      const i = slots.index.get(key)
      lastKey = key
      last = i !== undefined && slots.known[i] === 1
      return last
    }
  }

  /** Incoming and linked host records of each planned entity, by sourcedId. */
  private readonly slots = new Map<MergeEntity, Slots<MergeRecord>>()

  planEntity<E extends MergeEntity>(entity: E, hooks: EntityHooks<E>): void {
    type R = MergeRecord<E>
    const ns = this.namespace
    const existing = (this.input.existing[entity] ?? []) as readonly HostRecord<R>[]
    const incoming = this.roster[entity] as unknown as readonly R[]

    // One map holds both sides, so pairing by sourcedId costs a single lookup per record.
    const slots = new Slots<R>(existing.length + incoming.length)
    this.slots.set(entity, slots as unknown as Slots<MergeRecord>)
    const owned: HostRecord[] = []
    const fingerprint = this.fingerprint
    for (const host of existing) {
      fingerprint.add(entity, host as HostRecord)
      if (host.origin?.namespace !== ns) continue
      const key = host.record.sourcedId
      if (!slots.addHost(key, host)) {
        const i = slots.index.get(key) as number
        const more = slots.more.get(i)
        if (more === undefined) slots.more.set(i, [host])
        else more.push(host)
      }
      if (host.origin.createdBySource && !host.archived) owned.push(host)
    }
    this.owned.set(entity, owned)
    const linkedCount = slots.keys.length
    const count = slots.count
    for (const record of incoming) {
      const i = slots.index.get(record.sourcedId)
      if (i === undefined) slots.addIncoming(record.sourcedId, record)
      else {
        const n = (count[i] as number) + 1
        count[i] = n
        if (n === 1) slots.record[i] = record
      }
    }

    // Only slots added by incoming records lack a host record.
    const pending: R[] = []
    for (let i = linkedCount; i < slots.keys.length; i++) if (slots.count[i] === 1) pending.push(slots.record[i] as R)
    const setup: MatchSetup<R, string> = {
      namespace: ns,
      claimed: (h) => {
        if (h.origin?.namespace !== ns) return false
        const i = slots.index.get(h.record.sourcedId)
        return i !== undefined && slots.count[i] === 1
      },
      onAmbiguous: 'conflict',
    }
    hooks.match?.(setup, existing)
    const matches = matchRecords(pending, setup)
    // Host records paired or disputed beyond their own sourcedId, which no archive may touch.
    const touched = new Set<string>()

    const size = slots.keys.length
    for (let i = 0; i < size; i++) {
      const count = slots.count[i] as number
      if (count === 0) continue
      const key = slots.keys[i] as string
      if (count > 1) {
        this.emit({
          entity,
          kind: 'conflict',
          key,
          reason: 'duplicate-incoming',
          hostIds: slots.hostIds(i),
          incomingKeys: [key],
          detail: `the incoming roster has ${count} records with sourcedId ${key}`,
        } as MergeAction)
        continue
      }
      const record = slots.record[i] as R
      if (slots.more.has(i)) {
        const hostIds = slots.hostIds(i)
        this.emit({
          ...this.base(entity, key, record, hooks),
          kind: 'conflict',
          reason: 'duplicate-existing',
          hostIds,
          incomingKeys: [key],
          detail: `${hostIds.length} host records are linked to sourcedId ${key}`,
        } as MergeAction)
        continue
      }
      let host = slots.host[i]
      let by: MatchMethod = 'sourcedId'
      let match: MatchResult<R> | undefined
      if (host === undefined) {
        match = matches.get(key) ?? NO_MATCH
        if (match.type === 'conflict') {
          for (const id of match.hostIds) touched.add(id)
          this.emit({
            ...this.base(entity, key, record, hooks),
            kind: 'conflict',
            reason: match.reason,
            hostIds: match.hostIds,
            incomingKeys: match.incomingKeys,
            detail: match.detail,
          } as MergeAction)
          continue
        }
        if (match.type === 'match') {
          host = match.host
          by = match.by
          touched.add(host.hostId)
        }
      }
      if (this.planSingle(entity, hooks, key, record, host, by, match)) slots.known[i] = 1
    }

    if (this.roster.mode === 'bulk') {
      for (let i = 0; i < linkedCount; i++) {
        if (slots.count[i] !== 0) continue
        const key = slots.keys[i] as string
        for (const host of slots.hosts(i)) {
          if (host.archived || touched.has(host.hostId)) continue
          const policy = hooks.policy(host.record)
          // A record of a category that does not sync is not this plan's business.
          if (policy === undefined || !policy.sync) continue
          this.decideArchive(host, 'absent', policy, this.base(entity, key, host.record, hooks))
        }
      }
    }
  }

  /** The fields every action about a record starts with. */
  base<E extends MergeEntity>(entity: E, key: string, record: MergeRecord<E>, hooks: EntityHooks<E>): ActionBase<E> {
    const base: ActionBase<E> = { entity, key }
    const category = hooks.category?.(record)
    if (category !== undefined) base.category = category
    const school = hooks.school?.(record)
    if (school !== undefined) base.school = school
    return base
  }

  /**
   * Plans one incoming record free of duplicates and conflicts, with the host record it matched if
   * any. Returns true when the host will know the record's sourcedId afterwards.
   */
  /** Emits a skip of an incoming record. */
  private skip<E extends MergeEntity>(
    entity: E,
    key: string,
    record: MergeRecord<E>,
    hooks: EntityHooks<E>,
    reason: string,
    extra: Record<string, unknown> = {},
  ): void {
    this.emit({ ...this.base(entity, key, record, hooks), kind: 'skip', reason, ...extra } as MergeAction)
  }

  private planSingle<E extends MergeEntity>(
    entity: E,
    hooks: EntityHooks<E>,
    key: string,
    record: MergeRecord<E>,
    host: HostRecord<MergeRecord<E>> | undefined,
    by: MatchMethod,
    match: MatchResult<MergeRecord<E>> | undefined,
  ): boolean {
    const policy = hooks.policy(record)
    if (policy === undefined) {
      this.skip(entity, key, record, hooks, 'no-role', {
        ...(host ? { hostId: host.hostId } : {}),
        detail: 'the user has no role',
      })
      return false
    }
    if (!policy.sync) {
      this.skip(entity, key, record, hooks, 'not-synced', host ? { hostId: host.hostId } : {})
      return false
    }
    if (record.status === 'tobedeleted') {
      if (!host) this.skip(entity, key, record, hooks, 'deleted-at-source')
      else this.decideArchive(host, 'tobedeleted', policy, this.base(entity, key, record, hooks))
      return false
    }
    if (!host) {
      if (match !== undefined && hooks.holdUnmatched?.(record, match)) {
        this.skip(entity, key, record, hooks, 'school-unmatched', {
          detail: match.type === 'unresolved' ? match.detail : 'no host school matches',
        })
        return false
      }
      if (!policy.create) {
        this.skip(entity, key, record, hooks, 'create-disabled')
        return false
      }
      if (hooks.held?.(record)) {
        this.skip(entity, key, record, hooks, 'school-unmatched', {
          detail: 'its school is waiting to be assigned to a host school',
        })
        return false
      }
      const missing = hooks.missingReference?.(record)
      if (missing !== undefined) {
        this.skip(entity, key, record, hooks, 'reference-missing', { detail: missing })
        return false
      }
      this.emit({ ...this.base(entity, key, record, hooks), kind: 'create', record } as MergeAction)
      return true
    }
    if (hooks.held?.(record)) {
      this.skip(entity, key, record, hooks, 'school-unmatched', {
        ...(host ? { hostId: host.hostId } : {}),
        detail: 'its school is waiting to be assigned to a host school',
      })
      return false
    }
    const missing = hooks.missingReference?.(record)
    if (missing !== undefined) {
      this.skip(entity, key, record, hooks, 'reference-missing', {
        ...(host ? { hostId: host.hostId } : {}),
        detail: missing,
      })
      return false
    }
    if (entity === 'orgs' && (record as Org).type === 'school') {
      this.schoolMatches.push({ sourcedId: key, hostId: host.hostId, matchedBy: by })
    }
    if (by === 'sourcedId' && host.archived !== true && compared(entity, policy)(host.record, record)) {
      // The common case, settled without building an action.
      if (this.listUnchanged)
        this.emit({ ...this.base(entity, key, record, hooks), kind: 'unchanged', hostId: host.hostId } as MergeAction)
      else this.countUnchanged(entity, hooks.category?.(record))
      return true
    }
    this.planMatched(this.base(entity, key, record, hooks), host, record, by, policy)
    return true
  }

  planMatched<E extends MergeEntity>(
    base: { entity: E; key: string; category?: RoleCategory; school?: string },
    host: HostRecord<MergeRecord<E>>,
    record: MergeRecord<E>,
    matchedBy: MatchMethod,
    policy: EntityPolicy,
  ): void {
    const link = matchedBy !== 'sourcedId'
    const diff = diffRecords(host.record, record, ignoreSet(policy))
    const archived = host.archived === true
    const restore = archived && (policy.existing === 'autoUpdate' || policy.archive)
    const hostId = host.hostId
    if (archived && !restore) {
      this.emit({
        ...base,
        kind: 'skip',
        reason: 'existing-skip',
        hostId,
        changes: diff,
        detail: 'the host record is archived',
      } as MergeAction)
      return
    }
    if (policy.existing === 'skip') {
      if (link || restore) {
        // Linking and restoring write no field: the host keeps its values, it only learns the sourcedId.
        const kept = { ...host.record, sourcedId: record.sourcedId }
        this.emit({
          ...base,
          kind: 'update',
          hostId,
          matchedBy,
          record: kept,
          changes: [],
          kept: [],
          link,
          restore,
        } as unknown as MergeAction)
      } else if (diff.length === 0) this.unchanged(base, hostId)
      else this.emit({ ...base, kind: 'skip', reason: 'existing-skip', hostId, changes: diff } as MergeAction)
      return
    }
    const edited = host.hostEditedFields
    const changes: FieldChange[] = []
    const kept: FieldChange[] = []
    for (const change of diff) {
      if (edited?.includes(change.field) && !sourceWins(policy, change.field)) kept.push(change)
      else changes.push(change)
    }
    if (changes.length === 0 && !link && !restore) {
      if (kept.length > 0)
        this.emit({ ...base, kind: 'skip', reason: 'host-edited', hostId, changes: kept } as MergeAction)
      else this.unchanged(base, hostId)
      return
    }
    const merged = { ...record } as Record<string, unknown>
    const hostValues = host.record as Record<string, unknown>
    for (const change of kept) setField(merged, change.field, hostValues[change.field])
    for (const field of policy.ignoreFields) setField(merged, field, hostValues[field])
    this.emit({
      ...base,
      kind: 'update',
      hostId,
      matchedBy,
      record: merged,
      changes,
      kept,
      link,
      restore,
    } as unknown as MergeAction)
  }

  decideArchive<E extends MergeEntity>(
    host: HostRecord<MergeRecord<E>>,
    reason: ArchiveAction['reason'],
    policy: EntityPolicy,
    base: { entity: E; key: string; category?: RoleCategory; school?: string },
  ): void {
    const skip = (why: string, detail?: string): void =>
      this.emit({
        ...base,
        kind: 'skip',
        reason: why,
        hostId: host.hostId,
        ...(detail === undefined ? {} : { detail }),
      } as MergeAction)
    const blocked = archiveBlockReason(this.roster, base.entity)
    if (host.archived) skip('already-archived')
    else if (host.origin?.namespace !== this.namespace || !host.origin.createdBySource) {
      skip('not-owned', 'the record was not created by this source')
    } else if (!policy.archive) skip('archive-disabled')
    else if (blocked !== undefined) skip('archive-blocked', blocked)
    else this.archive(host, { ...base, kind: 'archive', hostId: host.hostId, reason } as ArchiveAction)
  }

  private archive(host: HostRecord, action: ArchiveAction): void {
    this.archives.push({ action, host })
    this.emit(action as MergeAction)
  }
}

function userSchool(user: User): string | undefined {
  return user.primaryOrgSourcedId ?? user.roles[0]?.orgSourcedId
}

/**
 * Plans what a sync does to the host's data. Pure and deterministic: no clock, no I/O, and the same
 * inputs in any order give a plan that serialises to the same bytes.
 *
 * Matching pairs each incoming record with a host record by sourcedId within the policy's
 * namespace, then (users) by the policy's fallback keys, then (schools) by manual overrides,
 * identifier, NCES id, state id and normalised name. Archives only ever concern records this
 * source created, only when the incoming data is complete (bulk) or marks them `tobedeleted`
 * (delta), and a plan archiving more than `archiveThreshold` of a role, school or entity requires
 * a person's approval.
 *
 * @param input - the host's existing records, the incoming roster and the policy
 * @throws {ConfigurationError} when the policy is invalid
 * @example
 * ```ts
 * const plan = planMerge({ existing: await store.load(), incoming: roster, policy: { namespace: 'district-42' } })
 * if (!plan.requiresApproval) await applyMergePlan(plan, store)
 * ```
 */
export function planMerge(input: PlanMergeInput): MergePlan {
  const policy = createMergePolicy(input.policy ?? {})
  const roster = input.incoming
  const planner = new Planner(input, roster, policy, input.options?.listUnchanged ?? false)
  const entities = policy.entities

  const schoolPolicy = policy.schools
  planner.planEntity('orgs', {
    policy: () => entities.orgs,
    match: (setup, existing) => {
      const schools = existing.filter((h) => h.record.type === 'school')
      setup.onAmbiguous = 'unresolved'
      setup.overrides = {
        byKey: schoolPolicy.overrides,
        byHostId: new Map(schools.map((h) => [h.hostId, h])),
      }
      setup.fallback = {
        keys: schoolPolicy.matchBy,
        value: (org: Org, key: string) => schoolMatchValue(org, key as SchoolMatchKey),
        index: indexByKeys(schools, schoolPolicy.matchBy, schoolMatchValue),
        eligible: (org: Org) => org.type === 'school',
        method: (key: string) => `school:${key as SchoolMatchKey}` as const,
      }
    },
    holdUnmatched: (org, result) => {
      if (org.type !== 'school') return false
      if (result.type !== 'unresolved' && schoolPolicy.unmatched === 'create') return false
      planner.unmatchedSchools.set(org.sourcedId, {
        sourcedId: org.sourcedId,
        name: org.name,
        ...(org.identifier === undefined ? {} : { identifier: org.identifier }),
        candidates: result.type === 'unresolved' ? result.candidates : [],
        heldClasses: 0,
        heldEnrollments: 0,
      })
      return true
    },
  })
  planner.planEntity('academicSessions', { policy: () => entities.academicSessions })
  planner.planEntity('courses', { policy: () => entities.courses })

  const heldSchool = (school: string): UnmatchedSchool | undefined => planner.unmatchedSchools.get(school)
  planner.planEntity('classes', {
    policy: () => entities.classes,
    school: (cls: Class) => cls.schoolSourcedId,
    held: (cls: Class) => {
      const held = heldSchool(cls.schoolSourcedId)
      if (held === undefined) return false
      held.heldClasses++
      planner.heldClasses.add(cls.sourcedId)
      return true
    },
    missingReference: (cls: Class) =>
      !planner.known('orgs', cls.schoolSourcedId)
        ? `school ${cls.schoolSourcedId}`
        : !planner.known('courses', cls.courseSourcedId)
          ? `course ${cls.courseSourcedId}`
          : undefined,
  })

  const userMatchKeys = policy.userMatchKeys
  planner.planEntity('users', {
    policy: (user: User) => {
      const category = primaryRoleCategory(user)
      return category === undefined ? undefined : policy.roles[category]
    },
    category: (user: User) => primaryRoleCategory(user),
    school: userSchool,
    match:
      userMatchKeys.length === 0
        ? undefined
        : (setup, existing) => {
            setup.fallback = {
              keys: userMatchKeys,
              value: (user: User, key: string) => userMatchValue(user, key as UserMatchKey),
              index: indexByKeys(existing, userMatchKeys, userMatchValue),
              eligible: () => true,
              method: (key: string) => key as UserMatchKey,
            }
          },
  })

  const knownUser = planner.knownIn('users')
  const knownClass = planner.knownIn('classes')
  planner.planEntity('enrollments', {
    policy: () => entities.enrollments,
    school: (e: Enrollment) => e.schoolSourcedId,
    held: (e: Enrollment) => {
      if (planner.unmatchedSchools.size === 0) return false
      const held = heldSchool(e.schoolSourcedId)
      const classHeld = planner.heldClasses.has(e.classSourcedId)
      if (held === undefined && !classHeld) return false
      const school = held ?? heldSchool(planner.classSchool(e.classSourcedId) ?? '')
      if (school) school.heldEnrollments++
      return true
    },
    missingReference: (e: Enrollment) =>
      !knownUser(e.userSourcedId)
        ? `user ${e.userSourcedId}`
        : !knownClass(e.classSourcedId)
          ? `class ${e.classSourcedId}`
          : undefined,
  })
  planner.planEntity('demographics', {
    policy: () => entities.demographics,
    missingReference: (d: Demographics) => (planner.known('users', d.sourcedId) ? undefined : `user ${d.sourcedId}`),
  })

  for (const entity of MERGE_ENTITIES) (planner.actions[entity] as MergeAction[]).sort(compareActions)
  const reasons = approvalReasons(planner.owned, planner.archives, policy.archiveThreshold)
  const byKey = (a: { sourcedId: string }, b: { sourcedId: string }): number =>
    a.sourcedId < b.sourcedId ? -1 : a.sourcedId > b.sourcedId ? 1 : 0
  return {
    formatVersion: 1,
    namespace: planner.namespace,
    mode: roster.mode,
    incomingComplete: roster.complete,
    fingerprint: planner.fingerprint.value(),
    policy,
    actions: planner.actions,
    summary: planner.summary,
    requiresApproval: reasons.length > 0,
    approvalReasons: reasons,
    archiveBlocks: archiveBlocks(roster, MERGE_ENTITIES),
    schools: {
      matched: planner.schoolMatches.sort(byKey),
      unmatched: [...planner.unmatchedSchools.values()].sort(byKey),
    },
  }
}
