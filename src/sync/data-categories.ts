import type { MergePolicyInput } from '../merge/index.js'

/**
 * The data-category switches a vendor's setup screen shows, mapped onto the merge policy.
 *
 * @module
 */

/**
 * Which kinds of data a district shares with the host. A switch left out keeps what the merge
 * policy says (by default everything but demographics syncs).
 */
export interface DataCategories {
  /** Student accounts (role category `student`). */
  students?: boolean | undefined
  /** Teacher accounts (role category `teacher`). */
  teachers?: boolean | undefined
  /** Classes and who is enrolled in them. */
  classRosters?: boolean | undefined
  /** School administrators and principals (role category `schoolAdmin`). */
  schoolAdmins?: boolean | undefined
  /** District administrators (role category `districtAdmin`). */
  districtAdmins?: boolean | undefined
  /** Parents, guardians and other contacts (role category `contact`). */
  parentContacts?: boolean | undefined
}

type Roles = NonNullable<MergePolicyInput['roles']>
type Entities = NonNullable<MergePolicyInput['entities']>

const ROLE_SWITCHES = {
  students: 'student',
  teachers: 'teacher',
  schoolAdmins: 'schoolAdmin',
  districtAdmins: 'districtAdmin',
  parentContacts: 'contact',
} as const satisfies Partial<Record<keyof DataCategories, keyof Roles>>

/**
 * Folds data-category switches into a merge policy: each switch sets `sync` of the role or
 * entities it governs, leaving every other setting of the policy as it is.
 * @param policy - the merge policy as the host configured it
 * @param categories - the district's switches
 * @returns a new policy input; the arguments are not modified
 * @example
 * ```ts
 * const policy = applyDataCategories({ roles: { student: { existing: 'autoUpdate' } } }, { parentContacts: false })
 * ```
 */
export function applyDataCategories(policy: MergePolicyInput, categories: DataCategories): MergePolicyInput {
  const roles: Roles = { ...(policy.roles ?? {}) }
  for (const [key, role] of Object.entries(ROLE_SWITCHES) as Array<[keyof typeof ROLE_SWITCHES, keyof Roles]>) {
    const on = categories[key]
    if (on !== undefined) roles[role] = { ...(roles[role] ?? {}), sync: on }
  }
  const entities: Entities = { ...(policy.entities ?? {}) }
  if (categories.classRosters !== undefined) {
    entities.classes = { ...(entities.classes ?? {}), sync: categories.classRosters }
    entities.enrollments = { ...(entities.enrollments ?? {}), sync: categories.classRosters }
  }
  return { ...policy, roles, entities }
}
