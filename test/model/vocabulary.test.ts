import { describe, expect, it } from 'vitest'
import {
  CEDS_GRADES,
  isCedsGrade,
  ROLE_CATEGORIES,
  ROLES,
  ROLES_V1P1,
  ROLES_V1P2,
  RoleSchema,
  roleCategory,
  SexSchema,
} from '../../src/model/index.js'

describe('roleCategory', () => {
  it('puts each known role in its category', () => {
    const expected: Record<string, string> = {
      student: 'student',
      teacher: 'teacher',
      aide: 'staff',
      counselor: 'staff',
      proctor: 'staff',
      administrator: 'schoolAdmin',
      principal: 'schoolAdmin',
      siteAdministrator: 'schoolAdmin',
      districtAdministrator: 'districtAdmin',
      systemAdministrator: 'districtAdmin',
      guardian: 'contact',
      parent: 'contact',
      relative: 'contact',
    }
    for (const role of ROLES) expect(roleCategory(role), role).toBe(expected[role])
    expect(Object.keys(expected).sort()).toEqual([...ROLES].sort())
  })

  it('counts extension roles as staff', () => {
    expect(roleCategory('ext:librarian')).toBe('staff')
    expect(ROLE_CATEGORIES).toContain(roleCategory('ext:nurse'))
  })
})

describe('role vocabularies', () => {
  it('are the union of OneRoster 1.1 and 1.2 without duplicates', () => {
    expect(new Set(ROLES)).toEqual(new Set([...ROLES_V1P1, ...ROLES_V1P2]))
    expect(ROLES.length).toBe(new Set(ROLES).size)
  })

  it('accept extension values and reject near misses', () => {
    expect(RoleSchema.safeParse('ext:lib.rarian-1_x').success).toBe(true)
    for (const bad of ['ext:', 'Teacher', 'ext:has space', 'ext-staff', '']) {
      expect(RoleSchema.safeParse(bad).success, bad).toBe(false)
    }
    expect(SexSchema.safeParse('unspecified').success).toBe(true)
    expect(SexSchema.safeParse('F').success).toBe(false)
  })
})

describe('isCedsGrade', () => {
  it('accepts every CEDS code and nothing else', () => {
    for (const g of CEDS_GRADES) expect(isCedsGrade(g)).toBe(true)
    for (const g of ['K', '1', '5', 'kg', '00', '14', 'Kindergarten', '', 'other'])
      expect(isCedsGrade(g), g).toBe(false)
  })
})
