import type {
  AcademicSession,
  Class,
  Course,
  Demographics,
  Enrollment,
  Org,
  RoleCategory,
  Roster,
  RosterCollection,
  User,
} from '../model/index.js'
import { ROSTER_COLLECTIONS } from '../model/index.js'
import type { MergePolicy, MergePolicyInput, SchoolMatchKey, UserMatchKey } from './policy.js'

/**
 * Types of the merge engine's input (the host's existing records) and output (the plan).
 *
 * @module
 */

/** Entities the merge engine plans, in dependency order (creates and updates run in this order). */
export const MERGE_ENTITIES: typeof ROSTER_COLLECTIONS = ROSTER_COLLECTIONS
/** An entity the merge engine plans: one of the roster's collections. */
export type MergeEntity = RosterCollection

/** The canonical record type of each entity. */
export interface MergeRecordMap {
  /** Organisations. */
  orgs: Org
  /** Academic sessions. */
  academicSessions: AcademicSession
  /** Courses. */
  courses: Course
  /** Classes. */
  classes: Class
  /** Users. */
  users: User
  /** Enrollments. */
  enrollments: Enrollment
  /** Demographics. */
  demographics: Demographics
}
/** The canonical record type of entity `E`. */
export type MergeRecord<E extends MergeEntity = MergeEntity> = MergeRecordMap[E]

/**
 * Which source a host record is linked to. Absent on records made by hand in the host that no
 * source has been matched to yet.
 */
export interface RecordOrigin {
  /** The source namespace that `record.sourcedId` belongs to (see `MergePolicy.namespace`). */
  namespace: string
  /**
   * True when that source created the record. Only such records are ever archived; a hand-made
   * record later matched to the source stays `false`.
   */
  createdBySource: boolean
  /** When the source created the record (ISO 8601), for reports. */
  createdAt?: string | undefined
}

/** One record as the host holds it: the canonical record plus what only the host knows. */
export interface HostRecord<T extends MergeRecord = MergeRecord> {
  /** The host's own id of the record. */
  hostId: string
  /**
   * The record in the canonical model. `sourcedId` is the source's id when `origin` is set, and
   * anything the host likes (often its own id) otherwise.
   */
  record: T
  /** Which source the record is linked to, if any. */
  origin?: RecordOrigin | undefined
  /** True when the record is archived (soft-deleted) in the host. */
  archived?: boolean | undefined
  /**
   * Top-level fields a person edited in the host. They are sticky: a sync keeps the host's value
   * unless the policy says the source wins.
   */
  hostEditedFields?: readonly string[] | undefined
  /**
   * The host's version of the record (an etag, a revision, an `updatedAt`), folded into the plan's
   * fingerprint so a plan made against an older state of the host is detected as stale.
   */
  version?: string | undefined
}

/** The host's current records per entity. A missing entity counts as "the host has none". */
export type ExistingRecords = {
  readonly [E in MergeEntity]?: readonly HostRecord<MergeRecord<E>>[]
}

/** How an incoming record was matched to a host record. */
export type MatchMethod = 'sourcedId' | UserMatchKey | `school:${SchoolMatchKey}` | 'school:override'

/** The kinds of action in a plan. */
export const MERGE_ACTION_KINDS = ['create', 'update', 'unchanged', 'skip', 'archive', 'conflict'] as const
/** A kind of action in a plan. */
export type MergeActionKind = (typeof MERGE_ACTION_KINDS)[number]

/** One field's value before and after. */
export interface FieldChange {
  /** Top-level field name of the canonical record. */
  field: string
  /** The host's value (`undefined` values are omitted from JSON). */
  before: unknown
  /** The source's value. */
  after: unknown
}

