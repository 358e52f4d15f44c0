import type { ExistingRecords, FieldChange, MergeAction, MergeEntity, MergePlan, SkipReason } from '../merge/index.js'
import { MERGE_ENTITIES } from '../merge/index.js'
import type { Enrollment, Roster, User } from '../model/index.js'
import type {
  ReportArchive,
  ReportChanges,
  ReportFieldChange,
  ReportRecordRef,
  ReportSkipGroup,
  ReportUpdate,
} from './report-data.js'

/**
 * Names the records of a plan for people (users by name, classes by title, enrollments as "who in
 * which class", schools by name) and lists what changes, so a person asked to approve "45 of 300
 * students archived" sees which 45.
 *
 * @module
 */

/** Skipped records listed per reason. */
const SKIP_EXAMPLES = 5
/** Longest value shown for a field before it is cut. */
const VALUE_CHARS = 120

/** Reasons records are skipped, for people. */
export const SKIP_LABELS: Readonly<Record<SkipReason, string>> = {
  'not-synced': 'Not synced: this data is turned off in the policy (demographics are off by default)',
  'create-disabled': 'New records not created: creating is off in the policy',
  'existing-skip': 'Differences not written: existing records are kept as they are (existing: skip)',
  'host-edited': 'Kept: a person edited these fields in your application',
  'school-unmatched': 'Waiting for their school to be matched to one of your schools',
  'reference-missing': 'Refer to a record that is neither in your application nor created by this sync',
  'no-role': 'Users without a role',
  'archive-disabled': 'Gone from the source but not archived: archiving is off in the policy',
  'archive-blocked': 'Gone from the source but not archived: the pull could not prove they are gone',
  'not-owned': 'Gone from the source, left alone: they were not created by this sync',
  'deleted-at-source': 'Deleted at the source and not in your application',
  'already-archived': 'Already archived',
}

/** Names of records by entity and sourcedId, from the host's records and the incoming ones. */
export interface NameLookup {
  /** A record's name for people, or its sourcedId when unknown. */
  name(entity: MergeEntity, sourcedId: string): string
  /** A school's name, or its sourcedId when unknown. */
  school(sourcedId: string): string
}

type Named = { sourcedId: string } & Partial<{
  name: string
  title: string
  givenName: string
  familyName: string
  userSourcedId: string
  classSourcedId: string
}>

/**
 * Collects names from the host's records and from incoming records (the roster of a preview, or the
 * records a plan carries); incoming names win, as they are what the sync writes.
 * @param existing - the host's records
 * @param incoming - incoming records per entity
 */
export function createNameLookup(
  existing: ExistingRecords,
  incoming: Partial<Record<MergeEntity, readonly Named[]>>,
): NameLookup {
  // Built per entity on first use: most reports only ever name users, classes and schools.
  const maps = new Map<MergeEntity, Map<string, Named>>()
  const mapOf = (entity: MergeEntity): Map<string, Named> => {
    let map = maps.get(entity)
    if (map) return map
    map = new Map()
    for (const host of existing[entity] ?? []) map.set(host.record.sourcedId, host.record as Named)
    for (const record of incoming[entity] ?? []) map.set(record.sourcedId, record)
    maps.set(entity, map)
    return map
  }
  const get = (entity: MergeEntity, id: string) => mapOf(entity).get(id)
  const userName = (u: Named | undefined) =>
    u?.givenName !== undefined || u?.familyName !== undefined
      ? `${u.givenName ?? ''} ${u.familyName ?? ''}`.trim() || u.sourcedId
      : undefined
  const name = (entity: MergeEntity, id: string): string => {
    const r = get(entity, id)
    switch (entity) {
      case 'users':
      case 'demographics':
        return userName(get('users', id)) ?? id
      case 'enrollments': {
        if (!r?.userSourcedId || !r.classSourcedId) return id
        return `${name('users', r.userSourcedId)} in ${name('classes', r.classSourcedId)}`
      }
      default:
        return r?.name ?? r?.title ?? id
    }
  }
  return { name, school: (id) => get('orgs', id)?.name ?? id }
}

/**
 * A name lookup for a preview: the host's records and the pulled roster.
 * @param existing - the host's records
 * @param roster - the pulled roster
 */
export function lookupFromRoster(existing: ExistingRecords, roster: Roster): NameLookup {
  return createNameLookup(existing, roster)
}

/**
 * A name lookup for a plan without its roster (a preview read back from JSON): the host's records
 * and the records the plan creates and updates.
 * @param existing - the host's records
 * @param plan - the plan
 */
