import { describe, expect, it } from 'vitest'
import { type CleverEvent, cleverEventsToDelta, parseCleverEvent } from '../../src/providers/clever/events.js'
import { CleverEventWireSchema, type CleverSection } from '../../src/providers/clever/wire-schemas.js'

const ctx = { version: '3.0' } as const

function section(id: string, over: Partial<CleverSection> = {}): CleverSection {
  return {
    id,
    school: 'sch-1',
    name: `Section ${id}`,
    course: 'crs-1',
    teacher: 't1',
    teachers: ['t1'],
    students: [],
    ...over,
  }
}

function event(id: string, type: string, object: object, previous?: object): CleverEvent {
  const wire = CleverEventWireSchema.parse({
    id,
    type,
    data: { object, ...(previous === undefined ? {} : { previous_attributes: previous }) },
  })
  const result = parseCleverEvent(wire)
  if (!result.ok) throw new Error('unexpected parse failure')
  return result.event
}

describe('parseCleverEvent', () => {
  it('reads previous_attributes from inside data and from beside it', () => {
    const inside = parseCleverEvent(
      CleverEventWireSchema.parse({
        id: 'e1',
        type: 'users.updated',
        data: { object: { id: 'u1', roles: {} }, previous_attributes: { email: 'old@example.org' } },
      }),
    )
    const beside = parseCleverEvent(
      CleverEventWireSchema.parse({
        id: 'e2',
        type: 'users.updated',
        data: { object: { id: 'u1', roles: {} } },
        previous_attributes: { email: 'old@example.org' },
      }),
    )
    for (const result of [inside, beside]) {
      expect(result.ok && result.event.previousAttributes).toEqual({ email: 'old@example.org' })
      expect(result.ok && result.event.recordType).toBe('users')
    }
  })

  it('passes over unknown record types but refuses a malformed object', () => {
    const unknown = parseCleverEvent(
      CleverEventWireSchema.parse({ id: 'e1', type: 'attendance.created', data: { object: { id: 'a1' } } }),
    )
    expect(unknown).toMatchObject({ ok: false, skipped: true, type: 'attendance.created' })
    const broken = parseCleverEvent(
      CleverEventWireSchema.parse({ id: 'e2', type: 'users.created', data: { object: { id: 'u1' } } }),
    )
    expect(broken).toMatchObject({ ok: false, skipped: false, id: 'e2' })
  })
})

describe('cleverEventsToDelta', () => {
  it('keeps the last state of each record and marks deletions', () => {
    const delta = cleverEventsToDelta(
      [
        event('e1', 'sections.created', section('s1', { name: 'First' })),
        event('e2', 'sections.updated', section('s1', { name: 'Second' }), { name: 'First' }),
        event('e3', 'courses.deleted', { id: 'crs-9', name: 'Old course' }),
      ],
      ctx,
    )
    expect(delta.classes).toHaveLength(1)
    expect(delta.classes[0]).toMatchObject({ sourcedId: 's1', title: 'Second', status: 'active' })
    expect(delta.courses).toEqual([expect.objectContaining({ sourcedId: 'crs-9', status: 'tobedeleted' })])
    expect(delta.lastEventId).toBe('e3')
    expect(delta.applied).toBe(3)
  })

  it('deletes the enrollments of members a section lost, unless a later event brings them back', () => {
    const delta = cleverEventsToDelta(
      [
        event('e1', 'sections.updated', section('s1', { students: ['a'] }), { students: ['a', 'b', 'c'] }),
        event('e2', 'sections.updated', section('s1', { students: ['a', 'c'], teacher: 't2', teachers: ['t2'] }), {
          students: ['a'],
          teacher: 't1',
          teachers: ['t1'],
        }),
      ],
      ctx,
    )
    const status = Object.fromEntries(delta.enrollments.map((e) => [e.sourcedId, `${e.role}:${e.status}`]))
    expect(status).toEqual({
      's1-t2': 'teacher:active',
      's1-a': 'student:active',
      's1-c': 'student:active',
      's1-b': 'student:tobedeleted',
      's1-t1': 'teacher:tobedeleted',
    })
  })

  it('deletes every enrollment of a deleted section and the demographics of a deleted student', () => {
    const delta = cleverEventsToDelta(
      [
        event('e1', 'sections.deleted', section('s1', { students: ['a', 'b'] })),
        event('e2', 'users.deleted', {
          id: 'a',
          district: 'd',
          roles: { student: { school: 'sch-1', dob: '1/2/2010' } },
        }),
      ],
      ctx,
    )
    expect(delta.classes[0]?.status).toBe('tobedeleted')
    expect(delta.enrollments.map((e) => e.status)).toEqual(['tobedeleted', 'tobedeleted', 'tobedeleted'])
    expect(delta.users[0]).toMatchObject({ sourcedId: 'a', status: 'tobedeleted' })
    expect(delta.demographics[0]).toMatchObject({ sourcedId: 'a', status: 'tobedeleted', birthDate: '2010-01-02' })
  })
})
