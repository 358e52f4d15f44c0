import type { Org } from '../../model/index.js'
import { type CleverMappingContext, cleverProvenance } from './mapping-context.js'
import type { CleverDistrict, CleverSchool } from './wire-schemas.js'
import { leftovers, present, toDateTime } from './wire-values.js'

/**
 * Clever districts and schools → canonical orgs.
 *
 * @module
 */

/**
 * Maps a Clever district to an org of type `district`; its NCES id becomes the identifier.
 * @param district - a district as read from `/districts`
 * @param ctx - the mapping context
 */
export function toCanonicalDistrict(district: CleverDistrict, ctx: CleverMappingContext): Org {
  const ncesId = present(district.nces_id)
  const modified = toDateTime(district.last_modified)
  const metadata = leftovers(district, ['id', 'name', 'nces_id', 'last_modified'])
  return {
    sourcedId: district.id,
    status: 'active',
    ...(modified === undefined ? {} : { dateLastModified: modified }),
    name: present(district.name) ?? district.id,
    type: 'district',
    ...(ncesId === undefined ? {} : { identifier: ncesId, ncesId }),
    ...(metadata === undefined ? {} : { metadata }),
    provenance: cleverProvenance(ctx),
  }
}

/**
 * Maps a Clever school to an org of type `school` under its district. The school number (else the
 * SIS id) becomes the identifier; grades, phone, address and principal stay in `metadata`.
 * @param school - a school as read from `/schools`
 * @param ctx - the mapping context
 */
export function toCanonicalSchool(school: CleverSchool, ctx: CleverMappingContext): Org {
  const schoolNumber = present(school.school_number)
  const sisId = present(school.sis_id)
  const identifier = schoolNumber ?? sisId
  const ncesId = present(school.nces_id)
  const stateId = present(school.state_id)
  const parent = present(school.district)
  const modified = toDateTime(school.last_modified)
  const used = ['id', 'name', 'nces_id', 'state_id', 'district', 'last_modified', 'school_number']
  if (schoolNumber === undefined) used.push('sis_id')
  const metadata = leftovers(school, used)
  return {
    sourcedId: school.id,
    status: 'active',
    ...(modified === undefined ? {} : { dateLastModified: modified }),
    name: present(school.name) ?? school.id,
    type: 'school',
    ...(identifier === undefined ? {} : { identifier }),
    ...(ncesId === undefined ? {} : { ncesId }),
    ...(stateId === undefined ? {} : { stateId }),
    ...(parent === undefined ? {} : { parentSourcedId: parent }),
    ...(metadata === undefined ? {} : { metadata }),
    provenance: cleverProvenance(ctx),
  }
}
