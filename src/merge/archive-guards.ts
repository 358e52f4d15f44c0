import type { Roster, RosterCollection, User } from '../model/index.js'
import { primaryRoleCategory } from '../model/index.js'
import type { ApprovalReason, ArchiveAction, ArchiveBlock, HostRecord, MergeEntity } from './types.js'

/**
 * The safety guards on archiving: no archive from data that cannot prove it is complete, and no
 * large share of a role, a school or an entity archived without a person's approval.
 *
 * @module
 */

/**
 * Why archives of `entity` must be withheld for this roster, or `undefined` when they may go ahead.
 * @param roster - the incoming roster
 * @param entity - the entity
 */
export function archiveBlockReason(roster: Roster, entity: MergeEntity): string | undefined {
  if (!roster.complete) return 'the incoming roster is incomplete, so absence proves nothing'
  const completeness = roster.completeness[entity as RosterCollection]
  if (completeness === undefined) return `the ${entity} collection was not read`
  if (!completeness.complete) {
    return `the ${entity} collection is incomplete${completeness.reason ? `: ${completeness.reason}` : ''}`
  }
  return undefined
}

/** Archive blocks of every entity, for the plan. */
export function archiveBlocks(roster: Roster, entities: readonly MergeEntity[]): ArchiveBlock[] {
  const blocks: ArchiveBlock[] = []
  for (const entity of entities) {
    const reason = archiveBlockReason(roster, entity)
    if (reason !== undefined) blocks.push({ entity, reason })
  }
  return blocks
}

/** Schools a host user belongs to (every org of its roles). */
export function userSchools(user: User): string[] {
  const schools = new Set<string>()
  for (const role of user.roles) schools.add(role.orgSourcedId)
  return [...schools]
}

/** Counts per (scope, entity, subject), kept in nested maps so counting builds no key string. */
class Tally {
  readonly totals = new Map<string, Map<MergeEntity, Map<string, number>>>()
  add(scope: ApprovalReason['scope'], entity: MergeEntity, subject: string, by = 1): void {
    let byEntity = this.totals.get(scope)
    if (byEntity === undefined) {
      byEntity = new Map()
      this.totals.set(scope, byEntity)
    }
    let bySubject = byEntity.get(entity)
    if (bySubject === undefined) {
      bySubject = new Map()
      byEntity.set(entity, bySubject)
    }
    bySubject.set(subject, (bySubject.get(subject) ?? 0) + by)
  }
  get(scope: string, entity: MergeEntity, subject: string): number {
    return this.totals.get(scope)?.get(entity)?.get(subject) ?? 0
  }
  *entries(): Generator<{ scope: ApprovalReason['scope']; entity: MergeEntity; subject: string; n: number }> {
    for (const [scope, byEntity] of this.totals)
      for (const [entity, bySubject] of byEntity)
        for (const [subject, n] of bySubject) yield { scope: scope as ApprovalReason['scope'], entity, subject, n }
  }
}

function tallyRecord(tally: Tally, entity: MergeEntity, record: object): void {
  if (entity === 'users') {
    const user = record as User
    const category = primaryRoleCategory(user)
    if (category !== undefined) tally.add('role', entity, category)
    const roles = user.roles
    for (let i = 0; i < roles.length; i++) {
      const school = (roles[i] as User['roles'][number]).orgSourcedId
      let seen = false
      for (let j = 0; j < i && !seen; j++) seen = (roles[j] as User['roles'][number]).orgSourcedId === school
      if (!seen) tally.add('school', entity, school)
    }
    return
  }
  tally.add('entity', entity, entity)
  if (entity === 'classes' || entity === 'enrollments') {
    const school = (record as { schoolSourcedId?: string }).schoolSourcedId
    if (school !== undefined) tally.add('school', entity, school)
  }
}

/**
 * Approval reasons for a plan whose archives exceed `threshold` of the records this source owns,
 * per role category (users), per school (users, classes, enrollments) and per entity (the rest).
 * @param owned - the host records this source created and that are not archived, per entity
 * @param archives - the plan's archive actions with their host records
 * @param threshold - largest share archived without approval
 */
export function approvalReasons(
  owned: ReadonlyMap<MergeEntity, readonly HostRecord[]>,
  archives: ReadonlyArray<{ action: ArchiveAction; host: HostRecord }>,
  threshold: number,
): ApprovalReason[] {
  if (archives.length === 0) return []
  const archived = new Tally()
  const entities = new Set<MergeEntity>()
  for (const { action, host } of archives) {
    tallyRecord(archived, action.entity, host.record)
    entities.add(action.entity)
  }
  const totals = new Tally()
  for (const [entity, records] of owned) {
    // Only entities with archives are compared against their totals.
    if (entities.has(entity)) for (const host of records) tallyRecord(totals, entity, host.record)
  }
  const reasons: ApprovalReason[] = []
  for (const entry of archived.entries()) {
    const total = Math.max(totals.get(entry.scope, entry.entity, entry.subject), entry.n)
    const share = entry.n / total
    if (share <= threshold) continue
    const what =
      entry.scope === 'role'
        ? `${entry.subject} users`
        : entry.scope === 'school'
          ? `${entry.entity} of school ${entry.subject}`
          : entry.entity
    reasons.push({
      scope: entry.scope,
      entity: entry.entity,
      subject: entry.subject,
      archived: entry.n,
      total,
      share,
      message: `The plan archives ${entry.n} of ${total} ${what} (${(share * 100).toFixed(1)}%), above the ${(threshold * 100).toFixed(1)}% threshold`,
    })
  }
  const order = { role: 0, entity: 1, school: 2 } as const
  return reasons.sort((a, b) => order[a.scope] - order[b.scope] || cmp(a.entity, b.entity) || cmp(a.subject, b.subject))
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
