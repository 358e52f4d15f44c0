import { describe, expect, it } from 'vitest'
import { isCsvFormatError } from '../../src/errors.js'
import { type HostRecord, planMerge } from '../../src/merge/index.js'
import type { Enrollment, Roster } from '../../src/model/index.js'
import { createCsvSource } from '../../src/providers/csv/index.js'

const MANIFEST = 'propertyName,value\nmanifest.version,1.0\noneroster.version,1.1\nfile.enrollments,bulk\n'
const HEADER =
  'sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\n'
const row = (i: number) => `e${i},,,k1,s1,u${i},student,,,\n`

function hostEnrollments(n: number): HostRecord<Enrollment>[] {
  return Array.from({ length: n }, (_, i) => ({
    hostId: `H-e${i}`,
    record: {
      sourcedId: `e${i}`,
      status: 'active',
      userSourcedId: `u${i}`,
      classSourcedId: 'k1',
      schoolSourcedId: 's1',
      role: 'student',
    },
    origin: { namespace: 'd', createdBySource: true },
  }))
}

function archivesOf(incoming: Roster): string[] {
  const plan = planMerge({
    existing: { enrollments: hostEnrollments(4) },
    incoming,
    policy: { namespace: 'd', entities: { enrollments: { sync: true, archive: true } } },
  })
  return plan.actions.enrollments.filter((a) => a.kind === 'archive').map((a) => a.key)
}

describe('a CSV enrollments file that could not be read to its end archives nothing', () => {
  it('stops at an unclosed quote with a typed error instead of a roster', async () => {
    const body = `${HEADER}${row(0)}${row(1)}e2,,,k1,"s1,u2,student,,,\n${row(3)}`
    const err = await createCsvSource({ 'manifest.csv': MANIFEST, 'enrollments.csv': body })
      .pull()
      .catch((e: unknown) => e)
    expect(isCsvFormatError(err)).toBe(true)
    expect(err).toMatchObject({ file: 'enrollments.csv' })
  })

  it('has no header row at all (a zero-byte export)', async () => {
    const roster = await createCsvSource({ 'manifest.csv': MANIFEST, 'enrollments.csv': '' }).pull()
    expect(roster.completeness.enrollments?.complete).not.toBe(true)
    expect(archivesOf(roster)).toEqual([])
  })

  it('is missing from the bundle, whether declared bulk or absent', async () => {
    const declared = await createCsvSource({ 'manifest.csv': MANIFEST }).pull()
    expect(archivesOf(declared)).toEqual([])
    const absent = MANIFEST.replace('file.enrollments,bulk', 'file.enrollments,absent')
    expect(archivesOf(await createCsvSource({ 'manifest.csv': absent }).pull())).toEqual([])
  })

  it("sits twice in the bundle (a stale copy in a folder): neither copy proves the other one's rows gone", async () => {
    const current = `${HEADER}${row(0)}${row(1)}${row(2)}${row(3)}`
    const stale = `${HEADER}${row(0)}`
    for (const files of [
      { 'manifest.csv': MANIFEST, 'old/enrollments.csv': stale, 'enrollments.csv': current },
      { 'manifest.csv': MANIFEST, 'enrollments.csv': current, 'Enrollments.csv': stale },
    ]) {
      const roster = await createCsvSource(files).pull()
      expect(roster.completeness.enrollments?.complete).toBe(false)
      expect(archivesOf(roster)).toEqual([])
    }
  })

  it('a delta file archives only its tobedeleted rows', async () => {
    const delta = MANIFEST.replace('file.enrollments,bulk', 'file.enrollments,delta')
    const body = `${HEADER}e0,active,2025-01-01,k1,s1,u0,student,,,\ne1,tobedeleted,2025-01-01,k1,s1,u1,student,,,\n`
    const roster = await createCsvSource({ 'manifest.csv': delta, 'enrollments.csv': body }).pull()
    expect(archivesOf(roster)).toEqual(['e1'])
  })
})
