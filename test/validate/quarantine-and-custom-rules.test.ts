import { describe, expect, it } from 'vitest'
import { isConfigurationError } from '../../src/errors.js'
import {
  applyQuarantine,
  DistrictParametersSchema,
  renderValidationText,
  type ScreeningClassRule,
  type ValidationRule,
  validateRoster,
} from '../../src/validate/index.js'
import { brokenRoster, byId, cleanRoster, codesOf, fullParameters } from './fixtures.js'

const withQuarantine = (maxShare = 0.6) => ({ ...fullParameters(), quarantine: { enabled: true, maxShare } })
const noStateId = () =>
  brokenRoster((r) => {
    delete byId(r.users, 'u-2').stateId
  })

describe('quarantine', () => {
  it('without quarantine, a record-level error blocks the sync', () => {
    const report = validateRoster(noStateId(), fullParameters())
    expect(report.blocked).toBe(true)
    expect(report.ok).toBe(false)
    expect(report.quarantined).toEqual([])
    expect(report.blockReasons).toEqual([
      { code: 'missing_required_identifier', message: '1 missing_required_identifier error(s)' },
    ])
  })

  it('sets the failing record aside with why, and lets the rest proceed', () => {
    const report = validateRoster(noStateId(), withQuarantine())
    expect(report.ok).toBe(true)
    expect(report.blocked).toBe(false)
    expect(report.quarantined).toEqual([
      {
        entity: 'users',
        sourcedId: 'u-2',
        codes: ['missing_required_identifier'],
        reason: 'student u-2 has no stateId, which the district requires',
      },
    ])
    expect(report.summary.quarantinedByEntity).toEqual({ users: 1 })
  })

  it('blocks when more than the allowed share of a role would be quarantined', () => {
    // One of two students is 50 %, above a 10 % limit.
    const report = validateRoster(noStateId(), withQuarantine(0.1))
    expect(report.blocked).toBe(true)
    expect(codesOf(report)).toEqual(['missing_required_identifier', 'quarantine_limit_exceeded'])
    expect(report.blockReasons).toEqual([
      {
        code: 'quarantine_limit_exceeded',
        message: '1 of 2 student (50%) would be quarantined; the limit is 10%',
      },
    ])
  })

  it('takes a per-role limit over the general one', () => {
    const params = { ...fullParameters(), quarantine: { enabled: true, maxShare: 0.1, maxShareBy: { student: 0.5 } } }
    expect(validateRoster(noStateId(), params).blocked).toBe(false)
  })

  it('never quarantines orgs or sessions: their errors block', () => {
    const roster = brokenRoster((r) => {
      byId(r.academicSessions, 't1').startDate = '2024-13-01'
    })
    const report = validateRoster(roster, withQuarantine())
    expect(report.quarantined).toEqual([])
    expect(report.blockReasons).toEqual([
      { code: 'invalid_date', message: '1 invalid_date error(s) on records that cannot be quarantined' },
    ])
  })

  it('blocks on roster-level errors whatever the quarantine settings', () => {
    const report = validateRoster(cleanRoster(), { ...withQuarantine(), schools: ['SCH-404'] })
    expect(report.blocked).toBe(true)
    expect(report.blockReasons.map((r) => r.code)).toContain('school_not_found')
  })

  it('applyQuarantine removes the records, what depends on them, and marks the collections incomplete', () => {
    const roster = noStateId()
    const out = applyQuarantine(roster, validateRoster(roster, withQuarantine()))
    expect(out.users.map((u) => u.sourcedId)).toEqual(['t-1', 'u-1', 'g-1'])
    expect(out.enrollments.map((e) => e.sourcedId)).toEqual(['e-t-hr', 'e-t-math', 'e-1-hr', 'e-1-math'])
    expect(out.completeness.users).toMatchObject({ complete: false, received: 3 })
    expect(out.completeness.enrollments).toMatchObject({ complete: false, received: 4 })
    expect(out.completeness.classes).toMatchObject({ complete: true })
    expect(out.complete).toBe(false)
    expect(roster.users).toHaveLength(4)
    expect(applyQuarantine(cleanRoster(), { quarantined: [] }).complete).toBe(true)
  })

  it('applyQuarantine drops the classes and enrollments of a quarantined course', () => {
    const roster = cleanRoster()
    const out = applyQuarantine(roster, {
      quarantined: [{ entity: 'courses', sourcedId: 'c-math', codes: ['x'], reason: 'x' }],
    })
    expect(out.classes.map((c) => c.sourcedId)).toEqual(['k-hr'])
    expect(out.enrollments.every((e) => e.classSourcedId === 'k-hr')).toBe(true)
  })
})

