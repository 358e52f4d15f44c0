/**
 * Transport benchmark: paging a 100k-record listing over a loopback server with a small simulated
 * latency, through the paginator (sequential and prefetching) against a bare `fetch` loop measured
 * in the same run; and the cost of OAuth 1.0a signing per request.
 */
import { createOAuth1Auth } from '../src/auth/index.js'
import { createHttpClient, offsetLimitPages } from '../src/transport/index.js'
import { sendJson, startLoopbackServer } from '../test/helpers/loopback-server.js'
import { goal, measure, report } from './measure.js'

const RECORDS = 100_000
const PAGE = 1_000
const LATENCY_MS = 25
const data = Array.from({ length: RECORDS }, (_, i) => ({
  sourcedId: `user-${i}`,
  givenName: 'Ada',
  familyName: 'Lovelace',
  role: 'student',
}))
const server = await startLoopbackServer()
server.route('GET', '/ims/users', (req, res) => {
  const query = new URLSearchParams(req.url?.split('?')[1] ?? '')
  const offset = Number(query.get('offset') ?? 0)
  const limit = Number(query.get('limit') ?? PAGE)
  setTimeout(
    () => sendJson(res, 200, { users: data.slice(offset, offset + limit) }, { 'x-total-count': String(RECORDS) }),
    LATENCY_MS,
  )
})

try {
  const baseline = await measure(async () => {
    let n = 0
    for (let offset = 0; offset < RECORDS; offset += PAGE) {
      const res = await fetch(`${server.origin}/ims/users?limit=${PAGE}&offset=${offset}`)
      n += ((await res.json()) as { users: unknown[] }).users.length
    }
    return n
  })
  const run = (prefetch: boolean) =>
    measure(async () => {
      const http = createHttpClient({
        baseUrl: server.origin,
        provider: 'oneroster',
        allowInsecureLoopback: true,
        concurrency: 4,
      })
      const { items, completeness } = await http
        .paginate({
          path: '/ims/users',
          strategy: offsetLimitPages({ pageSize: PAGE, prefetch }),
          envelopeKey: 'users',
          select: (b) => (b as { users: unknown[] }).users,
          idOf: (u) => (u as { sourcedId: string }).sourcedId,
        })
        .collect()
      if (!completeness.complete || items.length !== RECORDS) throw new Error('incomplete pull in benchmark')
      return items.length
    })
  const sequential = await run(false)
  const prefetched = await run(true)

  const auth = createOAuth1Auth({ clientId: 'k', clientSecret: 's' })
  const SIGNS = 5_000
  const url = `https://sis.example/ims/oneroster/v1p1/users?filter=${encodeURIComponent("familyName='O''Brien' AND dateLastModified>='2024-01-01'")}&limit=100&offset=0`
  const signing = await measure(async () => {
    for (let i = 0; i < SIGNS; i++)
      await auth.authorize(new Request(url), {
        fetch,
        attempt: 1,
        provider: 'oneroster',
        allowInsecureLoopback: false,
        timeoutMs: 1,
      })
  })

  report(`paging ${RECORDS.toLocaleString('en-US')} records, ${PAGE}/page, ${LATENCY_MS} ms server latency`, [
    ['bare fetch loop (baseline)', `${baseline.wallMs.toFixed(0)} ms`],
    ['paginator, sequential', `${sequential.wallMs.toFixed(0)} ms`],
    ['paginator, prefetch ×4', `${prefetched.wallMs.toFixed(0)} ms`],
    [
      'sequential vs baseline',
      goal('overhead of retries, redaction, completeness', sequential.wallMs / baseline.wallMs, 1.3),
    ],
    ['prefetch vs baseline', goal('prefetch speed-up', prefetched.wallMs / baseline.wallMs, 0.6)],
  ])
  report(`OAuth 1.0a HMAC-SHA256 signing, ${SIGNS.toLocaleString('en-US')} requests`, [
    ['per request', `${((signing.wallMs / SIGNS) * 1000).toFixed(1)} µs`],
    ['share of one round trip', goal('', signing.wallMs / SIGNS / LATENCY_MS, 0.05)],
  ])
} finally {
  await server.close()
}
