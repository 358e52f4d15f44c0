import type { AcademicSession } from '../../model/index.js'
import { type CleverMappingContext, cleverProvenance } from './mapping-context.js'
import type { CleverTerm } from './wire-schemas.js'
import { cleverDateToIsoDate, leftovers, present } from './wire-values.js'

/**
 * Clever terms → canonical academic sessions of type `term`.
 *
 * @module
 */

/**
 * Maps a Clever term to a session of type `term`. The school year is the year of the end date.
 * A term with one date missing runs on that one day; a term with neither date cannot be placed in
 * time and maps to `undefined` (classes that name it keep the reference for the validator to flag).
 * @param term - a term as read from `/terms`
 * @param ctx - the mapping context
 */
export function toCanonicalTerm(term: CleverTerm, ctx: CleverMappingContext): AcademicSession | undefined {
  const start = cleverDateToIsoDate(term.start_date)
  const end = cleverDateToIsoDate(term.end_date)
  const startDate = start ?? end
  const endDate = end ?? start
  if (startDate === undefined || endDate === undefined) return undefined
  const org = present(term.district)
  const metadata = leftovers(term, ['id', 'name', 'start_date', 'end_date', 'district'])
  return {
    sourcedId: term.id,
    status: 'active',
    title: present(term.name) ?? term.id,
    type: 'term',
    startDate,
    endDate,
    schoolYear: endDate.slice(0, 4),
    ...(org === undefined ? {} : { orgSourcedId: org }),
    ...(metadata === undefined ? {} : { metadata }),
    provenance: cleverProvenance(ctx),
  }
}
