import { afterEach, describe, expect, it } from 'vitest'
import { type HostRecord, planMerge } from '../../src/merge/index.js'
import type { AcademicSession } from '../../src/model/index.js'
import { createCleverClient } from '../../src/providers/clever/index.js'
import { generateDistrict, type MockCleverServer, startMockCleverServer } from '../../src/testing/index.js'

let server: MockCleverServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

/** The real fetch, with the dates of one term blanked in `/terms` answers (as a district may leave them). */
function blankingTermDates(termId: string): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init)
    const url = new URL(input instanceof Request ? input.url : String(input))
    if (!url.pathname.endsWith('/terms')) return response
    const body = (await response.json()) as { data: Array<{ data: Record<string, unknown> }> }
    for (const item of body.data) {
      if (item.data.id === termId) {
        item.data.start_date = null
        item.data.end_date = null
      }
    }
    return new Response(JSON.stringify(body), { status: response.status, headers: response.headers })
  }
}

describe('a Clever record the mapping cannot use is not taken for a deleted one', () => {
  it('a term without dates leaves academicSessions incomplete, so its host session is not archived', async () => {
    const district = generateDistrict({ seed: 4, students: 30 })
    server = await startMockCleverServer({ roster: district })
    const terms = server.roster().academicSessions
    const term = terms.find((t) => t.type !== 'schoolYear') ?? terms.at(-1)
    if (term === undefined) throw new Error('generated district has no terms')
    const client = createCleverClient(
      { token: server.token },
      {
        baseUrl: server.baseUrl(),
        allowInsecureLoopback: true,
        sleep: async () => {},
        fetch: blankingTermDates(term.sourcedId),
      },
    )
    const pulled = await client.pull({ collections: ['academicSessions'] })
    expect(pulled.academicSessions.some((s) => s.sourcedId === term.sourcedId)).toBe(false)
    expect(pulled.completeness.academicSessions?.complete).toBe(false)

    const existing: HostRecord<AcademicSession>[] = terms.map((t) => ({
      hostId: `H-${t.sourcedId}`,
      record: t,
      origin: { namespace: 'clever', createdBySource: true },
    }))
    const plan = planMerge({
      existing: { academicSessions: existing },
      incoming: pulled,
      policy: { namespace: 'clever', archiveThreshold: 1, entities: { academicSessions: { archive: true } } },
    })
    expect(plan.actions.academicSessions.filter((a) => a.kind === 'archive')).toEqual([])
  })
})
