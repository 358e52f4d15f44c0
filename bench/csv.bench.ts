/**
 * OneRoster CSV reader throughput: a bundle of 100k users and 1M enrollments is written with
 * rosterkit's writer, then read twice — by raw csv-parse over the same inflated bytes (the
 * baseline: unzip + parse, no mapping) and by readOneRosterCsv (unzip + parse + map + checks).
 * Goal: readOneRosterCsv ≤ 1.5× the baseline.
 */
import { Parser } from 'csv-parse'
import { Unzip, UnzipInflate } from 'fflate'
import { createRoster, type Enrollment, type User } from '../src/model/index.js'
import { readOneRosterCsv, writeOneRosterCsv } from '../src/providers/csv/index.js'
import { fmt, goal, measure, peakRssMiB, report } from './measure.js'

const USERS = Number(process.env.CSV_BENCH_USERS ?? 100_000)
const ENROLLMENTS = Number(process.env.CSV_BENCH_ENROLLMENTS ?? 1_000_000)
const TEACHERS = Math.max(1, Math.round(USERS / 20))
const CLASSES = Math.max(1, Math.round(ENROLLMENTS / 25))

function buildRoster() {
  const dlm = '2024-08-01T00:00:00.000Z'
  const users: User[] = []
  for (let i = 0; i < USERS; i++) {
    const teacher = i < TEACHERS
    users.push({
      sourcedId: `u${i}`,
      status: 'active',
      dateLastModified: dlm,
      username: `user${i}`,
      userIds: [{ type: 'SIS', identifier: String(100000 + i) }],
      enabledUser: true,
      givenName: `Given${i % 997}`,
      familyName: `Family${i % 1009}`,
      roles: [{ roleType: 'primary', role: teacher ? 'teacher' : 'student', orgSourcedId: `s${i % 20}` }],
      identifier: String(100000 + i),
      email: `user${i}@district.example.org`,
      agentSourcedIds: [],
      grades: teacher ? [] : [['KG', '01', '02', '03', '04', '05'][i % 6]!],
    })
  }
  const enrollments: Enrollment[] = []
  for (let i = 0; i < ENROLLMENTS; i++) {
    const cls = i % CLASSES
    const teacherRow = i < CLASSES
    enrollments.push({
      sourcedId: `e${i}`,
      status: 'active',
      dateLastModified: dlm,
      userSourcedId: teacherRow ? `u${cls % TEACHERS}` : `u${TEACHERS + (i % (USERS - TEACHERS))}`,
      classSourcedId: `c${cls}`,
      schoolSourcedId: `s${cls % 20}`,
      role: teacherRow ? 'teacher' : 'student',
      primary: teacherRow,
      beginDate: '2024-08-15',
      endDate: '2025-06-15',
    })
  }
  return createRoster({ source: { kind: 'generated' }, users, enrollments })
}

async function rawCsvParse(zip: Uint8Array): Promise<number> {
  let rows = 0
  const done: Promise<void>[] = []
  const unzip = new Unzip()
  unzip.register(UnzipInflate)
  unzip.onfile = (file) => {
    const parser = new Parser({ bom: true, relax_column_count: true })
    parser.on('data', () => {
      rows++
    })
    done.push(new Promise((resolve, reject) => parser.on('end', resolve).on('error', reject)))
    file.ondata = (err, chunk, final) => {
      if (err) throw err
      parser.write(chunk)
      if (final) parser.end()
    }
    file.start()
  }
  for (let o = 0; o < zip.length; o += 1 << 20) unzip.push(zip.subarray(o, o + (1 << 20)), o + (1 << 20) >= zip.length)
  await Promise.all(done)
  return rows
}

const built = await measure(() => buildRoster())
const written = await measure(() => writeOneRosterCsv(built.result, { version: '1.1', compressionLevel: 1 }))
const zip = written.result.zip
const inflated = Object.values(written.result.files).reduce((n, s) => n + s.length, 0)
built.result.users.length = 0
built.result.enrollments.length = 0
;(globalThis as { gc?: () => void }).gc?.()

const base = await measure(() => rawCsvParse(zip))
const ours = await measure(() => readOneRosterCsv(zip, { label: 'bench.zip' }))
const rows = ours.result.roster.users.length + ours.result.roster.enrollments.length
const ratio = ours.wallMs / base.wallMs

report(`OneRoster CSV read: ${fmt(USERS)} users, ${fmt(ENROLLMENTS)} enrollments`, [
  ['bundle', `${fmt(zip.length / 2 ** 20)} MiB zip, ${fmt(inflated / 2 ** 20)} MiB CSV`],
  ['generate + write', `${fmt(built.wallMs + written.wallMs)} ms`],
  ['baseline: fflate + raw csv-parse', `${fmt(base.wallMs)} ms (${fmt(base.result)} rows)`],
  ['readOneRosterCsv', `${fmt(ours.wallMs)} ms (${fmt(rows)} records, ${ours.result.issues.length} issues)`],
  ['ratio to baseline', goal('', ratio, 1.5)],
  ['rows/s (readOneRosterCsv)', fmt(Math.round(rows / (ours.wallMs / 1000)))],
  ['rows/s (baseline)', fmt(Math.round(base.result / (base.wallMs / 1000)))],
  ['peak RSS (whole run)', `${fmt(peakRssMiB())} MiB`],
])