export function lookupFromPlan(existing: ExistingRecords, plan: MergePlan): NameLookup {
  const incoming: Partial<Record<MergeEntity, Named[]>> = {}
  for (const entity of MERGE_ENTITIES) {
    const records: Named[] = []
    for (const action of plan.actions[entity] as MergeAction[]) {
      if (action.kind === 'create' || action.kind === 'update') records.push(action.record as Named)
    }
    incoming[entity] = records
  }
  return createNameLookup(existing, incoming)
}

/**
 * A value as text for people: strings as they are, lists joined, roles as "role at school",
 * anything else as compact JSON, cut at a readable length.
 */
function showValue(field: string, value: unknown, lookup: NameLookup): string {
  if (value === undefined || value === null || value === '') return '(empty)'
  let text: string
  if (field === 'roles' && Array.isArray(value)) {
    text = (value as User['roles'])
      .map((r) => `${r.role} at ${lookup.school(r.orgSourcedId)}${r.roleType === 'secondary' ? ' (secondary)' : ''}`)
      .join(', ')
  } else if (typeof value === 'string') text = value
  else if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) text = value.join(', ')
  else text = JSON.stringify(value) ?? String(value)
  return text.length > VALUE_CHARS ? `${text.slice(0, VALUE_CHARS - 1)}…` : text
}

function fieldChanges(entity: MergeEntity, changes: readonly FieldChange[], lookup: NameLookup): ReportFieldChange[] {
  // Demographics are privileged: a report says which fields change, never their values.
  if (entity === 'demographics') return changes.map((c) => ({ field: c.field, before: '(hidden)', after: '(hidden)' }))
  return changes.map((c) => ({
    field: c.field,
    before: showValue(c.field, c.before, lookup),
    after: showValue(c.field, c.after, lookup),
  }))
}

function ref(action: MergeAction, lookup: NameLookup): ReportRecordRef {
  const out: ReportRecordRef = {
    entity: action.entity,
    sourcedId: action.key,
    name: lookup.name(action.entity, action.key),
  }
  if ('hostId' in action && typeof action.hostId === 'string') out.hostId = action.hostId
  if (action.category !== undefined) out.role = action.category
  if (action.school !== undefined) out.school = lookup.school(action.school)
  if (action.entity === 'enrollments' && 'record' in action) {
    const e = action.record as Enrollment
    out.name = `${lookup.name('users', e.userSourcedId)} in ${lookup.name('classes', e.classSourcedId)} (${e.role})`
  }
  return out
}

/** Records each list of a report holds unless the sync says otherwise. */
export const DEFAULT_RECORD_LIMIT = 10_000

/**
 * Lists what a plan changes, record by record, with names.
 * @param plan - the plan
 * @param lookup - names of the records (see {@link lookupFromRoster}, {@link lookupFromPlan})
 * @param limit - records per list; the rest are counted in `omitted`
 */
export function describeChanges(plan: MergePlan, lookup: NameLookup, limit = DEFAULT_RECORD_LIMIT): ReportChanges {
  const archives: ReportArchive[] = []
  const updates: ReportUpdate[] = []
  const creates: ReportRecordRef[] = []
  // A first sync of a large district creates millions of records: name only what a list keeps.
  const omitted = { archives: 0, updates: 0, creates: 0 }
  const skips = new Map<SkipReason, ReportSkipGroup>()
  for (const entity of MERGE_ENTITIES) {
    for (const action of plan.actions[entity] as MergeAction[]) {
      switch (action.kind) {
        case 'archive':
          if (archives.length >= limit) omitted.archives++
          else archives.push({ ...ref(action, lookup), reason: action.reason })
          break
        case 'update':
          if (updates.length >= limit) {
            omitted.updates++
            break
          }
          updates.push({
            ...ref(action, lookup),
            fields: fieldChanges(entity, action.changes, lookup),
            linked: action.link,
            restored: action.restore,
          })
          break
        case 'create':
          if (creates.length >= limit) omitted.creates++
          else creates.push(ref(action, lookup))
          break
        case 'skip': {
          let group = skips.get(action.reason)
          if (!group) {
            group = { reason: action.reason, label: SKIP_LABELS[action.reason], count: 0, byEntity: {}, examples: [] }
            skips.set(action.reason, group)
          }
          group.count++
          group.byEntity[entity] = (group.byEntity[entity] ?? 0) + 1
          if (group.examples.length < SKIP_EXAMPLES) {
            const example = ref(action, lookup)
            if (action.detail !== undefined) example.detail = action.detail
            group.examples.push(example)
          }
          break
        }
        default:
          break
      }
    }
  }
  return {
    archives,
    updates,
    creates,
    skips: [...skips.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    omitted,
  }
}
