import { describe, expect, it } from 'vitest'
import { createRoster } from '../../src/model/index.js'
import { cleverToCanonical } from '../../src/providers/clever/map-roster.js'
import {
  CleverCourseSchema,
  CleverDistrictSchema,
  CleverSchoolSchema,
  CleverSectionSchema,
  CleverTermSchema,
  CleverUserSchema,
} from '../../src/providers/clever/wire-schemas.js'
import { toCleverWire } from '../../src/testing/clever-server/to-clever-wire.js'
import { generateDistrict } from '../../src/testing/generate-district.js'
import { cleverComparable } from './normalise.js'

describe('canonical → Clever wire → canonical', () => {
  it('is the identity on what Clever can carry, for a generated district', () => {
    const source = generateDistrict({ seed: 7, students: 120 })
    const wire = JSON.parse(JSON.stringify(toCleverWire(source, { districtId: 'unused', version: '3.1' })))
    const mapped = cleverToCanonical(
      {
        districts: wire.districts.map((r: unknown) => CleverDistrictSchema.parse(r)),
        schools: wire.schools.map((r: unknown) => CleverSchoolSchema.parse(r)),
        terms: wire.terms.map((r: unknown) => CleverTermSchema.parse(r)),
        courses: wire.courses.map((r: unknown) => CleverCourseSchema.parse(r)),
        sections: wire.sections.map((r: unknown) => CleverSectionSchema.parse(r)),
        users: wire.users.map((r: unknown) => CleverUserSchema.parse(r)),
      },
      { version: '3.1' },
    )
    const pulled = createRoster({ source: { kind: 'clever' }, ...mapped })
    const expected = cleverComparable(source)
    const actual = cleverComparable(pulled)
    expect(actual.orgs).toEqual(expected.orgs)
    expect(actual.academicSessions).toEqual(expected.academicSessions)
    expect(actual.courses).toEqual(expected.courses)
    expect(actual.classes).toEqual(expected.classes)
    expect(actual.users).toEqual(expected.users)
    expect(actual.enrollments).toEqual(expected.enrollments)
    expect(actual.demographics).toEqual(expected.demographics)
  })

  it('sends contacts whole-name-in-last when asked, and the mapper splits it back', () => {
    const source = generateDistrict({ seed: 2, students: 20 })
    const wire = toCleverWire(source, { districtId: 'd', version: '3.0', contactsWholeNameInLast: true })
    const contact = wire.users.find((u) => 'contact' in (u.roles as object))!
    expect(Object.keys(contact.name as object)).toEqual(['last'])
    const mapped = cleverToCanonical({ users: [CleverUserSchema.parse(contact)] }, { version: '3.0' })
    const original = source.users.find((u) => u.sourcedId === contact.id)!
    expect(mapped.users[0]?.familyName).toBe(original.familyName.split(' ').at(-1))
  })
})