/** Why an incoming or existing record is skipped. */
export type SkipReason =
  /** The entity's or role's `sync` is off. */
  | 'not-synced'
  /** The record is new and `create` is off. */
  | 'create-disabled'
  /** The record differs from the host's and `existing` is `skip`. */
  | 'existing-skip'
  /** Every difference is in a field the host edited (sticky). */
  | 'host-edited'
  /** The record's school is not matched to a host school yet: held for a person to assign it. */
  | 'school-unmatched'
  /** The record refers to a user, class, course or org that is neither in the host nor created by this plan. */
  | 'reference-missing'
  /** The user has no role, so no role policy applies. */
  | 'no-role'
  /** The record would be archived but `archive` is off. */
  | 'archive-disabled'
  /** The record would be archived but the incoming data cannot prove it is gone (incomplete). */
  | 'archive-blocked'
  /** The record is gone from the source but this source did not create it, so it is left alone. */
  | 'not-owned'
  /** The source deleted a record the host does not have. */
  | 'deleted-at-source'
  /** The host record is archived and the source record is too. */
  | 'already-archived'

/** Why two records could not be paired safely. */
export type ConflictReason =
  /** The incoming roster holds two records with this sourcedId. */
  | 'duplicate-incoming'
  /** The host holds two records linked to this sourcedId of the source. */
  | 'duplicate-existing'
  /** A fallback key matches several host records. */
  | 'ambiguous-match'
  /** Several incoming records match the same host record. */
  | 'shared-match'
  /** The matching host record belongs to another source. */
  | 'owned-by-other-source'
  /** The matching host record is already linked to another sourcedId of this source. */
  | 'linked-to-other-record'

interface ActionBase<E extends MergeEntity> {
  /** The entity. */
  entity: E
  /** The source's sourcedId of the record (for archives: the host record's sourcedId). */
  key: string
  /** Role category of a user (primary role), for per-role reports and policies. */
  category?: RoleCategory
  /** sourcedId of the school the record belongs to, where one applies (classes, enrollments, users). */
  school?: string
}

/** Create a record the host does not have. */
export interface CreateAction<E extends MergeEntity = MergeEntity> extends ActionBase<E> {
  /** Discriminant. */
  kind: 'create'
  /** The record to create. */
  record: MergeRecord<E>
}

/** Update (and possibly link or restore) a host record. */
export interface UpdateAction<E extends MergeEntity = MergeEntity> extends ActionBase<E> {
  /** Discriminant. */
  kind: 'update'
  /** Host id of the record to update. */
  hostId: string
  /** How the host record was matched. */
  matchedBy: MatchMethod
  /** The record to write: the source's values, except sticky host-edited fields which keep the host's. */
  record: MergeRecord<E>
  /** The fields that change. */
  changes: FieldChange[]
  /** Differences kept at the host's value because a person edited the field there. */
  kept: FieldChange[]
  /** True when the host record gets linked to the source's sourcedId by this update. */
  link: boolean
  /** True when an archived host record comes back. */
  restore: boolean
}

/** An incoming record equal to its host record. */
export interface UnchangedAction<E extends MergeEntity = MergeEntity> extends ActionBase<E> {
  /** Discriminant. */
  kind: 'unchanged'
  /** Host id of the matching record. */
  hostId: string
}

/** A record the plan leaves alone, with the reason. */
export interface SkipAction<E extends MergeEntity = MergeEntity> extends ActionBase<E> {
  /** Discriminant. */
  kind: 'skip'
  /** Why. */
  reason: SkipReason
  /** Host id, when a host record is concerned. */
  hostId?: string
  /** The differences that were not written (for `existing-skip` and `host-edited`). */
  changes?: FieldChange[]
  /** Detail for people, e.g. which reference is missing. */
  detail?: string
}

/** Archive a host record this source created. */
export interface ArchiveAction<E extends MergeEntity = MergeEntity> extends ActionBase<E> {
  /** Discriminant. */
  kind: 'archive'
  /** Host id of the record to archive. */
  hostId: string
  /** `absent`: a complete bulk roster no longer has it; `tobedeleted`: the source marked it deleted. */
  reason: 'absent' | 'tobedeleted'
}

/** Records that could not be paired safely; a person decides. Nothing is written for them. */
export interface ConflictAction<E extends MergeEntity = MergeEntity> extends ActionBase<E> {
  /** Discriminant. */
  kind: 'conflict'
  /** Why. */
  reason: ConflictReason
  /** Host ids involved, sorted. */
  hostIds: string[]
  /** Incoming sourcedIds involved, sorted. */
  incomingKeys: string[]
  /** Explanation for people. */
  detail: string
}

