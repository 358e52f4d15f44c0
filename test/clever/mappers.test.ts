import { describe, expect, it } from 'vitest'
import { toCedsGrade, toCleverGrade } from '../../src/providers/clever/grades.js'
import { toCanonicalSection } from '../../src/providers/clever/map-section.js'
import { toCanonicalTerm } from '../../src/providers/clever/map-term.js'
import { cleverContactRole, cleverStaffRole, toCanonicalUser } from '../../src/providers/clever/map-user.js'
import { CleverUserSchema } from '../../src/providers/clever/wire-schemas.js'
import { cleverDateToIsoDate } from '../../src/providers/clever/wire-values.js'

const ctx = { version: '3.1' } as const

describe('Clever value readers', () => {
  it.each([
    ['Kindergarten', 'KG'],
    ['PreKindergarten', 'PK'],
    ['TransitionalKindergarten', 'TK'],
    ['3', '03'],
    ['12', '12'],
    ['13', '13'],
    ['PostGraduate', 'PS'],
    ['Ungraded', 'UG'],
    ['', undefined],
    ['Grade 3', 'Grade 3'],
  ])('grade %j → %j and back', (clever, ceds) => {
    expect(toCedsGrade(clever)).toBe(ceds)
    if (ceds !== undefined && ceds !== clever) expect(toCleverGrade(ceds)).toBe(clever)
  })

  it.each([
    ['2/11/2007', '2007-02-11'],
    ['12/31/1999', '1999-12-31'],
    ['2007-02-11', '2007-02-11'],
    ['2/30/2007', undefined],
    ['', undefined],
    ['soon', undefined],
  ])('dob %j → %j', (dob, iso) => {
    expect(cleverDateToIsoDate(dob)).toBe(iso)
  })

  it('maps staff by their district-defined role words, else to siteAdministrator', () => {
    expect(cleverStaffRole({ roles: ['Counselor'] })).toBe('counselor')
    expect(cleverStaffRole({ title: 'Assistant Principal' })).toBe('principal')
    expect(cleverStaffRole({ roles: ['Instructional Aide'] })).toBe('aide')
    expect(cleverStaffRole({ title: 'Librarian' })).toBe('siteAdministrator')
  })

  it('maps contact relationships to parent, relative or guardian', () => {
    expect(cleverContactRole({ student_relationships: [{ student: 's', relationship: 'Parent' }] })).toBe('parent')
    expect(cleverContactRole({ student_relationships: [{ student: 's', relationship: 'Aunt/Uncle' }] })).toBe(
      'relative',
    )
    expect(cleverContactRole({ student_relationships: [{ student: 's', relationship: '' }] })).toBe('guardian')
  })
})

describe('Clever record mappers', () => {
  it('maps a multi-role teacher and staff member with one primary role per school', () => {
    const user = CleverUserSchema.parse({
      id: 'u1',
      district: 'd1',
      name: { first: 'Ada', last: 'Lovelace', middle: '' },
      email: '',
      roles: {
        teacher: { school: 's1', schools: ['s1', 's2'], teacher_number: 'T9', sis_id: '9', title: 'Math' },
        staff: { schools: ['s2'], roles: ['Counselor'], department: 'Guidance' },
      },
    })
    const { user: mapped } = toCanonicalUser(user, ctx)
    expect(mapped.roles).toEqual([
      { roleType: 'primary', role: 'teacher', orgSourcedId: 's1' },
      { roleType: 'primary', role: 'teacher', orgSourcedId: 's2' },
      { roleType: 'secondary', role: 'counselor', orgSourcedId: 's2' },
    ])
    expect(mapped.email).toBeUndefined()
    expect(mapped.middleName).toBeUndefined()
    expect(mapped.identifier).toBe('T9')
    expect(mapped.metadata).toEqual({
      teacher: { title: 'Math' },
      staff: { roles: ['Counselor'], department: 'Guidance' },
    })
  })

  it('maps 3.1 preferred names and student demographics', () => {
    const user = CleverUserSchema.parse({
      id: 'u2',
      district: 'd1',
      name: { first: 'Robert', last: 'Tables' },
      roles: {
        student: {
          school: 's1',
          grade: '3',
          dob: '7/4/2015',
          gender: 'X',
          race: 'Two or More Races',
          hispanic_ethnicity: 'N',
          preferred_name: { first: 'Bobby' },
          frl_status: 'Free',
        },
      },
    })
    const { user: mapped, demographics } = toCanonicalUser(user, ctx)
    expect(mapped.preferredFirstName).toBe('Bobby')
    expect(mapped.grades).toEqual(['03'])
    expect(mapped.metadata).toEqual({ student: { frl_status: 'Free' } })
    expect(demographics).toMatchObject({
      birthDate: '2015-07-04',
      sex: 'other',
      demographicRaceTwoOrMoreRaces: true,
      hispanicOrLatinoEthnicity: false,
    })
  })

  it('makes up a course for a section without one and marks homerooms', () => {
    const mapped = toCanonicalSection(
      {
        id: 'sec1',
        school: 's1',
        district: 'd1',
        name: 'HR',
        subject: 'homeroom/advisory',
        course: null,
        sis_id: '77',
      },
      ctx,
    )
    expect(mapped.class).toMatchObject({ classType: 'homeroom', classCode: '77', courseSourcedId: 'sec1-course' })
    expect(mapped.syntheticCourse).toMatchObject({ sourcedId: 'sec1-course', provenance: { originalId: 'sec1' } })
  })

  it('maps a term, taking the school year from its end date', () => {
    expect(
      toCanonicalTerm({ id: 't1', name: 'Fall', start_date: '2024-08-20', end_date: '2025-01-15' }, ctx),
    ).toMatchObject({ type: 'term', schoolYear: '2025', startDate: '2024-08-20' })
    expect(toCanonicalTerm({ id: 't2', name: 'Undated' }, ctx)).toBeUndefined()
  })
})
