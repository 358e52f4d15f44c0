import { describe, expect, it } from 'vitest'
import { generateDistrict } from '../../src/testing/generate-district.js'
import { validateRoster } from '../../src/validate/index.js'
import { brokenRoster, byId, codesOf, fullParameters } from './fixtures.js'

describe('values OneRoster requires', () => {
  it('leaves deletion notices alone: a tobedeleted record needs only its sourcedId', () => {
    const roster = brokenRoster((r) => {
      const guardian = byId(r.users, 'g-1')
      Object.assign(guardian, { status: 'tobedeleted', givenName: '', familyName: '', roles: [] })
      byId(r.users, 'u-1').agentSourcedIds = []
    })
    expect(codesOf(validateRoster(roster))).toEqual([])
  })

  it('quarantines a student with no name and lets the rest of the roster through', () => {
    const roster = brokenRoster((r) => {
      byId(r.users, 'u-2').givenName = ''
    })
    const report = validateRoster(roster, { quarantine: { enabled: true, maxShare: 1 } })
    expect(report.quarantined).toEqual([
      expect.objectContaining({ entity: 'users', sourcedId: 'u-2', codes: ['missing_name'] }),
    ])
    expect(report.blocked).toBe(false)
  })

  it('an org with no name blocks even with quarantine on: orgs cannot be set aside', () => {
    const roster = brokenRoster((r) => {
      byId(r.orgs, 'd1').name = ''
    })
    const report = validateRoster(roster, { quarantine: { enabled: true, maxShare: 1 } })
    expect(report.blockReasons.map((b) => b.code)).toEqual(['missing_name'])
  })

  it('a district can soften the codes', () => {
    const roster = brokenRoster((r) => {
      byId(r.classes, 'k-math').title = ''
    })
    const report = validateRoster(roster, { severity: { missing_title: 'warning' } })
    expect(report.issues.map((i) => `${i.code} ${i.severity}`)).toEqual(['missing_title warning'])
    expect(report.blocked).toBe(false)
  })
})

describe('testing measures the roster cannot meet', () => {
  const unreachable = fullParameters()
  unreachable.testingMeasures = [{ id: 'reading', grades: ['3'] }]

  it('names the measure and the field that reaches nobody', () => {
    const report = validateRoster(
      brokenRoster(() => {}),
      { ...unreachable, schools: undefined },
    )
    const issue = report.issues.find((i) => i.code === 'testing_measure_uncovered')
    expect(issue).toMatchObject({ severity: 'error', level: 'roster', path: ['testingMeasures', 0, 'grades'] })
    expect(issue?.message).toContain('reading')
    expect(report.blocked).toBe(true)
  })

  it('is not judged on a delta roster, nor when users were not read completely', () => {
    const delta = brokenRoster((r) => {
      r.mode = 'delta'
    })
    expect(codesOf(validateRoster(delta, unreachable))).not.toContain('testing_measure_uncovered')
    const partial = brokenRoster((r) => {
      r.completeness.users = { complete: false, received: 4 }
      r.complete = false
    })
    expect(codesOf(validateRoster(partial, unreachable))).not.toContain('testing_measure_uncovered')
  })

  it('counts only students at schools in scope, and leaves an empty scope to no_students', () => {
    const roster = brokenRoster((r) => {
      r.orgs.push({ sourcedId: 's2', status: 'active', name: 'Other', type: 'school', identifier: 'SCH-2' })
      for (const u of r.users) if (u.roles[0]?.role === 'student') u.roles[0].orgSourcedId = 's2'
    })
    const report = validateRoster(roster, { ...fullParameters(), schools: ['SCH-1'] })
    // Every student now attends s2, outside the schools in scope: no_students says so once.
    expect(report.issues.filter((i) => i.code === 'testing_measure_uncovered').map((i) => i.path.join('.'))).toEqual([])
    expect(codesOf(report)).toContain('no_students')
  })
})

it('a generated district has none of these issues', () => {
  const roster = generateDistrict({ seed: 'required-values', students: 300 })
  const codes = codesOf(
    validateRoster(roster, {
      testingMeasures: [{ id: 'reading', grades: ['KG', '01', '02'], subjects: ['English Language Arts'] }],
    }),
  )
  for (const code of [
    'missing_name',
    'missing_title',
    'user_without_role',
    'role_primary_count',
    'class_not_at_school',
    'testing_measure_uncovered',
  ]) {
    expect(codes).not.toContain(code)
  }
})
