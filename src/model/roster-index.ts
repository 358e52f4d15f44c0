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
  // One hash operation per record: a million records pass through here. A set that does not grow
  // the map is a duplicate; those are rare and put back to their first occurrence afterwards.
  let duplicates: Set<string> | undefined
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as T
    const size = map.size
    if (map.set(item.sourcedId, item).size !== size) continue
    duplicates ??= new Set()
    duplicates.add(item.sourcedId)
  }
  // First occurrence wins; duplicates are the validator's business, not the index's.
  if (duplicates !== undefined) {
    for (const item of items) {
      if (duplicates.delete(item.sourcedId)) map.set(item.sourcedId, item)
      if (duplicates.size === 0) break
    }
  }
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

/** Defines `name` on `target` as a getter that computes `build()` once, on first read. */
function lazy<T extends object, K extends keyof T>(target: T, name: K, build: () => T[K]): void {
  Object.defineProperty(target, name, {
    enumerable: true,
    configurable: true,
    get(): T[K] {
      const value = build()
      Object.defineProperty(target, name, { value, enumerable: true, writable: false, configurable: false })
      return value
    },
  })
}

/**
 * Returns the indexes of a roster. Each index is built on first use and then kept, so a consumer
 * pays only for the lookups it makes (a million-enrollment map is not built for a rule that never
 * asks for it). The roster must not be mutated afterwards: indexes are cached per roster object.
 * @param roster - a canonical roster
 */
export function indexRoster(roster: Roster): RosterIndex {
  const cached = cache.get(roster)
  if (cached) return cached
  const index = {} as { -readonly [K in keyof RosterIndex]: RosterIndex[K] }
  lazy(index, 'orgs', () => byId(roster.orgs))
  lazy(index, 'academicSessions', () => byId(roster.academicSessions))
  lazy(index, 'courses', () => byId(roster.courses))
  lazy(index, 'classes', () => byId(roster.classes))
  lazy(index, 'users', () => byId(roster.users))
  lazy(index, 'enrollments', () => byId(roster.enrollments))
  lazy(index, 'demographics', () => byId(roster.demographics))
  const userGroups = once(() => groupUsers(roster.users))
  lazy(index, 'usersByOrg', () => userGroups().byOrg)
  lazy(index, 'usersByCategory', () => userGroups().byCategory)
  const enrollmentGroups = once(() => groupEnrollments(roster.enrollments))
  lazy(index, 'enrollmentsByClass', () => enrollmentGroups().byClass)
  lazy(index, 'enrollmentsByUser', () => enrollmentGroups().byUser)
  lazy(index, 'classesBySchool', () => {
    const bySchool = new Map<string, Class[]>()
    for (const cls of roster.classes) push(bySchool, cls.schoolSourcedId, cls)
    return bySchool
  })
  cache.set(roster, index)
  return index
}

function once<T>(build: () => T): () => T {
  let value: T | undefined
  let built = false
  return () => {
    if (!built) {
      value = build()
      built = true
    }
    return value as T
  }
}

function groupUsers(users: readonly User[]): {
  byOrg: Map<string, User[]>
  byCategory: Map<RoleCategory, User[]>
} {
  const byOrg = new Map<string, User[]>()
  const byCategory = new Map<RoleCategory, User[]>()
  for (const user of users) {
    // Most users hold one role; avoid allocating Sets for them.
    const roles = user.roles
    if (roles.length === 1) {
      const role = roles[0] as (typeof roles)[number]
      push(byOrg, role.orgSourcedId, user)
      push(byCategory, roleCategory(role.role), user)
      continue
    }
    const orgs = new Set<string>()
    const categories = new Set<RoleCategory>()
    for (const role of roles) {
      orgs.add(role.orgSourcedId)
      categories.add(roleCategory(role.role))
    }
    for (const org of orgs) push(byOrg, org, user)
    for (const category of categories) push(byCategory, category, user)
  }
  return { byOrg, byCategory }
}

function groupEnrollments(enrollments: readonly Enrollment[]): {
  byClass: Map<string, Enrollment[]>
  byUser: Map<string, Enrollment[]>
} {
  const byClass = new Map<string, Enrollment[]>()
  const byUser = new Map<string, Enrollment[]>()
  for (const enrollment of enrollments) {
    push(byClass, enrollment.classSourcedId, enrollment)
    push(byUser, enrollment.userSourcedId, enrollment)
  }
  return { byClass, byUser }
}
