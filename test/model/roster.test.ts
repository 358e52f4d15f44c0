import { afterEach, describe, expect, it, vi } from 'vitest'
import { createRoster, type Enrollment, parseRoster } from '../../src/model/index.js'

const enrollment: Enrollment = {
  sourcedId: 'e1',
  status: 'active',
  userSourcedId: 'u1',
  classSourcedId: 'c1',
  schoolSourcedId: 's1',
  role: 'student',
}

describe('createRoster', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('fills empty collections, bulk mode and the current time', () => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2025-01-02T03:04:05.000Z'))
    const roster = createRoster({ source: { kind: 'oneroster-csv', label: 'bundle.zip' } })
    expect(roster.pulledAt).toBe('2025-01-02T03:04:05.000Z')
    expect(roster.mode).toBe('bulk')
    expect(roster.users).toEqual([])
    expect(roster.enrollments).toEqual([])
    expect(roster.completeness).toEqual({})
    expect(roster.complete).toBe(true)
    expect('cursor' in roster).toBe(false)
    expect(() => parseRoster(roster)).not.toThrow()
  })

  it('counts only the collections it was given as complete', () => {
    const roster = createRoster({ source: { kind: 'clever' }, enrollments: [enrollment], users: [] })
    expect(roster.completeness).toEqual({
      users: { complete: true, received: 0 },
      enrollments: { complete: true, received: 1 },
    })
    expect(roster.completeness.classes).toBeUndefined()
  })

  it('is incomplete when any collection is incomplete', () => {
    const roster = createRoster({
      source: { kind: 'oneroster-rest', version: '1.1' },
      enrollments: [enrollment],
      completeness: {
        users: { complete: true, received: 10 },
        enrollments: { complete: false, received: 1, expected: 5, reason: 'page 2 failed' },
      },
    })
    expect(roster.complete).toBe(false)
    expect(createRoster({ source: { kind: 'host' }, complete: false }).complete).toBe(false)
  })

  it('keeps cursor, metadata and mode', () => {
    const roster = createRoster({
      source: { kind: 'clever' },
      cursor: 'evt_9',
      metadata: { district: 'd' },
      mode: 'delta',
    })
    expect(roster.cursor).toBe('evt_9')
    expect(roster.metadata).toEqual({ district: 'd' })
    expect(roster.mode).toBe('delta')
  })
})
