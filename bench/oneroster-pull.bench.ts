/**
 * OneRoster pull benchmark: a loopback server in a child process serves a generated district; this
 * process pulls users and enrollments through the client and, as the baseline, fetches the same
 * pages with raw `fetch` + `JSON.parse`. Prints records/s, client CPU against the baseline,
 * concurrency 4 against sequential with 20 ms per page, and peak RSS.
 */
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { createOneRosterClient } from '../src/providers/oneroster/index.js'
import { generateDistrict, startMockOneRosterServer } from '../src/testing/index.js'
import { fmt, goal, measure, peakRssMiB, report } from './measure.js'

const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 40_000)
const PAGE = 5000
// The latency run pages at the generic vendor default: concurrency exists to hide per-page latency,
// and a 5000-record page takes longer to parse and map than the 20 ms it waits for.
const LATENCY_PAGE = 500

if (process.env.BENCH_ROLE === 'server') {
  const roster = generateDistrict({ seed: 1, students: STUDENTS, guardiansPerStudent: 1, withDemographics: false })
  // Exit on SIGTERM, so a server run with --cpu-prof writes its profile.
  process.on('SIGTERM', () => process.exit(0))
  const latencyMs = Number(process.env.BENCH_LATENCY ?? 0)
  const server = await startMockOneRosterServer({
    version: '1.2',
    auth: { type: 'bearer', token: 't' },
    roster,
    maxPageSize: PAGE,
    immutableRecords: true,
    quirks: latencyMs > 0 ? { latencyMs } : {},
  })
  console.log(
    JSON.stringify({
      url: server.url,
      baseUrl: server.baseUrl,
      users: roster.users.length,
      enrollments: roster.enrollments.length,
    }),
  )
} else {
  const startServer = async (latencyMs: number) => {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1] as string], {
      env: { ...process.env, BENCH_ROLE: 'server', BENCH_LATENCY: String(latencyMs) },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve))
    return { ...(JSON.parse(line) as { url: string; baseUrl: string; users: number; enrollments: number }), child }
  }
  const clientOf = (url: string, concurrency: number, pageSize = PAGE) =>
    createOneRosterClient({
      baseUrl: url,
      version: '1.2',
      auth: { type: 'bearer', token: 't' },
      allowInsecureLoopback: true,
      pageSize,
      concurrency,
    })
  const rawFetchAll = async (baseUrl: string, path: string, key: string, total: number) => {
    let n = 0
    for (let offset = 0; offset < total; offset += PAGE) {
      const res = await fetch(`${baseUrl}/${path}?limit=${PAGE}&offset=${offset}`, {
        headers: { authorization: 'Bearer t' },
      })
      n += (JSON.parse(await res.text()) as Record<string, unknown[]>)[key]?.length ?? 0
    }
    return n
  }

  const fast = await startServer(0)
  const records = fast.users + fast.enrollments
  // Warm-up, so JIT and connection setup are not measured.
  await rawFetchAll(fast.baseUrl, 'users', 'users', PAGE)
  const baseline = await measure(async () => {
    await rawFetchAll(fast.baseUrl, 'users', 'users', fast.users)
    return rawFetchAll(fast.baseUrl, 'enrollments', 'enrollments', fast.enrollments)
  })
  const pulled = await measure(() => clientOf(fast.url, 4).pull({ collections: ['users', 'enrollments'] }))
  fast.child.kill()

  const slow = await startServer(20)
  const sequential = await measure(() => clientOf(slow.url, 1, LATENCY_PAGE).pull({ collections: ['users'] }))
  const parallel = await measure(() => clientOf(slow.url, 4, LATENCY_PAGE).pull({ collections: ['users'] }))
  slow.child.kill()

  report(`OneRoster 1.2 pull: ${fmt(fast.users)} users + ${fmt(fast.enrollments)} enrollments (pages of ${PAGE})`, [
    ['records/s (client pull)', records / (pulled.wallMs / 1000)],
    ['pull wall ms', pulled.wallMs],
    ['pull CPU ms (client process)', pulled.cpuMs],
    ['baseline CPU ms (raw fetch + JSON.parse)', baseline.cpuMs],
    ['client CPU vs baseline', goal('', pulled.cpuMs / baseline.cpuMs, 1.3)],
    ['complete', String(pulled.result.complete)],
    [`users wall ms, pages of ${LATENCY_PAGE}, 20 ms/page, sequential`, sequential.wallMs],
    [`users wall ms, pages of ${LATENCY_PAGE}, 20 ms/page, concurrency 4`, parallel.wallMs],
    ['concurrency 4 vs sequential', goal('', parallel.wallMs / sequential.wallMs, 0.3)],
    ['peak RSS MiB (client process)', peakRssMiB()],
  ])
}
