import { describe, expect, it } from 'vitest'
import { type Enrollment, indexRoster, type Roster } from '../../src/model/index.js'
import { generateDistrict } from '../../src/testing/generate-district.js'
import {
  BUILT_IN_RULES,
  type DistrictParameters,
  resolveDistrictParameters,
  type ValidationContext,
  type ValidationIssueInput,
  type ValidationRule,
  validateRoster,
} from '../../src/validate/index.js'
import { buildValidationScope } from '../../src/validate/scope.js'

const PARAMETERS: DistrictParameters = {
  testDistribution: 'class',
  testingMeasures: [{ id: 'math', subjects: ['Mathematics'], grades: ['KG', '01', '02', '03'] }],
  screeningClass: { classType: 'homeroom' },
  requiredIdentifiers: { student: ['stateId', 'grades'], teacher: ['email'] },
  emailDomains: { teacher: ['nowhere.example'] },
}

/** A generated district with a few broken records of every kind the visiting rules look at. */
function dirtyDistrict(): Roster {
  const roster = generateDistrict({ seed: 'visitors', students: 400 })
  const { users, enrollments, demographics, classes } = roster
  for (let i = 0; i < users.length; i += 29) users[i] = { ...users[i]!, status: 'tobedeleted' }
  for (let i = 5; i < users.length; i += 31) {
    users[i] = { ...users[i]!, email: users[i - 3]!.email, dateLastModified: 'yesterday', primaryOrgSourcedId: 'x' }
  }
  for (let i = 3; i < enrollments.length; i += 41) {
    enrollments[i] = { ...enrollments[i]!, classSourcedId: 'gone', beginDate: '2025-02-30', schoolSourcedId: 'gone' }
  }
  for (let i = 7; i < enrollments.length; i += 43)
    enrollments[i] = { ...enrollments[i]!, role: 'wizard' as unknown as Enrollment['role'] }
  enrollments.push({ ...enrollments[10]! })
  for (let i = 0; i < demographics.length; i += 23) demographics[i] = { ...demographics[i]!, birthDate: '2010-13-01' }
  for (let i = 0; i < classes.length; i += 11) classes[i] = { ...classes[i]!, status: 'tobedeleted' }
  return roster
}

/** Runs one rule by itself through `check`, as a host would, collecting what it reports. */
function checkAlone(rule: ValidationRule, roster: Roster): string[] {
  const parameters = resolveDistrictParameters(PARAMETERS)
  const index = indexRoster(roster)
  const reported: ValidationIssueInput[] = []
  const context: ValidationContext = {
    roster,
    index,
    parameters,
    scope: buildValidationScope(index, roster.users, parameters),
    now: undefined,
    report: (issue) => reported.push(issue),
  }
  rule.check(context)
  return reported.map((i) => `${i.code} ${i.sourcedId ?? ''} ${(i.path ?? []).join('.')} ${i.message}`)
}

describe('rules that visit records in the shared walk', () => {
  const roster = dirtyDistrict()
  const report = validateRoster(roster, PARAMETERS)
  const visiting = BUILT_IN_RULES.filter((rule) => rule.visit !== undefined)

  it('cover the hot rules', () => {
    expect(visiting.map((r) => r.name)).toEqual(
      expect.arrayContaining(['dates', 'enum-values', 'dangling-references', 'duplicate-user-keys']),
    )
    const visited = new Set(visiting.map((r) => r.name))
    expect(new Set(report.issues.filter((i) => visited.has(i.rule)).map((i) => i.rule)).size).toBeGreaterThan(4)
  })

  it.each(visiting.map((rule) => [rule.name, rule] as const))(
    '%s reports the same issues, in the same order, through validateRoster as through check alone',
    (name, rule) => {
      const together = report.issues
        .filter((i) => i.rule === name)
        .map((i) => `${i.code} ${i.sourcedId ?? ''} ${i.path.join('.')} ${i.message}`)
      expect(together).toEqual(checkAlone(rule, roster))
    },
  )

  it('keep issues grouped by rule, in rule order, ahead of host rules', () => {
    const host: ValidationRule = {
      name: 'host-rule',
      check(ctx) {
        ctx.report({ code: 'host_check', entity: 'roster', message: 'from the host' })
      },
    }
    const issues = validateRoster(roster, PARAMETERS, { rules: [host] }).issues
    const order = [...BUILT_IN_RULES.map((r) => r.name), 'host-rule']
    const ranks = issues.map((i) => order.indexOf(i.rule))
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b))
    expect(issues.at(-1)?.rule).toBe('host-rule')
    expect(new Set(issues.map((i) => i.rule)).size).toBeGreaterThan(5)
  })
})
