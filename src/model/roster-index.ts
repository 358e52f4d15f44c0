import type { AcademicSession, Class, Course, Demographics, Enrollment, Org, User } from './records.js'
import type { Roster } from './roster.js'
import { type RoleCategory, roleCategory } from './vocabulary.js'

/**
 * Lookup indexes over a roster, built once per roster object and shared by every consumer
 * (validator, merge engine, reports) so a million enrollments are walked once, not once per rule.
 *
 * @module
 */

/** Maps and groupings over one roster. Treat as read-only. */
export interface RosterIndex {
  /** Orgs by sourcedId. */
  readonly orgs: ReadonlyMap<string, Org>
  /** Academic sessions by sourcedId. */
  readonly academicSessions: ReadonlyMap<string, AcademicSession>
  /** Courses by sourcedId. */
  readonly courses: ReadonlyMap<string, Course>
  /** Classes by sourcedId. */
  readonly classes: ReadonlyMap<string, Class>
  /** Users by sourcedId. */
  readonly users: ReadonlyMap<string, User>
  /** Enrollments by sourcedId. */
  readonly enrollments: ReadonlyMap<string, Enrollment>
  /** Demographics by sourcedId (= user sourcedId). */
  readonly demographics: ReadonlyMap<string, Demographics>
  /** Users holding any role at an org, by org sourcedId. */
  readonly usersByOrg: ReadonlyMap<string, readonly User[]>
  /** Users by the category of any role they hold. */
  readonly usersByCategory: ReadonlyMap<RoleCategory, readonly User[]>
  /** Enrollments by class sourcedId. */
  readonly enrollmentsByClass: ReadonlyMap<string, readonly Enrollment[]>
  /** Enrollments by user sourcedId. */
  readonly enrollmentsByUser: ReadonlyMap<string, readonly Enrollment[]>
  /** Classes by school sourcedId. */
  readonly classesBySchool: ReadonlyMap<string, readonly Class[]>
}

const cache = new WeakMap<Roster, RosterIndex>()

function byId<T extends { sourcedId: string }>(items: readonly T[]): Map<string, T> {
  const map = new Map<string, T>()
  // First occurrence wins; duplicates are the validator's business, not the index's.
  for (const item of items) if (!map.has(item.sourcedId)) map.set(item.sourcedId, item)
  return map
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

/**
 * Primary role category of a user: the category of the primary role, else of the first role.
 * Users without roles have no category.
 * @param user - a canonical user
 */
export function primaryRoleCategory(user: User): RoleCategory | undefined {
  const primary = user.roles.find((r) => r.roleType === 'primary') ?? user.roles[0]
  return primary ? roleCategory(primary.role) : undefined
}

/**
 * Returns the indexes of a roster, building them on first use. The roster must not be mutated
 * afterwards (indexes are cached per roster object).
 * @param roster - a canonical roster
 */
export function indexRoster(roster: Roster): RosterIndex {
  const cached = cache.get(roster)
  if (cached) return cached
  const usersByOrg = new Map<string, User[]>()
  const usersByCategory = new Map<RoleCategory, User[]>()
  for (const user of roster.users) {
    const orgs = new Set<string>()
    const categories = new Set<RoleCategory>()
    for (const role of user.roles) {
      orgs.add(role.orgSourcedId)
      categories.add(roleCategory(role.role))
    }
    for (const org of orgs) push(usersByOrg, org, user)
    for (const category of categories) push(usersByCategory, category, user)
  }
  const enrollmentsByClass = new Map<string, Enrollment[]>()
  const enrollmentsByUser = new Map<string, Enrollment[]>()
  for (const enrollment of roster.enrollments) {
    push(enrollmentsByClass, enrollment.classSourcedId, enrollment)
    push(enrollmentsByUser, enrollment.userSourcedId, enrollment)
  }
  const classesBySchool = new Map<string, Class[]>()
  for (const cls of roster.classes) push(classesBySchool, cls.schoolSourcedId, cls)
  const index: RosterIndex = {
    orgs: byId(roster.orgs),
    academicSessions: byId(roster.academicSessions),
    courses: byId(roster.courses),
    classes: byId(roster.classes),
    users: byId(roster.users),
    enrollments: byId(roster.enrollments),
    demographics: byId(roster.demographics),
    usersByOrg,
    usersByCategory,
    enrollmentsByClass,
    enrollmentsByUser,
    classesBySchool,
  }
  cache.set(roster, index)
  return index
}
