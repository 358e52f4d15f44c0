import type { ExistingRecords, HostRecord } from '../merge/index.js'
import type { Org, Roster } from '../model/index.js'

/**
 * School scoping: when several schools share one SIS and a district licenses only some of them, the
 * sync reads the whole roster and keeps the records of the schools in scope.
 *
 * @module
 */

/** What scoping kept and dropped. */
export interface ScopedRoster {
  /** The roster restricted to the schools in scope. */
  roster: Roster
  /** sourcedIds of the schools in scope. */
  schoolIds: ReadonlySet<string>
  /** Selectors that matched no school of the roster or the host. */
  unmatched: string[]
  /** Records dropped, per collection. */
  dropped: Partial<Record<keyof Roster, number>>
}

function matches(org: Pick<Org, 'sourcedId' | 'identifier' | 'ncesId' | 'stateId'>, selector: string): boolean {
  return (
    org.sourcedId === selector || org.identifier === selector || org.ncesId === selector || org.stateId === selector
  )
}

/**
 * Restricts a roster to the schools in scope. A selector is a school's sourcedId, identifier, NCES
 * id or state id, looked up among the roster's orgs and the host's orgs linked to this source (a
 * delta roster rarely carries its schools). District-level records (the district org, courses and
 * sessions without a school, users whose roles are all at the district) are kept; users are kept
 * when they hold a role at a school in scope, guardians when one of their students is kept.
 * @param roster - the pulled roster
 * @param selectors - the schools in scope (`districtParameters.schools`)
 * @param existing - the host's records, to resolve selectors a delta roster cannot
 * @param namespace - the source's namespace in the host
 */
export function scopeRoster(
  roster: Roster,
  selectors: readonly string[],
  existing: ExistingRecords,
  namespace: string,
): ScopedRoster {
  const hostOrgs = ((existing.orgs ?? []) as readonly HostRecord<Org>[])
    .filter((h) => h.origin?.namespace === namespace)
    .map((h) => h.record)
  const known = [...roster.orgs, ...hostOrgs]
  const schoolIds = new Set<string>()
  const unmatched: string[] = []
  for (const selector of selectors) {
    const found = known.filter((org) => matches(org, selector))
    for (const org of found) schoolIds.add(org.sourcedId)
    if (found.length === 0) unmatched.push(selector)
  }
  const schoolOrgs = new Set(known.filter((o) => o.type === 'school').map((o) => o.sourcedId))
  // An org outside scope is a school not selected; the district and other orgs stay.
  const outOfScope = (orgId: string | undefined): boolean =>
    orgId !== undefined && schoolOrgs.has(orgId) && !schoolIds.has(orgId)

  const dropped: ScopedRoster['dropped'] = {}
  const keep = <T>(name: keyof Roster, records: readonly T[], kept: (r: T) => boolean): T[] => {
    const out = records.filter(kept)
    if (out.length < records.length) dropped[name] = records.length - out.length
    return out
  }
  const allUsers = new Set(roster.users.map((u) => u.sourcedId))
  const atKeptOrg = new Set(
    roster.users
      .filter((u) => u.roles.length === 0 || u.roles.some((r) => !outOfScope(r.orgSourcedId)))
      .map((u) => u.sourcedId),
  )
  // Guardians often carry district roles only: keep those with a student who stays.
  const finalUsers = keep('users', roster.users, (u) => {
    if (!atKeptOrg.has(u.sourcedId)) return false
    if (u.agentSourcedIds.length === 0 || u.roles.some((r) => schoolIds.has(r.orgSourcedId))) return true
    const students = u.agentSourcedIds.filter((id) => allUsers.has(id))
    return students.length === 0 || students.some((id) => atKeptOrg.has(id))
  })
  const finalIds = new Set(finalUsers.map((u) => u.sourcedId))
  // Kept users lose their links to what was left out, so the host never sees a dangling reference.
  const projectedUsers = finalUsers.map((u) => {
    const roles = u.roles.filter((r) => !outOfScope(r.orgSourcedId))
    const agents = u.agentSourcedIds.filter((id) => !allUsers.has(id) || finalIds.has(id))
    const primaryGone = outOfScope(u.primaryOrgSourcedId)
    if (roles.length === u.roles.length && agents.length === u.agentSourcedIds.length && !primaryGone) return u
    const { primaryOrgSourcedId, ...rest } = u
    return {
      ...rest,
      roles,
      agentSourcedIds: agents,
      ...(primaryGone || primaryOrgSourcedId === undefined ? {} : { primaryOrgSourcedId }),
    }
  })
  return {
    roster: {
      ...roster,
      orgs: keep('orgs', roster.orgs, (o) => !outOfScope(o.sourcedId)),
      courses: keep('courses', roster.courses, (c) => !outOfScope(c.orgSourcedId)),
      classes: keep('classes', roster.classes, (c) => !outOfScope(c.schoolSourcedId)),
      users: projectedUsers,
      enrollments: keep('enrollments', roster.enrollments, (e) => !outOfScope(e.schoolSourcedId)),
      // A delta may carry demographics of a user it does not carry: those stay.
      demographics: keep(
        'demographics',
        roster.demographics,
        (d) => finalIds.has(d.sourcedId) || !allUsers.has(d.sourcedId),
      ),
    },
    schoolIds,
    unmatched,
    dropped,
  }
}
