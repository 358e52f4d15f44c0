import { z } from 'zod'
import { parseConfiguration } from '../internal/parse-configuration.js'
import type { RoleCategory } from '../model/index.js'

/**
 * Merge policies: what a sync may do to the host's data, per entity and per role category.
 * Defaults are the conservative ones a district admin sees first: create new records, leave
 * existing ones alone, archive nothing.
 *
 * @module
 */

/** How existing host records that match an incoming record are treated. */
export const EXISTING_RECORD_MODES = ['skip', 'autoUpdate'] as const
/** `skip`: leave matched host records as they are; `autoUpdate`: write the source's changes. */
export type ExistingRecordMode = (typeof EXISTING_RECORD_MODES)[number]

/** What one entity or role category may do. */
export const EntityPolicySchema = z.strictObject({
  /**
   * Whether this data category syncs at all. When off, incoming records are skipped and nothing of
   * this kind is created, updated or archived.
   * @default true (false for demographics)
   */
  sync: z.boolean().default(true),
  /**
   * Whether records the host does not have yet are created.
   * @default true
   */
  create: z.boolean().default(true),
  /**
   * What happens to host records that match an incoming record with different data.
   * @default 'skip'
   */
  existing: z.enum(EXISTING_RECORD_MODES).default('skip'),
  /**
   * Whether records this source created and no longer sends are archived (bulk input), or records
   * it marks `tobedeleted` (delta input). Records made by hand in the host are never archived.
   * @default false
   */
  archive: z.boolean().default(false),
  /**
   * Fields the source overwrites even when the host has edited them: `true` for every field,
   * a list of field names for those only. Other host-edited fields are sticky.
   * @default false
   */
  sisWins: z.union([z.boolean(), z.array(z.string())]).default(false),
  /**
   * Fields never compared nor written, e.g. `metadata`. `sourcedId`, `provenance` and
   * `dateLastModified` are never compared.
   * @default []
   */
  ignoreFields: z.array(z.string()).default([]),
})
/** What one entity or role category may do (all fields filled). */
export type EntityPolicy = z.output<typeof EntityPolicySchema>
/** What one entity or role category may do, as given by a caller (every field optional). */
export type EntityPolicyInput = z.input<typeof EntityPolicySchema>

/** Keys an incoming user may be matched on when no host record carries its sourcedId. */
export const USER_MATCH_KEYS = ['email', 'stateId', 'username', 'identifier'] as const
/** A fallback key for matching users. */
export type UserMatchKey = (typeof USER_MATCH_KEYS)[number]

/** Keys an incoming school may be matched on to a host school, in the order they are tried. */
export const SCHOOL_MATCH_KEYS = ['identifier', 'ncesId', 'stateId', 'name'] as const
/** A key for matching schools. */
export type SchoolMatchKey = (typeof SCHOOL_MATCH_KEYS)[number]

/** How incoming schools are mapped to the host's schools. */
export const SchoolPolicySchema = z.strictObject({
  /**
   * Keys tried, in order, for schools the host does not know by sourcedId yet. Values are
   * normalised (case, spaces, punctuation; leading zeros for ids).
   * @default ['identifier', 'ncesId', 'stateId', 'name']
   */
  matchBy: z.array(z.enum(SCHOOL_MATCH_KEYS)).default([...SCHOOL_MATCH_KEYS]),
  /**
   * Manual assignments: incoming school sourcedId → host id of the school it is. An override wins
   * over the automatic keys; a school already linked to the namespace keeps its link.
   * @default {}
   */
  overrides: z.record(z.string(), z.string()).default({}),
  /**
   * What happens to a school no host school matches: `hold` lists it for a person to assign and
   * holds its classes and enrollments; `create` creates it (subject to the orgs policy).
   * @default 'hold'
   */
  unmatched: z.enum(['hold', 'create']).default('hold'),
})
/** How incoming schools are mapped to the host's schools. */
export type SchoolPolicy = z.output<typeof SchoolPolicySchema>

const entity = () => EntityPolicySchema.prefault({})

/** The complete merge policy. Parse partial input with {@link createMergePolicy}. */
export const MergePolicySchema = z.strictObject({
  /**
   * Namespace of the source in the host, e.g. `oneroster:district-42`. sourcedIds are only unique
   * within one source, so matching and ownership are per namespace. A host syncing several
   * districts or sources must give each its own.
   * @default `${roster.source.kind}` of the incoming roster
   */
  namespace: z.string().min(1).optional(),
  /** Policies per user role category (see `roleCategory`). */
  roles: z
    .strictObject({
      student: entity(),
      teacher: entity(),
      staff: entity(),
      schoolAdmin: entity(),
      districtAdmin: entity(),
      contact: entity(),
    })
    .prefault({}),
  /** Policies per non-user entity. */
  entities: z
    .strictObject({
      orgs: entity(),
      academicSessions: entity(),
      courses: entity(),
      classes: entity(),
      enrollments: entity(),
      // Demographics are a privileged category: off unless a district opts in.
      demographics: EntityPolicySchema.prefault({ sync: false }),
    })
    .prefault({}),
  /**
   * Fallback keys tried, in order, for users no host record knows by sourcedId. Only host records
   * not yet linked to any source are matched this way; ambiguous matches become conflicts.
   * @default ['email']
   */
  userMatchKeys: z.array(z.enum(USER_MATCH_KEYS)).default(['email']),
  /** School matching. */
  schools: SchoolPolicySchema.prefault({}),
  /**
   * Largest share of the existing records of a role category, a school or an entity that a plan
   * may archive without a person's approval (0–1).
   * @default 0.1
   */
  archiveThreshold: z.number().min(0).max(1).default(0.1),
})
/** The complete merge policy (every field filled). */
export type MergePolicy = z.output<typeof MergePolicySchema>
/** A merge policy as a caller writes it: every field optional, defaults fill the rest. */
export type MergePolicyInput = z.input<typeof MergePolicySchema>

/** Entities with their own policy (users are governed by role category instead). */
export type PolicyEntity = keyof MergePolicy['entities']

/**
 * Builds a complete merge policy from a partial one.
 * @param input - the settings the district chose; omitted fields take their defaults
 * @throws {ConfigurationError} when the input does not match {@link MergePolicySchema}; an unknown key
 *   (a typo such as `archiveTreshold`) is refused with its path and the closest known key
 * @example
 * ```ts
 * const policy = createMergePolicy({
 *   namespace: 'oneroster:district-42',
 *   roles: { student: { existing: 'autoUpdate', archive: true }, contact: { sync: false } },
 * })
 * ```
 */
export function createMergePolicy(input: MergePolicyInput = {}): MergePolicy {
  return parseConfiguration(MergePolicySchema, input, 'merge policy')
}

/** The default merge policy: create, never update existing records, never archive, no demographics. */
export const defaultMergePolicy: MergePolicy = createMergePolicy()

/**
 * The policy that governs one user role category.
 * @param policy - a complete policy
 * @param category - a role category
 */
export function rolePolicy(policy: MergePolicy, category: RoleCategory): EntityPolicy {
  return policy.roles[category]
}
