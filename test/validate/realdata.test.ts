import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { Roster } from '../../src/model/index.js'
import { readOneRosterCsv } from '../../src/providers/csv/index.js'
import { type ValidationReport, validateRoster } from '../../src/validate/index.js'

const dir = fileURLToPath(new URL('../../../shared/realdata/moodle-enrol-oneroster/', import.meta.url))

async function read(name: string): Promise<Roster> {
  const files: Record<string, Uint8Array> = {}
  for (const f of readdirSync(`${dir}${name}`)) files[f] = readFileSync(`${dir}${name}/${f}`)
  return (await readOneRosterCsv(files)).roster
}

const found = (report: ValidationReport, code: string) =>
  report.issues
    .filter((i) => i.code === code)
    .map((i) => `${i.entity} ${i.sourcedId} ${i.path.join('.')}`)
    .sort()

describe.skipIf(!existsSync(dir))('integrity issues the real moodle bundles really contain', () => {
  it('test01: the enrollment points to a missing class, and enrolls a teacher as a student', async () => {
    const report = validateRoster(await read('test01'))
    expect(found(report, 'dangling_reference')).toEqual([
      'academicSessions as-trm-222-1234 parentSourcedId',
      'enrollments enr-t-222-12345-123456 classSourcedId',
      'orgs org-sch-222-3456 parentSourcedId',
    ])
    const dangling = report.issues.find((i) => i.entity === 'enrollments' && i.code === 'dangling_reference')
    expect(dangling?.message).toBe('classSourcedId points to classes cls-222-12345, which is not in the roster')
    expect(found(report, 'role_inconsistency')).toEqual(['enrollments enr-t-222-12345-123456 role'])
    expect(found(report, 'class_without_teacher')).toEqual(['classes cls-222-123456 ', 'classes cls-222-123478 '])
    expect(report.blocked).toBe(true)
  })

  it('test01 with quarantine: the broken enrollment is set aside, the org and session errors still block', async () => {
    const report = validateRoster(await read('test01'), { quarantine: { enabled: true, maxShare: 1 } })
    expect(report.quarantined.map((q) => `${q.entity} ${q.sourcedId} ${q.codes.join('+')}`)).toEqual([
      'enrollments enr-t-222-12345-123456 dangling_reference+role_inconsistency',
    ])
    expect(report.blockReasons).toEqual([
      { code: 'dangling_reference', message: '2 dangling_reference error(s) on records that cannot be quarantined' },
    ])
  })

  it('Test_full_data_set: enrollments in a tobedeleted class, and a teacher enrolled as a student', async () => {
    const report = validateRoster(await read('Test_full_data_set'))
    expect(found(report, 'reference_to_deleted')).toEqual([
      'enrollments enr-s-222-12345-985321 classSourcedId',
      'enrollments enr-s-222-12345-987532 classSourcedId',
      'enrollments enr-t-222-12345-123232 classSourcedId',
    ])
    expect(found(report, 'role_inconsistency')).toEqual([
      'enrollments enr-s-222-12345-987532 role',
      'enrollments enr-s-222-12345-987654 role',
    ])
  })

  it('Test_minimal_data_set: terms that start before their school year', async () => {
    const report = validateRoster(await read('Test_minimal_data_set'))
    expect(found(report, 'session_outside_school_year')).toEqual([
      'academicSessions as-trm-222-1234 startDate',
      'academicSessions as-trm-222-1235 startDate',
    ])
  })
})
