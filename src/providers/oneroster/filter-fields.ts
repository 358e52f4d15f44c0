import type { OneRosterVersion, WireRecordKind } from './wire/field-spec.js'

/**
 * The filter fields that OneRoster 1.1 and 1.2 name differently, so one filter reads the same on
 * either version.
 *
 * @module
 */

// A 1.1 user carries one `role`; a 1.2 user carries a `roles` list of `{ role, roleType, org }`, and
// a 1.2 server answers `role='student'` with 400 invalid_filter_field. The spec's dot paths reach
// into the list (`roles.role='student'` matches a user with that role in any org), so the same
// intent is written per version.
const USER_FIELDS: Readonly<Record<OneRosterVersion, Readonly<Record<string, string>>>> = {
  '1.1': { 'roles.role': 'role' },
  '1.2': { role: 'roles.role' },
}

/**
 * How filter fields are written for one version and kind of record: `where('role')` on users is
 * `role` in 1.1 and `roles.role` in 1.2 (either spelling is accepted on either version).
 * @param version - the OneRoster version the client speaks
 * @param kind - the kind of record the collection holds
 * @returns field renames for `Filter.toString`
 */
export function filterFieldNames(version: OneRosterVersion, kind: WireRecordKind): Readonly<Record<string, string>> {
  return kind === 'user' ? USER_FIELDS[version] : {}
}
