/**
 * District generator at scale: the full size (≥ 100k users, ≥ 1M enrollments) against a baseline
 * ten times smaller measured in the same run. Goal: full size under 10 s.
 */
import { generateDistrict } from '../src/testing/generate-district.js'
import { fmt, goal, measure, peakRssMiB, report } from './measure.js'

const FULL_STUDENTS = 130_000
const GOAL_MS = 10_000

const baseline = await measure(() => generateDistrict({ seed: 1, students: FULL_STUDENTS / 10 }))
const baselineUsers = baseline.result.users.length
const baselineEnrollments = baseline.result.enrollments.length
baseline.result.users.length = 0
baseline.result.enrollments.length = 0
;(globalThis as { gc?: () => void }).gc?.()

const full = await measure(() => generateDistrict({ seed: 1, students: FULL_STUDENTS }))
const users = full.result.users.length
const enrollments = full.result.enrollments.length

report('generateDistrict', [
  ['baseline size', `${fmt(baselineUsers)} users, ${fmt(baselineEnrollments)} enrollments`],
  ['baseline time', `${fmt(baseline.wallMs)} ms wall, ${fmt(baseline.cpuMs)} ms cpu`],
  ['full size', `${fmt(users)} users, ${fmt(enrollments)} enrollments, ${fmt(full.result.classes.length)} classes`],
  ['full time', `${fmt(full.wallMs)} ms wall, ${fmt(full.cpuMs)} ms cpu`],
  ['scaling', `${fmt(full.wallMs / baseline.wallMs)}× the baseline time for 10× the records`],
  ['enrollments / s', fmt(Math.round(enrollments / (full.wallMs / 1000)))],
  ['peak RSS', `${fmt(peakRssMiB())} MiB`],
  ['goal', goal('full size', full.wallMs / 1000, GOAL_MS / 1000, ' s')],
])
if (users < 100_000 || enrollments < 1_000_000) {
  console.error(`full size too small: ${users} users, ${enrollments} enrollments`)
  process.exit(1)
}
