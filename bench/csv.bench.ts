/**
 * OneRoster CSV reader throughput: a bundle of 100k users and 1M enrollments is written with
 * rosterkit's writer, then read three times over the same zip bytes:
 * - raw csv-parse that keeps its rows (unzip + parse, every row's cell array collected, as
 *   `csv-parse/sync` or a stream collected into an array gives them): what reading a file with
 *   csv-parse costs, and the goal's baseline;
 * - raw csv-parse that discards its rows (unzip + parse only): the parse floor, shown for reference;
 * - readOneRosterCsv (unzip + parse + map to canonical records + checks).
 * Goal: readOneRosterCsv ≤ 1.5× the record-keeping baseline.
 *
 * Sizes: CSV_BENCH_USERS, CSV_BENCH_ENROLLMENTS (defaults 100000, 1000000).
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

/** Unzips and parses every entry; `keep` collects each file's rows, as a caller of csv-parse would. */
async function rawCsvParse(zip: Uint8Array, keep: boolean): Promise<{ rows: number; kept: string[][][] }> {
  let rows = 0
  const kept: string[][][] = []
  const done: Promise<void>[] = []
  const unzip = new Unzip()
  unzip.register(UnzipInflate)
  unzip.onfile = (file) => {
    const parser = new Parser({ bom: true, relax_column_count: true })
    if (keep) {
      const records: string[][] = []
      kept.push(records)
      parser.on('data', (record: string[]) => {
        records.push(record)
        rows++
      })
    } else {
      parser.on('data', () => {
        rows++
      })
    }
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
  return { rows, kept }
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.()
const heapMiB = (): number => {
  gc()
  return process.memoryUsage().heapUsed / 2 ** 20
}

const built = await measure(() => buildRoster())
const written = await measure(() => writeOneRosterCsv(built.result, { version: '1.1', compressionLevel: 1 }))
const zip = written.result.zip
const inflated = Object.values(written.result.files).reduce((n, s) => n + s.length, 0)
built.result.users.length = 0
built.result.enrollments.length = 0
gc()

const heap0 = heapMiB()
const discard = await measure(() => rawCsvParse(zip, false))
gc()
const keep = await measure(() => rawCsvParse(zip, true))
const keptHeap = heapMiB() - heap0
keep.result.kept.length = 0
gc()
const ours = await measure(() => readOneRosterCsv(zip, { label: 'bench.zip' }))
const oursHeap = heapMiB() - heap0
const rows = ours.result.roster.users.length + ours.result.roster.enrollments.length
const rowsPerS = (n: number, ms: number): string => `${fmt(Math.round(n / (ms / 1000)))} rows/s`

report(`OneRoster CSV read: ${fmt(USERS)} users, ${fmt(ENROLLMENTS)} enrollments`, [
  ['bundle', `${fmt(zip.length / 2 ** 20)} MiB zip, ${fmt(inflated / 2 ** 20)} MiB CSV`],
  ['node flags', process.execArgv.filter((a) => a.startsWith('--max') || a === '--expose-gc').join(' ')],
  ['generate + write', `${fmt(built.wallMs + written.wallMs)} ms`],
  [
    'baseline: fflate + csv-parse, rows kept',
    `${fmt(keep.wallMs)} ms, ${rowsPerS(keep.result.rows, keep.wallMs)}, retains ${fmt(Math.round(keptHeap))} MiB`,
  ],
  [
    'floor: fflate + csv-parse, rows discarded',
    `${fmt(discard.wallMs)} ms, ${rowsPerS(discard.result.rows, discard.wallMs)}`,
  ],
  [
    'readOneRosterCsv',
    `${fmt(ours.wallMs)} ms, ${rowsPerS(rows, ours.wallMs)}, retains ${fmt(Math.round(oursHeap))} MiB (${fmt(rows)} records, ${ours.result.issues.length} issues)`,
  ],
  ['ratio to rows-kept baseline', goal('', ours.wallMs / keep.wallMs, 1.5)],
  ['ratio to rows-discarded floor', `${fmt(ours.wallMs / discard.wallMs)}× (reference, no goal)`],
  [
    'CPU ms: kept / discarded / reader',
    `${fmt(Math.round(keep.cpuMs))} / ${fmt(Math.round(discard.cpuMs))} / ${fmt(Math.round(ours.cpuMs))} (reader ${fmt(ours.cpuMs / keep.cpuMs)}× kept, ${fmt(ours.cpuMs / discard.cpuMs)}× discarded; steadier than wall time on a busy machine)`,
  ],
  ['peak RSS (whole run)', `${fmt(peakRssMiB())} MiB`],
])
