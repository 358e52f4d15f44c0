/**
 * Clever pull at district scale through the loopback Clever server: `client.pull()` (transport,
 * wire validation, mapping) against a baseline measured in the same run that only fetches and
 * JSON-parses the same pages. Goal: the full pull costs at most 3× the bare fetch of its pages.
 */
import { createCleverClient } from '../src/providers/clever/index.js'
import { startMockCleverServer } from '../src/testing/clever-server/index.js'
import { generateDistrict } from '../src/testing/generate-district.js'
import { fmt, goal, measure, peakRssMiB, report } from './measure.js'

const STUDENTS = 20_000
const PAGE_SIZE = 10_000
const GOAL_RATIO = 3

const source = generateDistrict({ seed: 1, students: STUDENTS })
const server = await startMockCleverServer({ roster: source, rateLimit: 1_000_000 })
const resources = ['districts', 'schools', 'terms', 'courses', 'sections', 'users']

try {
  const baseline = await measure(async () => {
    let records = 0
    for (const resource of resources) {
      let next: string | undefined = `/v3.0/${resource}?limit=${PAGE_SIZE}`
      while (next !== undefined) {
        const response = await fetch(`${server.origin}${next}`, {
          headers: { authorization: `Bearer ${server.token}` },
        })
        const body = (await response.json()) as { data: unknown[]; links: { rel: string; uri: string }[] }
        records += body.data.length
        next = body.links.find((l) => l.rel === 'next')?.uri
      }
    }
    return records
  })

  const client = createCleverClient(
    { token: server.token },
    { baseUrl: server.baseUrl(), allowInsecureLoopback: true, pageSize: PAGE_SIZE },
  )
  const pull = await measure(() => client.pull())
  const roster = pull.result
  const ratio = pull.wallMs / baseline.wallMs

  report('Clever pull through the loopback server', [
    ['district', `${fmt(source.users.length)} users, ${fmt(source.enrollments.length)} enrollments`],
    ['baseline (fetch + JSON.parse)', `${fmt(baseline.wallMs)} ms wall for ${fmt(baseline.result)} wire records`],
    ['client.pull()', `${fmt(pull.wallMs)} ms wall, ${fmt(pull.cpuMs)} ms cpu`],
    ['pulled', `${fmt(roster.users.length)} users, ${fmt(roster.enrollments.length)} enrollments`],
    ['users / s', fmt(Math.round(roster.users.length / (pull.wallMs / 1000)))],
    ['peak RSS', `${fmt(peakRssMiB())} MiB`],
    ['goal', goal('pull vs bare fetch', ratio, GOAL_RATIO)],
  ])
  if (!roster.complete || roster.users.length !== source.users.length) {
    console.error('pull incomplete or lost users')
    process.exitCode = 1
  }
} finally {
  await server.close()
}