/** One action of a plan for entity `E`. */
export type MergeAction<E extends MergeEntity = MergeEntity> = {
  [K in E]:
    | CreateAction<K>
    | UpdateAction<K>
    | UnchangedAction<K>
    | SkipAction<K>
    | ArchiveAction<K>
    | ConflictAction<K>
}[E]

/** Count of actions per kind. */
export type ActionCounts = Record<MergeActionKind, number>

/** Counts of a plan, per entity, per user role category and in total. */
export interface MergeSummary {
  /** All actions. */
  total: ActionCounts
  /** Per entity. */
  byEntity: Record<MergeEntity, ActionCounts>
  /** Per user role category (users only). */
  byRole: Record<RoleCategory, ActionCounts>
}

/** A guard that asks for a person's approval before the plan is applied. */
export interface ApprovalReason {
  /** What the share is measured over. */
  scope: 'role' | 'school' | 'entity'
  /** The entity archived. */
  entity: MergeEntity
  /** The role category, school sourcedId, or entity name. */
  subject: string
  /** Records the plan archives in that scope. */
  archived: number
  /** Records of this source in that scope before the plan. */
  total: number
  /** `archived / total`. */
  share: number
  /** Explanation for people. */
  message: string
}

/** Why a collection's archives were withheld. */
export interface ArchiveBlock {
  /** The entity whose archives were withheld. */
  entity: MergeEntity
  /** Explanation for people. */
  reason: string
}

/** An incoming school paired with a host school. */
export interface SchoolMatch {
  /** The source's sourcedId of the school. */
  sourcedId: string
  /** Host id of the school. */
  hostId: string
  /** How it was paired. */
  matchedBy: MatchMethod
}

/** An incoming school no host school matches: a person assigns it (a `schools.overrides` entry). */
export interface UnmatchedSchool {
  /** The source's sourcedId of the school. */
  sourcedId: string
  /** Its name. */
  name: string
  /** Its identifier, when it has one. */
  identifier?: string
  /** Host ids of several equally good candidates, when the match was ambiguous. */
  candidates: string[]
  /** Classes held until the school is assigned. */
  heldClasses: number
  /** Enrollments held until the school is assigned. */
  heldEnrollments: number
}

/** What a sync would do to the host's data. Plain data: serialise it, show it, apply it later. */
export interface MergePlan {
  /** Format version of the plan. */
  formatVersion: 1
  /** The source namespace the plan was made for. */
  namespace: string
  /** Whether the incoming roster was `bulk` or `delta`. */
  mode: 'bulk' | 'delta'
  /** Whether the incoming roster was complete. */
  incomingComplete: boolean
  /** Fingerprint of the existing records the plan was made against (see `fingerprintExisting`). */
  fingerprint: string
  /** The policy used, complete. */
  policy: MergePolicy
  /** Actions per entity, each list in stable order (kind, then key). */
  actions: { [E in MergeEntity]: MergeAction<E>[] }
  /** Counts. */
  summary: MergeSummary
  /** True when a guard asks for a person's approval before applying. */
  requiresApproval: boolean
  /** Why approval is needed. */
  approvalReasons: ApprovalReason[]
  /** Collections whose archives were withheld, and why. */
  archiveBlocks: ArchiveBlock[]
  /** How incoming schools map to host schools. */
  schools: {
    /** Schools paired with a host school. */
    matched: SchoolMatch[]
    /** Schools waiting for a person to assign them. */
    unmatched: UnmatchedSchool[]
  }
}

/** Options of {@link planMerge} beyond the policy. */
export interface PlanMergeOptions {
  /**
   * List records that do not change as `unchanged` actions. They are always counted in the
   * summary; listing a million of them only makes the plan large.
   * @default false
   */
  listUnchanged?: boolean | undefined
}

/** Input of `planMerge`. */
export interface PlanMergeInput {
  /** The host's current records. */
  existing: ExistingRecords
  /** The roster pulled from the source (bulk or delta). */
  incoming: Roster
  /** The merge policy; omitted fields take their defaults. */
  policy?: MergePolicyInput | undefined
  /** Further options. */
  options?: PlanMergeOptions | undefined
}