describe('custom rules', () => {
  const sixDigitIds: ValidationRule = {
    name: 'local-id-format',
    check(ctx) {
      for (const user of ctx.roster.users) {
        if (ctx.scope.isUserInScope(user) && user.roles.some((r) => r.role === 'student') && !user.identifier) {
          ctx.report({
            code: 'local_id_missing',
            entity: 'users',
            sourcedId: user.sourcedId,
            path: ['identifier'],
            message: `student ${user.sourcedId} has no local id`,
            hint: 'Every student needs the SIS number.',
          })
        }
      }
    },
  }

  it('reports with the built-in issue shape and blocks by default', () => {
    const report = validateRoster(cleanRoster(), fullParameters(), { rules: [sixDigitIds] })
    expect(report.issues).toEqual([
      {
        code: 'local_id_missing',
        severity: 'error',
        level: 'record',
        entity: 'users',
        sourcedId: 'u-1',
        path: ['identifier'],
        message: 'student u-1 has no local id',
        hint: 'Every student needs the SIS number.',
        rule: 'local-id-format',
      },
      expect.objectContaining({ sourcedId: 'u-2' }),
    ])
    expect(report.summary.byCode).toEqual([
      { code: 'local_id_missing', severity: 'error', count: 2, hint: 'Every student needs the SIS number.' },
    ])
    expect(report.blocked).toBe(true)
  })

  it('quarantines like a built-in rule', () => {
    const params = { ...fullParameters(), quarantine: { enabled: true, maxShare: 1 } }
    const report = validateRoster(cleanRoster(), params, { rules: [sixDigitIds] })
    expect(report.ok).toBe(true)
    expect(report.quarantined.map((q) => q.sourcedId)).toEqual(['u-1', 'u-2'])
  })

  it('may raise warnings and roster-level issues', () => {
    const rule: ValidationRule = {
      name: 'needs-clock',
      check(ctx) {
        ctx.report({
          code: 'clock_seen',
          severity: 'warning',
          entity: 'roster',
          message: String(ctx.now?.getUTCFullYear()),
        })
      },
    }
    const report = validateRoster(cleanRoster(), undefined, { rules: [rule], now: '2025-01-02T00:00:00Z' })
    expect(report.issues).toEqual([
      {
        code: 'clock_seen',
        severity: 'warning',
        level: 'roster',
        entity: 'roster',
        path: [],
        message: '2025',
        rule: 'needs-clock',
      },
    ])
    expect(report.ok).toBe(true)
  })
})

describe('district parameters', () => {
  it('are all optional', () => {
    expect(DistrictParametersSchema.parse({})).toEqual({})
  })

  it('reject bad values with a ConfigurationError naming the path', () => {
    let caught: unknown
    try {
      validateRoster(cleanRoster(), { screeningClass: { classCodePattern: '(' }, quarantine: { maxShare: 2 } })
    } catch (err) {
      caught = err
    }
    expect(isConfigurationError(caught)).toBe(true)
    const paths = (caught as { issues: { path: PropertyKey[] }[] }).issues.map((i) => i.path.join('.'))
    expect(paths).toEqual(['screeningClass.classCodePattern', 'quarantine.maxShare'])
  })

  it('severity overrides turn a warning into an error, or a code off', () => {
    const roster = brokenRoster((r) => {
      byId(r.courses, 'c-hr').grades = ['3rd']
    })
    const up = validateRoster(roster, { severity: { grade_not_ceds: 'error' } })
    expect(up.issues.map((i) => i.severity)).toEqual(['error'])
    expect(up.blocked).toBe(true)
    expect(validateRoster(roster, { severity: { grade_not_ceds: 'off' } }).issues).toEqual([])
  })

  it('activeOnly ignores tobedeleted records; all checks them', () => {
    const roster = brokenRoster((r) => {
      const e = byId(r.enrollments, 'e-1-math')
      Object.assign(e, { status: 'tobedeleted', beginDate: '2024-09-01', endDate: '2024-08-01' })
    })
    expect(codesOf(validateRoster(roster, { recordProcessing: 'all' }))).toEqual(['date_range_reversed'])
    expect(codesOf(validateRoster(roster, { recordProcessing: 'activeOnly' }))).toEqual([])
    expect(validateRoster(roster, { recordProcessing: 'activeOnly' }).summary.checked.enrollments).toBe(5)
  })

  it('screening classes can be identified by class code pattern, subject or a predicate', () => {
    const base = { testDistribution: 'class' as const }
    expect(codesOf(validateRoster(cleanRoster(), { ...base, screeningClass: { classCodePattern: '^HR-' } }))).toEqual(
      [],
    )
    expect(codesOf(validateRoster(cleanRoster(), { ...base, screeningClass: { subjects: ['mathematics'] } }))).toEqual(
      [],
    )
    const byCourse: ScreeningClassRule = { predicate: ({ course }) => course?.courseCode === 'HR-03' }
    expect(codesOf(validateRoster(cleanRoster(), { ...base, screeningClass: byCourse }))).toEqual([])
    const both = { predicate: () => true }
    const report = validateRoster(cleanRoster(), { ...base, screeningClass: both })
    expect(report.issues.map((i) => [i.code, i.sourcedId])).toEqual([
      ['screening_class_ambiguous', 'u-1'],
      ['screening_class_ambiguous', 'u-2'],
    ])
  })
})

describe('plain-text rendering', () => {
  it('shows the verdict, block reasons, counts with hints and examples, and quarantined records', () => {
    const roster = brokenRoster((r) => {
      delete byId(r.users, 'u-2').stateId
      byId(r.courses, 'c-hr').grades = ['3rd']
    })
    const params = { ...fullParameters(), allowedGrades: undefined }
    const report = validateRoster(roster, { ...params, quarantine: { enabled: true, maxShare: 1 } })
    const text = report.toText()
    expect(text).toBe(renderValidationText(report))
    const lines = text.split('\n')
    expect(lines[0]).toBe('Roster validation: OK with quarantine')
    expect(lines[1]).toBe('1 error(s), 1 warning(s), 1 record(s) quarantined')
    expect(lines).toContain('  error   missing_required_identifier × 1')
    expect(lines).toContain('  warning grade_not_ceds × 1')
    expect(lines).toContain('          e.g. courses c-hr grades.0: grade "3rd" is not a CEDS grade code')
    expect(lines).toContain(
      '  users u-2: student u-2 has no stateId, which the district requires [missing_required_identifier]',
    )
    const blocked = validateRoster(roster, params).toText()
    expect(blocked.split('\n').slice(0, 5)).toEqual([
      'Roster validation: BLOCKED',
      '1 error(s), 1 warning(s), 0 record(s) quarantined',
      '',
      'Blocked because:',
      '  - 1 missing_required_identifier error(s) [missing_required_identifier]',
    ])
  })
})
