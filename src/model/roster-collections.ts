/**
 * The names of a roster's collections, on their own so that every model module can use them without
 * importing the roster container.
 *
 * @module
 */

/** Names of the collections a roster holds, in dependency order. */
export const ROSTER_COLLECTIONS = [
  'orgs',
  'academicSessions',
  'courses',
  'classes',
  'users',
  'enrollments',
  'demographics',
] as const
/** Name of a roster collection. */
export type RosterCollection = (typeof ROSTER_COLLECTIONS)[number]
